"""The import review screen: the source text beside the parsed tree, every field editable.

Nothing is stored until the user accepts. Every change is an undoable command; a command
keeps the tree as it was before and after (a program is a few hundred nodes, so a copy
is cheap and an undo is always exact).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import (
    QBrush,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import N_, _
from ctrdesk.core.importing import review_edits
from ctrdesk.core.importing.parsed import Node, ParsedProgram
from ctrdesk.core.importing.reading import SourceDocument
from ctrdesk.core.importing.review_edits import Edited, ItemFields, Path, unit_names
from ctrdesk.core.vocabulary import PARSED_KIND_LABELS
from ctrdesk.ui.icons import style_toolbar, tool_icon
from ctrdesk.ui.models.program_tree import STATUS_COLORS, ProgramTreeModel

HEADER_FIELDS = (
    ("number", N_("Number:")),
    ("date", N_("Date:")),
    ("place", N_("Place:")),
    ("doc_type", N_("Document type:")),
    ("issuer", N_("Issuing committee:")),
    ("superior", N_("Superior body:")),
    ("signature", N_("Signature:")),
    ("recipients", N_("Recipients:")),
)


def _from(words: str) -> str:
    """The "from: …" line shown beside a recovered field."""
    return _("from: {words}").format(words=" / ".join(words.split("\n"))) if words else ""


def header_values(program: ParsedProgram) -> dict[str, str]:
    """What the parser recovered for each header field, as shown for review."""
    header, signature = program.header, program.signature
    return {
        "number": header.number or "",
        "date": header.date.strftime("%d/%m/%Y") if header.date else "",
        "place": header.place or "",
        "doc_type": " ".join(x for x in (header.doc_type, header.summary) if x),
        "issuer": header.issuer or "",
        "superior": header.superior or "",
        "signature": " — ".join(x for x in (signature.authority, signature.position,
                                             signature.name) if x) if signature else "",
        "recipients": "; ".join(program.recipients),
    }


def header_box(program: ParsedProgram, parent: QWidget) -> QGroupBox:
    """The recovered header, each field with the source words that gave it."""
    box = QGroupBox(_("Document header (as read)"), parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(4, 4, 4, 4)
    values = header_values(program)
    for row, (key, label) in enumerate(HEADER_FIELDS):
        camel = "".join(part.title() for part in key.split("_"))
        value = QLineEdit(values[key], box)
        value.setObjectName(f"header{camel}Edit")
        value.setReadOnly(True)
        words = program.header.sources.get(key, "")
        source = QLabel(_from(words), box)
        source.setObjectName(f"header{camel}Source")
        source.setStyleSheet("color: #666")
        # The value keeps a readable width; the source words wrap beside it instead.
        value.setMinimumWidth(150)
        source.setWordWrap(True)
        if words:
            value.setToolTip(_from(words))
            source.setToolTip(words)
        grid.addWidget(QLabel(_(label), box), row // 2, (row % 2) * 3)
        grid.addWidget(value, row // 2, (row % 2) * 3 + 1)
        grid.addWidget(source, row // 2, (row % 2) * 3 + 2)
    for column in (1, 2, 4, 5):
        grid.setColumnStretch(column, 1)
    return box


def item_sources(node: Node) -> dict[str, str]:
    """The words each of an item's recovered fields was read from."""
    return {
        "time": node.time.text if node.time else "",
        "threshold": node.threshold.text if node.threshold else "",
        "units": node.units_text,
    }


class TreeChange(QUndoCommand):
    """One edit of the reviewed tree: the whole tree before and after it."""

    def __init__(self, dialog: ReviewDialog, label: str, before: list[Node],
                 after: list[Node], select: Path):
        super().__init__(label)
        self.dialog = dialog
        self.before, self.after, self.select = before, after, select

    def redo(self) -> None:
        self.dialog.show_tree(copy.deepcopy(self.after), self.select)

    def undo(self) -> None:
        self.dialog.show_tree(copy.deepcopy(self.before), self.select)


class ReviewDialog(QDialog):
    """Review and correct a parsed program; ``accepted`` means: store this tree."""

    def __init__(self, source: SourceDocument, program: ParsedProgram,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(_("Review the imported program — {name}").format(
            name=source.filename))
        from ctrdesk.ui.fit import fit_to_screen

        fit_to_screen(self, 1300, 800)
        self.source = source
        self.program = program
        self.undo_stack = QUndoStack(self)
        self._loading = False

        self.source_view = QPlainTextEdit(self)
        self.source_view.setObjectName("sourceView")
        self.source_view.setReadOnly(True)
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source_view.setPlainText("\n".join(program.source_lines))
        self._mark_lines()

        self.model = ProgramTreeModel(program.items, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("programTree")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 70)
        self.tree.setColumnWidth(2, 420)
        self.tree.expandToDepth(1)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for kind, label in PARSED_KIND_LABELS.items():
            self.kind_combo.addItem(_(label), kind)
        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("numberEdit")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("textEdit")
        self.text_edit.setMaximumHeight(110)
        self.lead_edit = QLineEdit(self)
        self.lead_edit.setObjectName("leadEdit")
        self.coordinating_edit = QLineEdit(self)
        self.coordinating_edit.setObjectName("coordinatingEdit")
        self.implementing_edit = QLineEdit(self)
        self.implementing_edit.setObjectName("implementingEdit")
        self.time_edit = QLineEdit(self)
        self.time_edit.setObjectName("timeEdit")
        self.threshold_edit = QLineEdit(self)
        self.threshold_edit.setObjectName("thresholdEdit")
        self.threshold_edit.setPlaceholderText("100%, > 90%, ≥ 99%, 60 - 80")
        self.apply_button = QPushButton(_("Apply changes to the item"), self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.apply_fields)
        form = QFormLayout()
        form.addRow(_("Kind:"), self.kind_combo)
        form.addRow(_("Number:"), self.number_edit)
        form.addRow(_("Text:"), self.text_edit)
        form.addRow(_("Lead units (; between):"), self.lead_edit)
        form.addRow(_("Coordinating units:"), self.coordinating_edit)
        form.addRow(_("Implementing units:"), self.implementing_edit)
        form.addRow(_("Time:"), self.time_edit)
        form.addRow(_("Target threshold:"), self.threshold_edit)
        self.item_source_label = QLabel(self)
        self.item_source_label.setObjectName("itemSourceLabel")
        self.item_source_label.setWordWrap(True)
        self.item_source_label.setStyleSheet("color: #666")
        form.addRow(_("Read from:"), self.item_source_label)
        form.addRow("", self.apply_button)

        toolbar = QToolBar(self)
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        style_toolbar(toolbar)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        tool_icon(self.undo_action, "undo")
        tool_icon(self.redo_action, "redo")
        toolbar.addSeparator()
        for label, handler, shortcut, icon_name in (
            (_("Move up"), self.move_up, "Ctrl+Up", "move-up"),
            (_("Move down"), self.move_down, "Ctrl+Down", "move-down"),
            (_("Indent"), self.indent, "Ctrl+Right", "indent"),
            (_("Outdent"), self.outdent, "Ctrl+Left", "outdent"),
            (_("Merge with next"), self.merge_with_next, "Ctrl+M", "merge"),
            (_("Split at cursor"), self.split_at_cursor, "Ctrl+T", "split"),
            (_("Delete"), self.delete_current, "Ctrl+Delete", "delete"),
        ):
            action = toolbar.addAction(label)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(handler)
            tool_icon(action, icon_name)

        legend = QLabel(_("Source lines: green = understood, yellow = kept as a paragraph, "
                          "grey = set aside (page numbers, decorations), red = not placed."),
                        self)
        legend.setWordWrap(True)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(_("Source document"), self))
        left_layout.addWidget(self.source_view)
        left_layout.addWidget(legend)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(header_box(program, self))
        right_layout.addWidget(toolbar)
        right_layout.addWidget(self.tree, 3)
        right_layout.addLayout(form, 2)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([450, 850])

        header = program.header
        summary = QLabel(
            _("{type} {summary} — {count} items. Nothing is stored until you accept.").format(
                type=header.doc_type or _("(no document type)"), summary=header.summary or "",
                count=sum(1 for _n in program.walk())),
            self,
        )
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.accept_button = buttons.addButton(_("Accept and store"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("acceptButton")
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        if self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(0, 0))

    # -- source marking --
    def _mark_lines(self) -> None:
        status = self.program.line_status()
        selections = []
        document = self.source_view.document()
        for number, raw in enumerate(self.program.source_lines, start=1):
            if not raw.strip():
                continue
            block = document.findBlockByNumber(number - 1)
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(STATUS_COLORS[status.get(number)]))
            fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
            selection.format = fmt
            cursor = QTextCursor(block)
            selection.cursor = cursor
            selections.append(selection)
        self._line_marks = selections
        self.source_view.setExtraSelections(selections)

    def _show_source_of(self, node: Node) -> None:
        if not node.lines:
            return
        block = self.source_view.document().findBlockByNumber(min(node.lines) - 1)
        cursor = QTextCursor(block)
        self.source_view.setTextCursor(cursor)
        self.source_view.centerCursor()

    # -- selection and fields --
    def current_path(self) -> Path | None:
        index = self.tree.currentIndex()
        return self.model.path_of(index) if index.isValid() else None

    def current_node(self) -> Node | None:
        return self.model.node(self.tree.currentIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current)
        if node is None:
            return
        self._loading = True
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(node.kind)))
        self.number_edit.setText(node.number)
        self.text_edit.setPlainText(node.title or node.text)
        self.lead_edit.setText("; ".join(node.lead))
        self.coordinating_edit.setText("; ".join(node.coordinating))
        self.implementing_edit.setText("; ".join(node.implementing))
        self.time_edit.setText(node.time.text if node.time else "")
        self.threshold_edit.setText(node.threshold.describe() if node.threshold else "")
        sources = item_sources(node)
        self.time_edit.setToolTip(_from(sources["time"]))
        self.threshold_edit.setToolTip(_from(sources["threshold"]))
        for edit in (self.lead_edit, self.coordinating_edit, self.implementing_edit):
            edit.setToolTip(_from(sources["units"]))
        labels = {"time": _("time"), "threshold": _("target"), "units": _("units")}
        self.item_source_label.setText("\n".join(
            f"{labels[key]}: «{words}»" for key, words in sources.items() if words))
        self._loading = False
        self._show_source_of(node)

    def show_tree(self, items: list[Node], select: Path) -> None:
        expanded = self.tree.isExpanded(self.model.index_of(select[:1])) if select else True
        self.program.items = items
        self.model.set_items(items)
        self.tree.expandToDepth(1)
        index = self.model.index_of(select)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            if expanded:
                self.tree.expand(index.parent())

    # -- edits (each one undoable; the core decides, the dialog shows) --
    def _change(self, label: str, edited: Edited | None) -> bool:
        if edited is None:
            return False
        before = copy.deepcopy(self.program.items)
        self.undo_stack.push(TreeChange(self, label, before, edited.items, edited.select))
        return True

    def _edit(self, label: str, edit: Callable[[list[Node], Path], Edited | None]) -> bool:
        path = self.current_path()
        return path is not None and self._change(label, edit(self.program.items, path))

    def apply_fields(self) -> bool:
        path = self.current_path()
        if path is None:
            return False
        fields = ItemFields(
            kind=self.kind_combo.currentData(),
            number=self.number_edit.text(),
            text=self.text_edit.toPlainText(),
            lead=unit_names(self.lead_edit.text()),
            coordinating=unit_names(self.coordinating_edit.text()),
            implementing=unit_names(self.implementing_edit.text()),
            time=self.time_edit.text(),
            threshold=self.threshold_edit.text(),
        )
        when = self.program.header.date
        try:
            edited = review_edits.edit_item(self.program.items, path, fields,
                                            when.year if when else None)
        except ValidationError as refused:
            if refused.field == "threshold":
                self.threshold_edit.setStyleSheet("background: #f8d7da")
                self.threshold_edit.setToolTip(refused.message)
            return False
        self.threshold_edit.setStyleSheet("")
        return self._change(_("Edit item"), edited)

    def move_up(self) -> bool:
        return self._edit(_("Move up"), review_edits.move_up)

    def move_down(self) -> bool:
        return self._edit(_("Move down"), review_edits.move_down)

    def indent(self) -> bool:
        """Make the item the last child of the item above it."""
        return self._edit(_("Indent"), review_edits.indent)

    def outdent(self) -> bool:
        """Make the item a sibling following its parent."""
        return self._edit(_("Outdent"), review_edits.outdent)

    def merge_with_next(self) -> bool:
        """Join the next sibling's text, units and children into this item."""
        return self._edit(_("Merge with next"), review_edits.merge_with_next)

    def split_at_cursor(self) -> bool:
        """Split the item's text at the cursor of the text field into two siblings."""
        text = self.text_edit.toPlainText()
        position = self.text_edit.textCursor().position()
        return self._edit(_("Split"), lambda items, path: review_edits.split(
            items, path, text, position))

    def delete_current(self) -> bool:
        return self._edit(_("Delete"), review_edits.delete)

    def reviewed_program(self) -> ParsedProgram:
        return self.program
