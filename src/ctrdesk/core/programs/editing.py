"""Editing a unit program's structure, and the rows the editor shows.

Every edit is one transaction through the workspace's write path. Structure edits return
what is needed to undo them exactly: a removed branch comes back with the same ids and
UUIDs, its targets, readings, notes and attachment records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from playhouse.shortcuts import model_to_dict

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.programs.execution import effective_status
from ctrdesk.core.programs.service import require_program
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Attachment,
    ItemUnit,
    Person,
    Program,
    ProgramItem,
    ProgressNote,
    Target,
    TargetReading,
    tuples,
)


@dataclass
class ItemRow:
    """One item as the editor shows it (a plain object: models never hold peewee rows)."""

    id: int
    parent_id: int | None
    position: int
    kind: str
    number: str
    text: str
    role: str
    evidence: str
    responsible_person_id: int | None
    responsible_person: str
    action: str
    deadline: date | None
    deadline_text: str
    recurrence: str
    resources: str
    accountable: str
    status: str
    shown_status: str  # overdue computed from the deadline
    progress: int
    time_text: str
    source_item_id: int | None
    source_text: str = ""
    target_id: int | None = None
    target_text: str = ""
    children: list[ItemRow] = field(default_factory=list)


def load_rows(ws: Workspace, program_id: int, today: date | None = None) -> list[ItemRow]:
    """Every item of a program as a tree of rows, in order, with the parent items' text."""
    today = today or date.today()
    with ws.reading():
        require_program(program_id)
        raw = tuples(ProgramItem.select(
            ProgramItem.id, ProgramItem.parent, ProgramItem.position, ProgramItem.kind,
            ProgramItem.number, ProgramItem.title, ProgramItem.text, ProgramItem.role,
            ProgramItem.role_evidence, ProgramItem.responsible_person, ProgramItem.action,
            ProgramItem.deadline, ProgramItem.deadline_text, ProgramItem.recurrence,
            ProgramItem.resources, ProgramItem.accountable, ProgramItem.status,
            ProgramItem.progress, ProgramItem.time_text, ProgramItem.source_item,
        ).where(ProgramItem.program == program_id).order_by(ProgramItem.position,
                                                            ProgramItem.id))
        people = dict(tuples(Person.select(Person.id, Person.full_name)))
        source_ids = [r[19] for r in raw if r[19]]
        sources: dict[int, str] = {}
        for chunk in range(0, len(source_ids), 900):
            for sid, title, text in tuples(ProgramItem.select(
                    ProgramItem.id, ProgramItem.title, ProgramItem.text).where(
                    ProgramItem.id.in_(source_ids[chunk:chunk + 900]))):
                sources[sid] = " ".join(x for x in (title, text) if x)
        targets = {item_id: (tid, op, value, maximum, unit) for tid, item_id, op, value,
                   maximum, unit in tuples(Target.select(
                       Target.id, Target.item, Target.op, Target.value, Target.max_value,
                       Target.unit).where(Target.program == program_id))}
    rows: dict[int, ItemRow] = {}
    roots: list[ItemRow] = []
    for (item_id, parent, position, kind, number, title, text, role, evidence, person,
         action, deadline, deadline_text, recurrence, resources, accountable, status,
         progress, time_text, source) in raw:
        target = targets.get(item_id)
        row = ItemRow(
            id=item_id, parent_id=parent, position=position, kind=kind, number=number,
            text=" ".join(x for x in (title, text) if x), role=role, evidence=evidence,
            responsible_person_id=person, responsible_person=people.get(person, ""),
            action=action, deadline=deadline, deadline_text=deadline_text,
            recurrence=recurrence, resources=resources, accountable=accountable,
            status=status, shown_status=effective_status(status, deadline, today),
            progress=progress, time_text=time_text, source_item_id=source,
            source_text=sources.get(source, "") if source else "",
            target_id=target[0] if target else None,
            target_text=_describe_target(*target[1:]) if target else "",
        )
        rows[item_id] = row
    for row in rows.values():
        parent_row = rows.get(row.parent_id) if row.parent_id else None
        (parent_row.children if parent_row else roots).append(row)
    return roots


def _describe_target(op: str, value: float, maximum: float | None, unit: str) -> str:
    from ctrdesk.core.importing.thresholds import Threshold

    return Threshold(op, value, maximum, unit).describe()


# --- structure edits ---------------------------------------------------------------------------


def item_state(ws: Workspace, item_id: int) -> tuple[str, int]:
    """An item's stored status and progress."""
    with ws.reading():
        item = ProgramItem.get_or_none(ProgramItem.id == item_id)
        if item is None:
            raise NotFoundError(_("No program item with id {id}.").format(id=item_id))
        return str(item.status), int(item.progress)


def _siblings(program_id: int, parent_id: int | None) -> list[ProgramItem]:
    query = ProgramItem.select().where(ProgramItem.program == program_id)
    query = query.where(ProgramItem.parent.is_null() if parent_id is None
                        else ProgramItem.parent == parent_id)
    return list(query.order_by(ProgramItem.position, ProgramItem.id))


def _renumber(siblings: list[ProgramItem]) -> None:
    for position, item in enumerate(siblings):
        if item.position != position:
            item.position = position
            item.save()


def add_item(ws: Workspace, program_id: int, parent_id: int | None, position: int | None = None,
             *, text: str = "", kind: str = "item", number: str = "", role: str = "implementing",
             source_item_id: int | None = None) -> int:
    """A new item under ``parent_id`` at ``position`` (the end when None)."""
    with ws.writing("item.add"):
        program = Program.get_or_none(Program.id == program_id)
        if program is None:
            raise NotFoundError(_("No program with id {id}.").format(id=program_id))
        if parent_id is not None:
            parent = ProgramItem.get_or_none(ProgramItem.id == parent_id)
            if parent is None or parent.program_id != program_id:  # type: ignore[attr-defined]
                raise ValidationError(_("The parent item is not in this program."),
                                      field="parent")
        siblings = _siblings(program_id, parent_id)
        position = len(siblings) if position is None else max(0, min(position, len(siblings)))
        item = ProgramItem.create(program=program_id, parent=parent_id, position=position,
                                  kind=kind, number=number, text=text, role=role,
                                  source_item=source_item_id)
        siblings.insert(position, item)
        _renumber(siblings)
        return int(item.id)


def copy_from_parent(ws: Workspace, program_id: int, parent_item_id: int,
                     under: int | None = None) -> int:
    """Bring an item of the parent program into the unit program, linked to it."""
    with ws.writing("item.copy_from_parent"):
        source = ProgramItem.get_or_none(ProgramItem.id == parent_item_id)
        program = Program.get_by_id(program_id)
        if source is None or source.program_id != program.parent_id:  # type: ignore[attr-defined]
            raise ValidationError(_("That item is not in this program's parent program."),
                                  field="source_item")
        item_id = add_item(ws, program_id, under, text=" ".join(
            x for x in (source.title, source.text) if x), kind=source.kind,
            number=source.number, source_item_id=source.id)
        copy = ProgramItem.get_by_id(item_id)
        for name in ("lead_text", "coordinating_text", "implementing_text", "units_text",
                     "time_text", "time_kind", "time_start", "time_end"):
            setattr(copy, name, getattr(source, name))
        copy.role_evidence = _("copied from the parent program")
        copy.save()
        return item_id


def move_item(ws: Workspace, item_id: int, parent_id: int | None, position: int) -> tuple[
        int | None, int]:
    """Move an item (reorder, indent, outdent); return where it was, for undo."""
    with ws.writing("item.move"):
        item = ProgramItem.get_or_none(ProgramItem.id == item_id)
        if item is None:
            raise NotFoundError(_("No program item with id {id}.").format(id=item_id))
        program_id = item.program_id  # type: ignore[attr-defined]
        before = (item.parent_id, item.position)  # type: ignore[attr-defined]
        ancestor = parent_id
        while ancestor is not None:  # an item cannot move under itself
            if ancestor == item_id:
                raise ValidationError(_("An item cannot be moved inside itself."),
                                      field="parent")
            ancestor = ProgramItem.get_by_id(ancestor).parent_id  # type: ignore[attr-defined]
        old_siblings = [s for s in _siblings(program_id, before[0]) if s.id != item_id]
        _renumber(old_siblings)
        new_siblings = [s for s in _siblings(program_id, parent_id) if s.id != item_id]
        position = max(0, min(position, len(new_siblings)))
        item.parent = parent_id
        new_siblings.insert(position, item)
        item.save()
        _renumber(new_siblings)
        return before


@dataclass
class Snapshot:
    """Rows removed with an item, to put back exactly on undo."""

    items: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    readings: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    units: list[dict[str, Any]]
    parent_id: int | None
    position: int


def _subtree(item_id: int) -> list[ProgramItem]:
    found: list[ProgramItem] = []
    frontier = [item_id]
    while frontier:
        rows = list(ProgramItem.select().where(ProgramItem.id.in_(frontier)))
        found.extend(rows)
        frontier = [r.id for r in ProgramItem.select(ProgramItem.id).where(
            ProgramItem.parent.in_([r.id for r in rows]))]
    return found


def _flat(row: Any) -> dict[str, Any]:
    return model_to_dict(row, recurse=False)


def delete_item(ws: Workspace, item_id: int) -> Snapshot:
    """Remove an item and what hangs from it; the snapshot restores it all."""
    with ws.writing("item.delete"):
        item = ProgramItem.get_or_none(ProgramItem.id == item_id)
        if item is None:
            raise NotFoundError(_("No program item with id {id}.").format(id=item_id))
        rows = _subtree(item_id)
        ids = [r.id for r in rows]
        targets = list(Target.select().where(Target.item.in_(ids)))
        notes = list(ProgressNote.select().where(ProgressNote.item.in_(ids)))
        snapshot = Snapshot(
            items=[_flat(r) for r in rows],
            targets=[_flat(t) for t in targets],
            readings=[_flat(r) for r in TargetReading.select().where(
                TargetReading.target.in_([t.id for t in targets]))],
            notes=[_flat(n) for n in notes],
            attachments=[_flat(a) for a in Attachment.select().where(
                ((Attachment.owner_table == "progress_note")
                 & Attachment.owner_id.in_([n.id for n in notes]))
                | ((Attachment.owner_table == "program_item") & Attachment.owner_id.in_(ids)))],
            units=[_flat(u) for u in ItemUnit.select().where(ItemUnit.item.in_(ids))],
            parent_id=item.parent_id,  # type: ignore[attr-defined]
            position=item.position,
        )
        program_id = item.program_id  # type: ignore[attr-defined]
        Attachment.delete().where(Attachment.id.in_(
            [a["id"] for a in snapshot.attachments])).execute()
        item.delete_instance()  # the foreign keys cascade to the rest
        _renumber(_siblings(program_id, snapshot.parent_id))
        return snapshot


def restore_item(ws: Workspace, snapshot: Snapshot) -> int:
    """Undo a delete: the same rows, ids and UUIDs as before."""
    with ws.writing("item.restore"):
        top = snapshot.items[0]
        program_id = top["program"]
        siblings = _siblings(program_id, snapshot.parent_id)
        pending = list(snapshot.items)
        inserted: set[int] = set()
        while pending:  # parents before children
            ready = [r for r in pending if r["parent"] in inserted or r["id"] == top["id"]]
            for row in ready:
                ProgramItem.insert(**row).execute()
                inserted.add(row["id"])
                pending.remove(row)
        for model, rows in ((Target, snapshot.targets), (TargetReading, snapshot.readings),
                            (ProgressNote, snapshot.notes), (Attachment, snapshot.attachments),
                            (ItemUnit, snapshot.units)):
            for row in rows:
                model.insert(**row).execute()
        restored = ProgramItem.get_by_id(top["id"])
        siblings.insert(min(snapshot.position, len(siblings)), restored)
        _renumber(siblings)
        return int(top["id"])


@dataclass(frozen=True)
class ItemState:
    """Some fields of an item and its whole dated history, to put back exactly."""

    item: int
    values: dict[str, Any]
    notes: list[dict[str, Any]]
    attachments: list[dict[str, Any]]


_COLUMNS = {"responsible_person": "responsible_person_id", "title": "title"}


def item_snapshot(ws: Workspace, item_id: int, fields: dict[str, Any]) -> ItemState:
    """The stored values of ``fields`` (and status and progress, which follow each other)
    and the item's progress notes with their attachment records."""
    names = list(dict.fromkeys([*fields, "status", "progress"]))
    with ws.reading():
        item = ProgramItem.get_or_none(ProgramItem.id == item_id)
        if item is None:
            raise NotFoundError(_("No program item with id {id}.").format(id=item_id))
        values = {name: getattr(item, _COLUMNS.get(name, name)) for name in names}
        notes = list(ProgressNote.select().where(ProgressNote.item == item_id)
                     .order_by(ProgressNote.id))
        attachments = list(Attachment.select().where(
            (Attachment.owner_table == "progress_note")
            & Attachment.owner_id.in_([n.id for n in notes])).order_by(Attachment.id))
    return ItemState(item_id, values, [_flat(n) for n in notes],
                     [_flat(a) for a in attachments])


def restore_item_state(ws: Workspace, state: ItemState) -> None:
    """Write back an :class:`ItemState`: the values as they were stored (no status
    following progress, no new history) and exactly the notes it holds."""
    with ws.writing("item.restore_state"):
        item = ProgramItem.get_or_none(ProgramItem.id == state.item)
        if item is None:
            raise NotFoundError(_("No program item with id {id}.").format(id=state.item))
        for name, value in state.values.items():
            setattr(item, name, value)
        item.save()
        current = [n.id for n in ProgressNote.select(ProgressNote.id)
                   .where(ProgressNote.item == state.item)]
        Attachment.delete().where((Attachment.owner_table == "progress_note")
                                  & Attachment.owner_id.in_(current)).execute()
        ProgressNote.delete().where(ProgressNote.item == state.item).execute()
        for note in state.notes:
            ProgressNote.insert(**note).execute()
        for attachment in state.attachments:
            Attachment.insert(**attachment).execute()


def reading_row(ws: Workspace, reading_id: int) -> dict[str, Any]:
    with ws.reading():
        row = TargetReading.get_or_none(TargetReading.id == reading_id)
        if row is None:
            raise NotFoundError(_("No reading with id {id}.").format(id=reading_id))
        return _flat(row)


def restore_reading(ws: Workspace, row: dict[str, Any]) -> None:
    with ws.writing("target.reading.restore"):
        TargetReading.insert(**row).execute()
