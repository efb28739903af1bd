"""Questions asked before an action that cannot be taken back: discarding a filled form,
giving a document its number, deriving a unit program a second time. Each is a window-
modal box opened (never a nested event loop), answered through callbacks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ctrdesk.core.i18n import _


def ask(parent: QWidget, text: str, choices: Sequence[tuple[str, Callable[[], object]]], *,
        name: str, cancel: str | None = None, informative: str = "") -> QMessageBox:
    """A question with one button per choice and Cancel (Esc); a choice runs its action."""
    box = QMessageBox(QMessageBox.Icon.Question, "ctrdesk", text, parent=parent)
    box.setObjectName(name)
    if informative:
        box.setInformativeText(informative)
    buttons: list[tuple[QPushButton, Callable[[], object]]] = []
    for label, action in choices:
        buttons.append((box.addButton(label, QMessageBox.ButtonRole.AcceptRole), action))
    back = box.addButton(cancel or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(back)
    box.setDefaultButton(back)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        for button, action in buttons:
            if clicked is button:
                action()

    box.finished.connect(answered)
    parent.setProperty("confirmation", box)  # tests find the open question here
    box.open()
    return box


def confirm_discard(form: QWidget, discard: Callable[[], object]) -> QMessageBox:
    return ask(form, _("Discard what was typed in this form?"),
               [(_("Discard"), discard)], name="discardBox", cancel=_("Keep editing"))


def confirm_issue(parent: QWidget, number: str, issue: Callable[[], object]) -> QMessageBox:
    return ask(parent, _("Issue the document as number {number}?").format(number=number),
               [(_("Issue as {number}").format(number=number), issue)], name="issueBox",
               informative=_("A number once given is not given again: the document can "
                             "then only be corrected by a new one."))


def confirm_derive_again(parent: QWidget, message: str, open_it: Callable[[], object],
                         again: Callable[[], object]) -> QMessageBox:
    return ask(parent, message, [(_("Open it"), open_it), (_("Derive a new one"), again)],
               name="alreadyDerivedBox")


def confirm_other_signer(parent: QWidget, warning: str,
                         sign: Callable[[], object]) -> QMessageBox:
    return ask(parent, warning, [(_("Sign anyway"), sign)], name="otherSignerBox",
               cancel=_("Do not sign"),
               informative=_("Sign only if this person really signs for the one named in "
                             "the block (a deputy signing in the secretary's place). "
                             "Otherwise choose the signatory's own key."))
