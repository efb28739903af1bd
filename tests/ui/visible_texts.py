"""Every text a user can see in a window or dialog, and a judge of whether it is English.

Collected: labels, buttons and their tooltips, group titles, placeholders, combo items,
tab titles, headers and cells of item views, menus and toolbar actions, window titles and
wizard page titles. Judged by two rules: a text that is the English source of a message the
Vietnamese catalog translates was shown untranslated; a text holding common English interface
words (not Vietnamese words without their marks) is English that no catalog covers.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

CATALOG = Path(__file__).resolve().parents[2] / "translations" / "vi" / "LC_MESSAGES" / \
    "ctrdesk.po"

# Common words of English user interfaces that are not Vietnamese words written without
# their marks ("an", "do", "in", "no", "to", "ban", "con" are Vietnamese and left out).
_ENGLISH_WORDS = """
about accept account accounts action actions add added all and apply archive are attach
back backup backups browse by cancel cannot certificate certificates check choose clear
close common committee confirm copy create current cut date day default delete derive
details directory document documents download draft edit empty error exit export failed
false file files filter finish folder for from help hide history import information is
issue issued item items key kind label library list load loading lock look member members
menu modified month name new next none nobody not of ok open option options or page paste
password period person please preview print program programs progress question quit
reading record records redo remove rename report reports restore role save search section
select settings show sign signed signature size status submission submissions target task
tasks term the this title token true type undo unit units unknown untitled update verify
view wait warning when with workspace yes your
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# Words that stay as they are in Vietnamese text: the app's name, file formats, standards.
_KEPT_WORDS = ("ctrdesk excel csv pdf docx xlsx txt pem crt cer der p12 pfx pkcs usb sqlite db "
               "ctrsub ctrprog ctrbak crl ca id url")
KEPT = frozenset(_KEPT_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")
_PATTERN = re.compile(r"\*\.\w+|\(\*\)")  # file-name patterns of a file dialog's filter
# A path or a file's name is the user's, not a word of the interface.
_PATH = re.compile(r"(?<!\S)(?:[A-Za-z]:|~)?[/\\]\S*|\S+\.[A-Za-z0-9]{2,7}\b")


def english_words(text: str) -> list[str]:
    """The English interface words in ``text`` (markup, mnemonics and patterns ignored)."""
    plain = _PATH.sub(" ", _PATTERN.sub(" ", _TAG.sub(" ", text).replace("&", "")))
    return [w for w in _WORD.findall(plain)
            if w.isascii() and w.lower() in ENGLISH and w.lower() not in KEPT]


@cache
def untranslated_sources() -> frozenset[str]:
    """The English sources the Vietnamese catalog translates (shown as they are: a leak)."""
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    out = set()
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string \
                and message.string != message.id:
            out.add(message.id.replace("&", ""))
    return frozenset(out)


# Periods stored as codes ("2026-Q3", "Q1", "2026-H1") are written "Quý III/2026" on screen.
_PERIOD_CODE = re.compile(r"(?<![\w/])(?:\d{4}-)?(?:Q[1-4]|H[12])(?![\w/])")


def judge(where: str, text: str) -> str | None:
    """Why ``text`` is not Vietnamese, or None when it is."""
    text = text.strip()
    if not text:
        return None
    if _PERIOD_CODE.search(_PATH.sub(" ", text)):
        return f"{where}: {text!r} shows a period as a code"
    if text.replace("&", "") in untranslated_sources():
        return f"{where}: {text!r} is the catalog's English source, shown untranslated"
    words = english_words(text)
    if words:
        return f"{where}: {text!r} has English words {words}"
    return None


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list widget's model keeps it private: one column
        return 1


def _view_texts(view: QAbstractItemView, rows: int = 40) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out = []
    top = QModelIndex()
    for section in range(_columns(model, top)):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                out.append(value)
    stack = [(model.index(r, 0, top), 0) for r in range(min(rows, model.rowCount(top)))]
    seen = 0
    while stack and seen < rows * 4:
        index, depth = stack.pop()
        seen += 1
        for column in range(_columns(model, index.parent())):
            cell = index.siblingAtColumn(column)
            value = cell.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                out.append(value)
        if depth < 3:
            stack.extend((model.index(r, 0, index), depth + 1)
                         for r in range(min(rows, model.rowCount(index))))
    return out


def _actions_texts(actions, seen: set[int]) -> list[str]:
    out = []
    for action in actions:
        if action.isSeparator() or id(action) in seen:
            continue
        seen.add(id(action))
        out += [action.text().split("\t")[0], action.toolTip(), action.statusTip()]
        menu = action.menu()
        if isinstance(menu, QMenu):
            out.append(menu.title())
            out += _actions_texts(menu.actions(), seen)
    return out


def widget_texts(widget: QWidget) -> list[str]:
    """What one widget shows of itself."""
    out = [widget.toolTip(), widget.whatsThis()]
    if widget.isWindow():
        out.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton):
        out.append(widget.text())
    elif isinstance(widget, QGroupBox):
        out.append(widget.title())
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        out.append(widget.placeholderText())
    elif isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    elif isinstance(widget, QTabWidget):
        out += [widget.tabText(i) for i in range(widget.count())]
        out += [widget.tabToolTip(i) for i in range(widget.count())]
    elif isinstance(widget, QHeaderView):
        pass  # its view reads the headers
    elif isinstance(widget, QAbstractItemView):
        # A file dialog's list is the disk's file names; its headers are Qt's words.
        out += _view_texts(widget, rows=0 if isinstance(widget.window(), QFileDialog) else 40)
    elif isinstance(widget, QWizard):
        for page_id in widget.pageIds():
            page = widget.page(page_id)
            out += [page.title(), page.subTitle()]
        out += [widget.buttonText(b) for b in (
            QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)]
    return out


def visible_texts(root: QWidget, where: str) -> list[tuple[str, str]]:
    """Every text ``root`` and its visible descendants show, with where it was seen."""
    out: list[tuple[str, str]] = []
    seen_actions: set[int] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = widget.objectName() or type(widget).__name__
        out += [(f"{where} › {name}", t) for t in widget_texts(widget) if t]
        actions = widget.actions()
        if isinstance(widget, QMainWindow):
            actions = [*actions, *widget.menuBar().actions()]
        out += [(f"{where} › {name} (action)", t)
                for t in _actions_texts(actions, seen_actions) if t]
    return out
