"""Turn the text of a Party program into a program tree.

The parser works in three passes over the source lines, each keeping the line numbers
so the review screen can show what was understood:

1. **clean** (:mod:`ctrdesk.core.importing.lines`): NFC, leftover markup (``*``, ``**``,
   ``<i>``) removed, stray page numbers and decorations set aside (never silently dropped);
2. **blocks**: lines are joined into logical paragraphs, rejoining sentences and words
   that a page break split across blank lines; tab-separated lines are table rows;
3. **tree**: each block is classified (section, numbered item, lettered item, bullet,
   label line, table row, signature, recipients) and placed under the node it belongs
   to. What cannot be classified stays in place as a plain paragraph.

It never raises on odd input: the worst case is a tree of paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ctrdesk.core.importing.frame import (
    is_preamble_bullet,
    parse_header,
    program_kind,
    take_signature_and_recipients,
)
from ctrdesk.core.importing.lines import (
    APPENDIX,
    ARTICLE,
    BULLET,
    CLOSE,
    LETTERED,
    MEETING,
    MONTH_MEETING,
    NUMBERED,
    PAREN,
    PART,
    RECIPIENTS,
    ROMAN_SECTION,
    SIGNATURE,
    TARGET_CONTEXT,
    TERMINAL,
    Line,
    clean_lines,
    fold,
    is_upper,
    label_of,
    numbered_ok,
    structural,
)
from ctrdesk.core.importing.parsed import (
    Header,
    IgnoredLine,
    Node,
    ParsedProgram,
)
from ctrdesk.core.importing.thresholds import (
    find_thresholds,
    parse_threshold_cell,
)
from ctrdesk.core.importing.timespec import TimeSpec, find_milestone, parse_time
from ctrdesk.core.importing.unitlists import parse_unit_roles, roles_in_sentence, split_units

# --- pass 2: blocks ---------------------------------------------------------------------


@dataclass
class Block:
    lines: list[int]
    text: str
    cells: list[str] | None = None

    @property
    def first_line(self) -> int:
        return self.lines[0]


def _joins(first: str, last: str, cells: list[str] | None, line: Line) -> bool:
    """Is ``line`` the rest of a block (first and last line given), split by a page break?

    Only the block's first and last lines are looked at, so building stays linear.
    """
    if cells is not None or line.cells is not None or structural(line.text):
        return False
    if SIGNATURE.match(first) or RECIPIENTS.match(fold(first[:12])):
        return False
    if is_upper(last) and not is_upper(line.text):
        return False  # a heading is not continued by body text
    if PART.match(first) and len(first) < 16 and is_upper(line.text):
        return True  # "Chương I" and its title on the next line
    if is_upper(line.text) and not is_upper(last) and len(line.text) < 80:
        return False  # nor does body text run on into a heading ("… QUYẾT ĐỊNH:")
    start = line.text[0]
    if start.islower() or start in ",;)":
        return True
    return last[-1] not in TERMINAL and not last.endswith("./.")


def build_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    parts: list[list[str]] = []
    for line in lines:
        if not line.text:
            continue
        if blocks:
            block = blocks[-1]
            if _joins(parts[-1][0], parts[-1][-1], block.cells, line):
                parts[-1].append(line.text)
                block.lines.append(line.number)
                continue
        blocks.append(Block([line.number], line.text, line.cells))
        parts.append([line.text])
    for block, texts in zip(blocks, parts, strict=True):
        block.text = " ".join(texts)
    return blocks


# --- pass 3: the tree -------------------------------------------------------------------


class _Builder:
    def __init__(self, program: ParsedProgram):
        self.program = program
        self.roots: list[Node] = []
        self.stack: list[tuple[int, Node]] = []  # (level, node)
        self.table: _TableState | None = None
        self.timed_by_label: set[int] = set()
        self.style: dict[int, str] = {}  # id(node) -> part, roman, article, decimal, letter…
        self.rows: set[int] = set()  # id(node) of table rows
        self.group_rows: set[int] = set()  # rows numbered I, II… that hold the rows below
        when = program.header.date
        self.year: int | None = when.year if when else None

    # -- placing nodes --
    def close_to(self, level: int) -> None:
        """Close the open elements at ``level`` and deeper (before deciding a new one's kind)."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()

    def place(self, node: Node, level: int) -> None:
        self.close_to(level)
        if self.stack:
            self.stack[-1][1].children.append(node)
        else:
            self.roots.append(node)
        self.stack.append((level, node))
        self.program.understood.update(node.lines)

    def top(self) -> tuple[int, Node] | None:
        return self.stack[-1] if self.stack else None

    def base_level(self) -> int:
        """The level that numbered items count from: the nearest section, part, appendix
        or article ("Điều 3." holds clauses "1.", "2.")."""
        for level, node in reversed(self.stack):
            if node.kind in ("section", "appendix") or self.style.get(id(node)) == "article":
                return level
        return 1

    def sub_level(self, style: str) -> int:
        """Where an "a)", "(1)" or "1)" goes: beside the last one of its style, else under
        the nearest numbered element."""
        for level, node in reversed(self.stack):
            own = self.style.get(id(node))
            if own == style:
                return level
            if own in ("decimal", "article", "roman", "part") or node.kind in (
                    "section", "appendix", "meeting"):
                return level + 1
        return self.numbered_level() + 1

    def owner(self) -> Node | None:
        """The nearest numbered item (or section): what a label line describes."""
        for _level, node in reversed(self.stack):
            if node.kind in ("item", "target", "meeting", "section", "appendix") and (
                node.number or node.kind in ("section", "appendix")
            ):
                return node
        return None

    def numbered_level(self) -> int:
        for level, node in reversed(self.stack):
            if node.number and node.kind != "agenda":
                return level
        return 1

    def in_target_context(self) -> bool:
        return any(
            TARGET_CONTEXT.search(fold(node.title)) for _level, node in self.stack
        )

    def in_meeting_section(self) -> bool:
        return any(
            node.kind == "section" and re.search(r"hoi nghi|chuong trinh lam viec|lich hop",
                                                 fold(node.title))
            for _level, node in self.stack
        )

    # -- blocks --
    def add(self, block: Block) -> None:
        if block.cells is not None:
            self.add_row(block)
            return
        self.table = None
        text = block.text
        folded = fold(text)
        appendix = APPENDIX.match(folded)
        if appendix and is_upper(text[:8]):
            number = text[: len("PHỤ LỤC")].upper()
            if appendix.group(1):
                number = f"{number} {appendix.group(1).upper()}"
            rest = text[len(number):].strip(" .:-")
            self.stack.clear()
            self.place(Node("appendix", number=number, title=rest, lines=block.lines), 1)
            return
        part = PART.match(text)
        if part:
            self.stack = [(lvl, n) for lvl, n in self.stack if n.kind == "appendix"]
            level = 2 if self.stack else 1
            node = Node("section", number=part.group(1), title=part.group(2),
                        lines=block.lines)
            self.style[id(node)] = "part"
            self.place(node, level)
            return
        section = ROMAN_SECTION.match(text)
        if section and is_upper(section.group(2)[:30]):
            self.stack = [(lvl, n) for lvl, n in self.stack
                          if n.kind == "appendix" or self.style.get(id(n)) == "part"]
            level = self.stack[-1][0] + 1 if self.stack else 1
            node = Node("section", number=section.group(1), title=section.group(2),
                        lines=block.lines)
            self.style[id(node)] = "roman"
            self.place(node, level)
            return
        article = ARTICLE.match(text)
        if article:
            level = 1
            for lvl, node in reversed(self.stack):
                if node.kind in ("section", "appendix"):
                    level = lvl + 1
                    break
            self.close_to(level)
            node = self._content_node(article.group(1), article.group(2), block)
            self.style[id(node)] = "article"
            self.place(node, level)
            return
        label = label_of(text)
        if label:
            self.add_label(label, block)
            return
        bullet = BULLET.match(text)
        if bullet:
            inner = bullet.group(2)
            label = label_of(inner)
            if label:
                self.add_label(label, block)
                return
            self.add_bullet(bullet.group(1), inner, block)
            return
        for pattern, style in ((PAREN, "paren"), (CLOSE, "close"), (LETTERED, "letter")):
            sub = pattern.match(text)
            if sub:
                level = self.sub_level(style)
                self.close_to(level)
                node = self._content_node(sub.group(1), sub.group(2), block)
                self.style[id(node)] = style
                self.place(node, level)
                return
        numbered = NUMBERED.match(text)
        if numbered and numbered_ok(numbered):
            self.add_numbered(numbered.group(1), numbered.group(3), block)
            return
        self.add_paragraph(block)

    def _content_node(self, number: str, text: str, block: Block, title: bool = True) -> Node:
        kind = "target" if self.in_target_context() else "item"
        node = Node(kind, number=number, lines=list(block.lines))
        if title:
            node.title = text
        else:
            node.text = text
        if kind == "target":
            self._set_thresholds(node, text)
        else:
            milestone = find_milestone(text, self.year)
            if milestone:
                node.time = milestone
            roles = roles_in_sentence(text) if "chủ trì" in text.lower() else None
            if roles:  # "Ủy ban Kiểm tra chủ trì, phối hợp với Văn phòng … giám sát …"
                node.lead, node.coordinating = roles.lead, roles.coordinating
                node.units_text = text
        return node

    def _set_thresholds(self, node: Node, text: str) -> None:
        found = find_thresholds(text)
        if len(found) == 1:
            node.threshold = found[0]
        elif len(found) > 1:
            for threshold in found:
                node.children.append(Node("target", text=threshold.text, threshold=threshold,
                                          lines=list(node.lines)))

    def add_numbered(self, number: str, rest: str, block: Block) -> None:
        depth = number.count(".") + 1
        level = self.base_level() + depth
        self.close_to(level)
        folded = fold(rest)
        month = MONTH_MEETING.match(folded)
        if month or (MEETING.match(folded) and (self.in_meeting_section() or "thang" in folded)):
            # "1. Hội nghị thường kỳ tháng 01/2026" and a branch's "1. Tháng 01/2026: …"
            node = Node("meeting", number=number, title=rest, lines=list(block.lines))
            node.time = _meeting_time(rest[: month.end()] if month else rest, self.year)
            self.style[id(node)] = "decimal"
            self.place(node, level)
            return
        node = self._content_node(number, rest, block)
        self.style[id(node)] = "decimal"
        self.place(node, level)

    def add_bullet(self, mark: str, text: str, block: Block) -> None:
        parent_level = self.numbered_level()
        level = parent_level + 1
        top = self.top()
        # "+" bullets nest under "-" bullets; bullets of one kind are siblings.
        if mark == "+" and top and top[1].kind != "paragraph" and not top[1].number \
                and top[0] > parent_level:
            level = top[0] + 1
        self.close_to(level)
        node = self._content_node("", text, block, title=False)
        self.place(node, level)

    def add_label(self, label: tuple[str, str], block: Block) -> None:
        role, value = label
        owner = self.owner()
        if owner is None:
            self.add_paragraph(block)
            return
        self.program.understood.update(block.lines)
        owner.lines.extend(block.lines)
        if role in ("implementing", "advising", "lead", "coordinating"):
            owner.units_text = f"{owner.units_text}; {value}".strip("; ") if owner.units_text \
                else value
            if role == "lead":
                owner.lead.extend(split_units(value))
            elif role == "coordinating":
                owner.coordinating.extend(split_units(value))
            else:
                owner.units_label = role
                roles = parse_unit_roles(value)
                owner.lead.extend(roles.lead)
                owner.coordinating.extend(roles.coordinating)
                owner.implementing.extend(roles.implementing)
        elif role == "time" and id(owner) not in self.timed_by_label:
            # A labelled time wins over a milestone read from the item's own sentence.
            if owner.time is not None:
                owner.extra.append(owner.time.text)
            owner.time = parse_time(value, self.year)
            self.timed_by_label.add(id(owner))
        elif role == "content" and owner.kind == "meeting" and not owner.text:
            owner.text = value
            owner.children.extend(_agenda(value, block.lines))
        else:
            owner.extra.append(block.text)

    def add_paragraph(self, block: Block) -> None:
        node = Node("paragraph", text=block.text, lines=list(block.lines))
        top = self.top()
        if top is None:
            self.roots.append(node)
            return
        # A paragraph belongs to the innermost open element, at the level below it.
        top[1].children.append(node)

    # -- tables --
    def add_row(self, block: Block) -> None:
        cells = block.cells or []
        if self.table and self.table.is_header(cells):
            self.program.ignored.append(IgnoredLine(block.first_line, block.text,
                                                    "repeated_header"))
            return
        # A header row opens a table, also right after another table (a targets
        # appendix followed by a tasks appendix): its columns are not the open table's.
        state = _TableState.from_header(cells)
        if self.table is None or self.table.header is None or state:
            if state:
                self.table = state
                self.program.understood.update(block.lines)
                header = " | ".join(c for c in cells if c)
                if self.stack:  # the column titles stay with the table's owner
                    self.stack[-1][1].extra.append(header)
                else:
                    self.program.ignored.append(IgnoredLine(block.first_line, header,
                                                            "table_header"))
                return
            self.table = _TableState(None, {})
        self.table.add_row(self, cells, block)


def _meeting_time(title: str, year: int | None = None) -> TimeSpec | None:
    spec = parse_time(title, year)
    return spec if spec and spec.kind != "other" else None


_AGENDA = re.compile(r"\((\d{1,2})\)\s*")
_SUB_AGENDA = re.compile(r"(?:(?<=^)|(?<=[\s:;]))(\d{1,2})\)\s+")


def _agenda(content: str, lines: list[int]) -> list[Node]:
    """'(1) …; (2) … gồm: 1) …; 2) …' -> agenda items with sub-items."""
    marks = list(_AGENDA.finditer(content))
    items: list[Node] = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(content)
        body = content[mark.end():end].strip(" ;.")
        node = Node("agenda", number=mark.group(1), lines=list(lines))
        subs = list(_SUB_AGENDA.finditer(body))
        if subs:
            node.text = body[: subs[0].start()].strip(" ;")
            for sub_index, sub in enumerate(subs):
                sub_end = subs[sub_index + 1].start() if sub_index + 1 < len(subs) else len(body)
                node.children.append(Node("agenda", number=sub.group(1),
                                          text=body[sub.end():sub_end].strip(" ;."),
                                          lines=list(lines)))
        else:
            node.text = body
        items.append(node)
    return items


_COLUMN_ROLES = [  # folded header words -> column role
    (r"^(?:stt|tt|so tt|so thu tu)$", "number"),
    (r"chu tri", "lead"),
    (r"phoi hop", "coordinating"),
    (r"thoi han|thoi gian|tien do", "time"),
    (r"^chi tieu$|muc chi tieu|chi tieu (?:nam|giai doan|phan dau)", "threshold"),
    (r"noi dung|nhiem vu|ten|cong viec|de an", "content"),
    (r"don vi thuc hien|co quan thuc hien", "implementing"),
    (r"ghi chu", "note"),
]


_COLUMN_PATTERNS = [(re.compile(pattern), role) for pattern, role in _COLUMN_ROLES]


@dataclass
class _TableState:
    header: list[str] | None
    roles: dict[int, str]
    last_row: Node | None = None

    @staticmethod
    def from_header(cells: list[str]) -> _TableState | None:
        roles: dict[int, str] = {}
        for index, cell in enumerate(cells):
            folded = fold(cell)
            for pattern, role in _COLUMN_PATTERNS:
                if folded and pattern.search(folded) and role not in roles.values():
                    roles[index] = role
                    break
        if "content" not in roles.values() or len(roles) < 2:
            return None
        return _TableState([_header_key(c) for c in cells], roles)

    def is_header(self, cells: list[str]) -> bool:
        return self.header is not None and [_header_key(c) for c in cells] == self.header

    def cell(self, cells: list[str], role: str) -> str:
        for index, name in self.roles.items():
            if name == role and index < len(cells):
                return cells[index]
        return ""

    def add_row(self, builder: _Builder, cells: list[str], block: Block) -> None:
        if not self.roles:  # a table without a recognisable header: keep its text
            builder.add_paragraph(Block(block.lines, " | ".join(c for c in cells if c)))
            return
        number = self.cell(cells, "number").strip(" .")
        content = self.cell(cells, "content")
        threshold_text = self.cell(cells, "threshold")
        kind = "target" if "threshold" in self.roles.values() else "item"
        if not number and self.last_row is not None:
            if content.startswith(("-", "–", "+", "•")) or not content:
                row = Node(kind, text=content.lstrip("-–+• ").strip(), lines=list(block.lines))
                self._fill(row, cells, threshold_text, builder.year)
                self.last_row.children.append(row)
            else:  # the rest of a row split by a page break
                self.last_row.text = f"{self.last_row.text} {content}".strip()
                self.last_row.lines.extend(block.lines)
            builder.program.understood.update(block.lines)
            return
        row = Node(kind, number=number, text=content, lines=list(block.lines))
        self._fill(row, cells, threshold_text, builder.year)
        # Rows go under the table's owner: the appendix, the section, or the item that
        # introduces the table ("2. Đối tượng và thời gian: theo Danh mục dưới đây.").
        # A row numbered in roman ("I | CÔNG TÁC XÂY DỰNG ĐẢNG") groups the rows under it.
        group = bool(re.fullmatch(r"[IVXL]{1,5}", number))
        level = (builder.stack[-1][0] + 1) if builder.stack else 1
        for lvl, node in reversed(builder.stack):
            if id(node) in builder.rows and (group or id(node) not in builder.group_rows):
                continue
            if node.kind in ("appendix", "section") or (node.number and node.kind != "agenda"):
                level = lvl + 1
                break
        builder.place(row, level)
        builder.rows.add(id(row))
        if group:
            builder.group_rows.add(id(row))
        self.last_row = row

    def _fill(self, row: Node, cells: list[str], threshold_text: str,
              year: int | None) -> None:
        if threshold_text:
            row.threshold = parse_threshold_cell(threshold_text)
            if row.threshold is None:
                row.extra.append(threshold_text)
        lead = self.cell(cells, "lead")
        coordinating = self.cell(cells, "coordinating")
        implementing = self.cell(cells, "implementing")
        if lead:
            row.lead = split_units(lead)
        if coordinating:
            row.coordinating = split_units(coordinating)
        if implementing:
            roles = parse_unit_roles(implementing)
            row.lead += roles.lead
            row.coordinating += roles.coordinating
            row.implementing = roles.implementing
        row.units_text = "; ".join(t for t in (lead, coordinating, implementing) if t)
        time_text = self.cell(cells, "time")
        if time_text:
            row.time = parse_time(time_text, year)
        note = self.cell(cells, "note")
        if note:
            row.extra.append(note)
        # Cells under no known column (a row wider than its header) are kept, never lost.
        row.extra += [cell for index, cell in enumerate(cells)
                      if index not in self.roles and cell.strip()]


def _header_key(cell: str) -> str:
    # Repeated headers may differ by a typo of diacritics ("ĐẲNG" for "ĐẢNG").
    return re.sub(r"[^a-z0-9]", "", fold(cell))


# --- entry point ---------------------------------------------------------------------------


def parse_program_text(
    text: str, progress: Callable[[float], None] | None = None
) -> ParsedProgram:
    """Parse the text of a program. Never raises on odd input."""
    from ctrdesk.core.importing.legacy import to_unicode

    text, legacy = to_unicode(text)
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    program = ParsedProgram(Header(), None, [], [], "action_program", source_lines,
                            legacy_encoding=legacy)
    lines = clean_lines(source_lines, program.ignored)

    start = parse_header(lines, program)
    take_signature_and_recipients(lines, program)
    blocks = build_blocks(lines[start:])
    builder = _Builder(program)
    preamble_done = False
    total = max(len(blocks), 1)
    for index, block in enumerate(blocks):
        if not preamble_done:
            if block.cells is None and (not structural(block.text)
                                        or is_preamble_bullet(block.text)):
                program.header.preamble.append(block.text)
                program.understood.update(block.lines)
                continue
            preamble_done = True
        builder.add(block)
        if progress and index % 50 == 0:
            progress(index / total)
    program.items = builder.roots
    program.kind = program_kind(program.header)
    if progress:
        progress(1.0)
    return program


def looks_like_a_program(program: ParsedProgram) -> bool:
    """A program has a document type or a structure of sections and numbered items."""
    structured = sum(1 for node in program.walk() if node.kind != "paragraph")
    return (bool(program.header.doc_type) and structured > 0) or structured >= 3
