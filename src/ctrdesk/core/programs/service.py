"""Reading and writing programs in a workspace."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from peewee import fn

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Program, ProgramItem, Target, tuples

if TYPE_CHECKING:
    from ctrdesk.core.importing.parsed import Node, ParsedProgram


class DuplicateProgramError(ValidationError):
    """The same source document was imported before."""

    def __init__(self, message: str, existing_id: int):
        super().__init__(message, field="source")
        self.existing_id = existing_id


@dataclass(frozen=True)
class ProgramSummary:
    id: int
    uuid: str
    kind: str
    status: str
    number: str
    doc_type: str
    summary: str
    issuer: str
    issued_on: date | None
    item_count: int
    source_filename: str

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "kind": self.kind,
            "status": self.status,
            "number": self.number,
            "doc_type": self.doc_type,
            "summary": self.summary,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "item_count": self.item_count,
            "source_filename": self.source_filename,
        }


def list_programs(ws: Workspace) -> list[ProgramSummary]:
    with ws.reading():
        counts: dict[int, int] = dict(
            tuples(
                ProgramItem.select(ProgramItem.program, fn.COUNT(ProgramItem.id))
                .group_by(ProgramItem.program)
            )
        )
        return [
            ProgramSummary(
                id=p.id, uuid=p.uuid, kind=p.kind, status=p.status, number=p.number,
                doc_type=p.doc_type, summary=p.summary, issuer=p.issuer_text,
                issued_on=p.issued_on, item_count=counts.get(p.id, 0),
                source_filename=p.source_filename,
            )
            for p in Program.select().order_by(Program.issued_on.desc(nulls="LAST"), Program.id)
        ]


def require_program(program_id: int) -> None:
    """Refuse an unknown program id (inside a ``reading()`` or ``writing()`` block)."""
    if not Program.select().where(Program.id == program_id).exists():
        raise NotFoundError(_("No program with id {id}.").format(id=program_id))


def get_program_row(ws: Workspace, program_id: int) -> Program:
    with ws.reading():
        program = Program.get_or_none(Program.id == program_id)
    if program is None:
        raise NotFoundError(_("No program with id {id}.").format(id=program_id))
    return program


def find_by_source(ws: Workspace, sha256: str) -> int | None:
    with ws.reading():
        row = Program.select(Program.id).where(Program.source_sha256 == sha256).first()
    return row.id if row else None


def store_program(
    ws: Workspace,
    program: ParsedProgram,
    *,
    source_filename: str = "",
    source_sha256: str = "",
    allow_duplicate: bool = False,
) -> int:
    """Store a parsed (and reviewed) program in one transaction; return its id."""
    with ws.writing("program.import"):
        if source_sha256 and not allow_duplicate:
            existing = find_by_source(ws, source_sha256)
            if existing is not None:
                raise DuplicateProgramError(
                    _("This document ({name}) was already imported as program {id}.").format(
                        name=source_filename or source_sha256[:12], id=existing),
                    existing,
                )
        header = program.header
        signature = program.signature
        row = Program.create(
            kind=program.kind,
            issuer_text=header.issuer or "",
            superior_text=header.superior or "",
            doc_type=header.doc_type or "",
            summary=header.summary or "",
            preamble="\n".join(header.preamble),
            number=header.number or "",
            issued_on=header.date,
            place=header.place or "",
            signer_authority=signature.authority if signature else "",
            signer_position=signature.position if signature else "",
            signer_name=signature.name if signature else "",
            recipients=json.dumps(program.recipients, ensure_ascii=False),
            notes=json.dumps(program.notes, ensure_ascii=False),
            source_filename=source_filename,
            source_sha256=source_sha256,
        )
        for position, node in enumerate(program.items):
            _store_node(row, None, position, node)
        return int(row.id)


def _store_node(program: Program, parent: ProgramItem | None, position: int, node: Node) -> None:
    time = node.time
    item = ProgramItem.create(
        program=program,
        parent=parent,
        position=position,
        kind=node.kind,
        number=node.number,
        title=node.title,
        text=node.text,
        lead_text="; ".join(node.lead),
        coordinating_text="; ".join(node.coordinating),
        implementing_text="; ".join(node.implementing),
        units_text=node.units_text,
        units_label=node.units_label,
        time_text=time.text if time else "",
        time_kind=time.kind if time else None,
        time_start=time.start if time else None,
        time_end=time.end if time else None,
        extra=json.dumps(node.extra, ensure_ascii=False),
        source_lines=json.dumps(node.lines),
    )
    threshold = node.threshold
    if threshold is not None:
        Target.create(program=program, item=item, text=threshold.text or node.text or node.title,
                      op=threshold.op, value=threshold.value, max_value=threshold.max,
                      unit=threshold.unit)
    for child_position, child in enumerate(node.children):
        _store_node(program, item, child_position, child)


def _split_names(text: str) -> list[str]:
    return [name for name in text.split("; ") if name]


def load_program(ws: Workspace, program_id: int) -> ParsedProgram:
    """A stored program as the parser's tree (for display, documents and export)."""
    from ctrdesk.core.importing.parsed import Header, Node, ParsedProgram, Signature
    from ctrdesk.core.importing.thresholds import Threshold
    from ctrdesk.core.importing.timespec import TimeSpec

    row = get_program_row(ws, program_id)
    with ws.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == program_id)
                     .order_by(ProgramItem.position, ProgramItem.id))
        targets = {t.item_id: t for t in Target.select().where(Target.program == program_id)}  # type: ignore[attr-defined]
    nodes: dict[int, Node] = {}
    children: dict[int | None, list[tuple[int, Node]]] = {}
    for item in items:
        target = targets.get(item.id)
        node = Node(
            kind=item.kind, number=item.number, title=item.title, text=item.text,
            lead=_split_names(item.lead_text),
            coordinating=_split_names(item.coordinating_text),
            implementing=_split_names(item.implementing_text),
            time=TimeSpec(item.time_text, item.time_kind, item.time_start, item.time_end)
            if item.time_kind else None,
            threshold=Threshold(target.op, target.value, target.max_value, target.unit,
                                target.text) if target else None,
            lines=json.loads(item.source_lines or "[]"),
            units_text=item.units_text, units_label=item.units_label,
            extra=json.loads(item.extra or "[]"),
        )
        nodes[item.id] = node
        parent_id = item.parent_id  # type: ignore[attr-defined]
        children.setdefault(parent_id, []).append((item.position, node))
    for item_id, node in nodes.items():
        node.children = [n for _p, n in sorted(children.get(item_id, []), key=lambda x: x[0])]
    roots = [n for _p, n in sorted(children.get(None, []), key=lambda x: x[0])]
    header = Header(
        superior=row.superior_text or None, issuer=row.issuer_text or None,
        number=row.number or None, place=row.place or None, date=row.issued_on,
        doc_type=row.doc_type or None, summary=row.summary or None,
        preamble=[p for p in row.preamble.split("\n") if p],
    )
    signature = Signature(row.signer_authority, row.signer_position, row.signer_name) \
        if row.signer_authority or row.signer_name else None
    return ParsedProgram(header, signature, json.loads(row.recipients or "[]"), roots, row.kind,
                         [], notes=json.loads(row.notes or "[]"))
