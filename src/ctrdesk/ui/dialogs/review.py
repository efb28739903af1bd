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

from ctrdesk.core.i18n import N_, _
from ctrdesk.core.importing.parsed import Node, ParsedProgram
from ctrdesk.core.importing.reading import SourceDocument
from ctrdesk.core.importing.thresholds import parse_threshold_cell
from ctrdesk.core.importing.timespec import parse_time
from ctrdesk.ui.models.program_tree import (
    KIND_LABELS,
    STATUS_COLORS,
    Path,
    ProgramTreeModel,
)

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
        if words:
            value.setToolTip(_from(words))
            source.setToolTip(words)
        grid.addWidget(QLabel(_(label), box), row // 2, (row % 2) * 3)
        grid.addWidget(value, row // 2, (row % 2) * 3 + 1)
        grid.addWidget(source, row // 2, (row % 2) * 3 + 2)
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
        for kind, label in KIND_LABELS.items():
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
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        for label, handler, shortcut in (
            (_("Move up"), self.move_up, "Ctrl+Up"),
            (_("Move down"), self.move_down, "Ctrl+Down"),
            (_("Indent"), self.indent, "Ctrl+Right"),
            (_("Outdent"), self.outdent, "Ctrl+Left"),
            (_("Merge with next"), self.merge_with_next, "Ctrl+M"),
            (_("Split at cursor"), self.split_at_cursor, "Ctrl+T"),
            (_("Delete"), self.delete_current, "Ctrl+Delete"),
        ):
            action = toolbar.addAction(label)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(handler)

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

    # -- edits (each one undoable) --
    def _change(self, label: str, edit: Callable[[list[Node]], Path | None]) -> bool:
        before = copy.deepcopy(self.program.items)
        after = copy.deepcopy(self.program.items)
        select = edit(after)
        if select is None:
            return False
        self.undo_stack.push(TreeChange(self, label, before, after, select))
        return True

    @staticmethod
    def _locate(items: list[Node], path: Path) -> tuple[list[Node], int]:
        siblings = items
        for row in path[:-1]:
            siblings = siblings[row].children
        return siblings, path[-1]

    def apply_fields(self) -> bool:
        path = self.current_path()
        if path is None:
            return False
        kind = self.kind_combo.currentData()
        number = self.number_edit.text().strip()
        text = " ".join(self.text_edit.toPlainText().split())
        names = [
            [n.strip() for n in edit.text().split(";") if n.strip()]
            for edit in (self.lead_edit, self.coordinating_edit, self.implementing_edit)
        ]
        time_text = self.time_edit.text().strip()
        threshold_text = self.threshold_edit.text().strip()
        threshold = parse_threshold_cell(threshold_text) if threshold_text else None
        if threshold_text and threshold is None:
            self.threshold_edit.setStyleSheet("background: #f8d7da")
            self.threshold_edit.setToolTip(_("Not a threshold: write e.g. 100%, > 90%, 60 - 80"))
            return False
        self.threshold_edit.setStyleSheet("")

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            node = siblings[row]
            node.kind, node.number = kind, number
            if node.title:
                node.title = text
            else:
                node.text = text
            node.lead, node.coordinating, node.implementing = names
            if not time_text:
                node.time = None
            elif node.time is None or node.time.text != time_text:
                when = self.program.header.date
                node.time = parse_time(time_text, when.year if when else None)
            if threshold is None:
                node.threshold = None
            elif node.threshold is None or node.threshold.describe() != threshold.describe():
                node.threshold = threshold
            return path

        return self._change(_("Edit item"), edit)

    def move_up(self) -> bool:
        path = self.current_path()
        if not path or path[-1] == 0:
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            siblings[row - 1], siblings[row] = siblings[row], siblings[row - 1]
            return (*path[:-1], row - 1)

        return self._change(_("Move up"), edit)

    def move_down(self) -> bool:
        path = self.current_path()
        if not path:
            return False
        siblings, row = self._locate(self.program.items, path)
        if row + 1 >= len(siblings):
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            siblings[row + 1], siblings[row] = siblings[row], siblings[row + 1]
            return (*path[:-1], row + 1)

        return self._change(_("Move down"), edit)

    def indent(self) -> bool:
        """Make the item the last child of the item above it."""
        path = self.current_path()
        if not path or path[-1] == 0:
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            node = siblings.pop(row)
            new_parent = siblings[row - 1]
            new_parent.children.append(node)
            return (*path[:-1], row - 1, len(new_parent.children) - 1)

        return self._change(_("Indent"), edit)

    def outdent(self) -> bool:
        """Make the item a sibling following its parent."""
        path = self.current_path()
        if not path or len(path) < 2:
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            node = siblings.pop(row)
            parent_siblings, parent_row = self._locate(items, path[:-1])
            parent_siblings.insert(parent_row + 1, node)
            return (*path[:-2], parent_row + 1)

        return self._change(_("Outdent"), edit)

    def merge_with_next(self) -> bool:
        """Join the next sibling's text, units and children into this item."""
        path = self.current_path()
        if not path:
            return False
        siblings, row = self._locate(self.program.items, path)
        if row + 1 >= len(siblings):
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            node, following = siblings[row], siblings.pop(row + 1)
            extra = " ".join(x for x in (following.title, following.text) if x)
            if node.title:
                node.title = f"{node.title} {extra}".strip()
            else:
                node.text = f"{node.text} {extra}".strip()
            node.lead += following.lead
            node.coordinating += following.coordinating
            node.implementing += following.implementing
            node.time = node.time or following.time
            node.threshold = node.threshold or following.threshold
            node.children += following.children
            node.lines = sorted(set(node.lines + following.lines))
            return path

        return self._change(_("Merge with next"), edit)

    def split_at_cursor(self) -> bool:
        """Split the item's text at the cursor of the text field into two siblings."""
        path = self.current_path()
        node = self.current_node()
        if path is None or node is None:
            return False
        position = self.text_edit.textCursor().position()
        text = self.text_edit.toPlainText()
        head, tail = text[:position].strip(), text[position:].strip()
        if not head or not tail:
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            first = siblings[row]
            second = Node(first.kind, lines=list(first.lines))
            if first.title:
                first.title, second.title = head, tail
            else:
                first.text, second.text = head, tail
            siblings.insert(row + 1, second)
            return (*path[:-1], row + 1)

        return self._change(_("Split"), edit)

    def delete_current(self) -> bool:
        path = self.current_path()
        if not path:
            return False

        def edit(items: list[Node]) -> Path:
            siblings, row = self._locate(items, path)
            siblings.pop(row)
            if siblings:
                return (*path[:-1], min(row, len(siblings) - 1))
            return path[:-1]

        return self._change(_("Delete"), edit)

    def reviewed_program(self) -> ParsedProgram:
        return self.program
