"""Programs down in the window: a signed ``.ctrprog`` made with the issuing level's key,
and a parent's package stored at the unit with who issued and who signed it shown.

Both run off the UI thread through the window's runner (:mod:`ctrdesk.ui.operations`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.ui.keys import KeyDialog
from ctrdesk.ui.operations import operations_of

if TYPE_CHECKING:
    from ctrdesk.core.exchange.program_package import ProgramPackageImport
    from ctrdesk.core.store import Workspace


def export_signed(origin: QWidget, ws: Workspace, program_id: int, target: Path,
                  key: Any = None, done: Callable[[Path], None] | None = None) -> None:
    """Sign and save the program package; without ``key``, ask for it first (the key
    file or token, as for reports and packages sent upward)."""
    if key is None:
        dialog = KeyDialog(origin)
        dialog.setWindowTitle(_("Signing key of the issuing level"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: export_signed(
            origin, ws, program_id, target, dialog.form.take_key(), done))
        origin.setProperty("keyDialog", dialog)  # reachable while open (tests)
        dialog.open()
        return
    from ctrdesk.core.exchange.program_package import export_program_package
    from ctrdesk.core.files import write_whole

    def work(_progress: Callable[[float], None]) -> Path:
        write_whole(target, export_program_package(ws, program_id, key))
        return target

    operations_of(origin, ws).run(work, done, label=_("Signing the program package…"),
                                  origin=origin)


def issued_text(result: ProgramPackageImport) -> str:
    """Who issued and who signed a stored program package, its text from outside escaped."""
    text = _("Program {id} stored, issued by {issuer}, signed by {signer}.") if result.new \
        else _("Program {id} was already stored; this package was issued by {issuer}, "
               "signed by {signer}.")
    return text.format(id=result.program_id, issuer=shown(result.issuer),
                       signer=shown(result.signer))


def import_signed(window: QWidget, ws: Workspace, path: Path,
                  done: Callable[[ProgramPackageImport], None]) -> None:
    """Check and store a parent's program package; ``done`` gets what was stored."""
    from ctrdesk.core.exchange.program_package import import_program_package_checked

    def store(_progress: Callable[[float], None]) -> ProgramPackageImport:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CtrdeskError(_("{name} cannot be read: {error}").format(
                name=shown(path.name), error=exc.strerror or exc)) from exc
        return import_program_package_checked(ws, data, path.name)

    operations_of(window, ws).run(store, done, label=_("Storing the program…"))


def show_issued(parent: QWidget, result: ProgramPackageImport) -> QMessageBox:
    """Tell the user who issued the program just stored (plain text: names from outside)."""
    box = QMessageBox(QMessageBox.Icon.Information, "ctrdesk", issued_text(result),
                      parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("programIssuedBox")
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
