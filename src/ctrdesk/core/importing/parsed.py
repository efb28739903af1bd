"""What parsing a Party program gives: the program tree (nodes), its header, signature and
the lines set aside, with the source line numbers the review screen shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ctrdesk.core.importing.thresholds import Threshold
from ctrdesk.core.importing.timespec import TimeSpec


@dataclass
class Node:
    kind: str  # section, appendix, item, target, meeting, agenda, paragraph
    number: str = ""
    title: str = ""
    text: str = ""
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    implementing: list[str] = field(default_factory=list)
    time: TimeSpec | None = None
    threshold: Threshold | None = None
    children: list[Node] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # 1-based source lines read into it
    units_text: str = ""  # "Đơn vị thực hiện: …" as written
    units_label: str = ""  # implementing or advising ("Đơn vị tham mưu thực hiện")
    extra: list[str] = field(default_factory=list)  # other labelled lines kept verbatim

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Header:
    superior: str | None = None
    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    date: date | None = None
    doc_type: str | None = None
    summary: str | None = None
    preamble: list[str] = field(default_factory=list)
    doc_kind: str | None = None  # action_program, plan, resolution, regulation, report, …
    # The words each field was read from ("number": "Số 05-CTr/ĐU", "date": "Hà Nội,
    # ngày 12 tháng 02 năm 2026", "signature": …), for the review screen.
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class Signature:
    authority: str
    position: str
    name: str


@dataclass
class IgnoredLine:
    line: int
    text: str
    reason: str  # page_number, decoration, repeated_header, blank_markup


@dataclass
class ParsedProgram:
    header: Header
    signature: Signature | None
    recipients: list[str]
    items: list[Node]
    kind: str  # action_program, work_program, plan, inspection_program
    source_lines: list[str]
    ignored: list[IgnoredLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "(để thực hiện)" beside recipients
    understood: set[int] = field(default_factory=set)  # lines read into a known element
    legacy_encoding: str | None = None

    def walk(self) -> Iterator[Node]:
        for item in self.items:
            yield from item.walk()

    def line_status(self) -> dict[int, str]:
        """For the review screen: each non-blank source line is 'understood' (read into a
        known element), 'paragraph' (kept as plain text) or 'ignored' (page number, …)."""
        status: dict[int, str] = {}
        for node in self.walk():
            for line in node.lines:
                status[line] = "paragraph" if node.kind == "paragraph" else "understood"
        for line in self.understood:
            status[line] = "understood"
        for ignored in self.ignored:  # (a line split into columns may be both)
            if ignored.line not in self.understood:
                status[ignored.line] = "ignored"
        return status
