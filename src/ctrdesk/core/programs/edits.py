"""Undoable edits of a unit program: each is one core operation in one transaction that
returns its own inverse, computed in that same transaction.

``edit.apply(ws)`` does the edit and returns the edit that undoes it; applying that one
returns the edit that redoes it, and so on. The GUI keeps the pair in its undo stack only
once an apply succeeded, so the stack never holds an edit that did not happen; the CLI
and tests use the same edits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctrdesk.core.changes import Entity
from ctrdesk.core.programs import editing, execution
from ctrdesk.core.store import Workspace


class Edit:
    """An edit of a program; ``apply`` returns its inverse."""

    label: str = ""
    #: the item to select afterwards, when the edit concerns one
    item_id: int | None = None

    def apply(self, ws: Workspace) -> Edit:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def structural(self) -> bool:
        """Whether the tree's shape changes (the editor reloads) or only fields."""
        return True


@dataclass(frozen=True)
class SetFields(Edit):
    item: int
    fields: dict[str, Any]

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return self.item

    @property
    def structural(self) -> bool:
        return False

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.update"):
            before = editing.item_snapshot(ws, self.item, self.fields)
            execution.update_item_fields(ws, self.item, **self.fields)
            ws.note(Entity.ITEM, self.item)
        return RestoreItemState(before)


@dataclass(frozen=True)
class RestoreItemState(Edit):
    """Put an item's fields and its dated history (progress notes) back as they were: the
    undo of a field edit or a progress note, which may change both."""

    state: editing.ItemState

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return self.state.item

    @property
    def structural(self) -> bool:
        return False

    @property
    def fields(self) -> dict[str, Any]:
        return self.state.values

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.restore_state"):
            current = editing.item_snapshot(ws, self.state.item, self.state.values)
            editing.restore_item_state(ws, self.state)
            ws.note(Entity.ITEM, self.state.item)
            ws.note(Entity.PROGRESS)
        return RestoreItemState(current)


@dataclass(frozen=True)
class AddItem(Edit):
    program: int
    parent: int | None
    position: int | None
    text: str

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.add"):
            item_id = editing.add_item(ws, self.program, self.parent, self.position,
                                       text=self.text)
            ws.note(Entity.ITEM, item_id)
            ws.note(Entity.PROGRAM, self.program)
        return DeleteItem(item_id)


@dataclass(frozen=True)
class CopyFromParent(Edit):
    program: int
    parent_item: int
    under: int | None

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.copy_from_parent"):
            item_id = editing.copy_from_parent(ws, self.program, self.parent_item, self.under)
            ws.note(Entity.ITEM, item_id)
            ws.note(Entity.PROGRAM, self.program)
        return DeleteItem(item_id)


@dataclass(frozen=True)
class DeleteItem(Edit):
    item: int

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return self.item

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.delete"):
            snapshot = editing.delete_item(ws, self.item)
            ws.note(Entity.ITEM, self.item)
            ws.note(Entity.PROGRAM, snapshot.items[0]["program"])
        return RestoreItem(snapshot)


@dataclass(frozen=True)
class RestoreItem(Edit):
    snapshot: editing.Snapshot

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return int(self.snapshot.items[0]["id"])

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.restore"):
            item_id = editing.restore_item(ws, self.snapshot)
            ws.note(Entity.ITEM, item_id)
            ws.note(Entity.PROGRAM, self.snapshot.items[0]["program"])
        return DeleteItem(item_id)


@dataclass(frozen=True)
class MoveItem(Edit):
    item: int
    parent: int | None
    position: int

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return self.item

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.move"):
            parent, position = editing.move_item(ws, self.item, self.parent, self.position)
            ws.note(Entity.ITEM, self.item)
        return MoveItem(self.item, parent, position)


@dataclass(frozen=True)
class RecordProgress(Edit):
    item: int
    status: str | None
    progress: int | None
    note: str
    noted_on: date
    attachments: tuple[str | os.PathLike[str], ...] = field(default=())

    @property
    def item_id(self) -> int:  # type: ignore[override]
        return self.item

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("item.progress"):
            before = editing.item_snapshot(ws, self.item, {"status": None, "progress": None})
            note_id = execution.record_progress(
                ws, self.item, status=self.status, progress=self.progress, note=self.note,
                noted_on=self.noted_on, attachments=list(self.attachments))
            ws.note(Entity.ITEM, self.item)
            ws.note(Entity.PROGRESS, note_id)
        return RestoreItemState(before)


@dataclass(frozen=True)
class RecordReading(Edit):
    target: int
    as_of: date
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None

    @property
    def structural(self) -> bool:
        return False

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("target.reading"):
            reading_id = execution.record_reading(
                ws, self.target, self.as_of, numerator=self.numerator,
                denominator=self.denominator, count=self.count)
            ws.note(Entity.TARGET, self.target)
        return DeleteReading(self.target, reading_id)


@dataclass(frozen=True)
class DeleteReading(Edit):
    target: int
    reading: int

    @property
    def structural(self) -> bool:
        return False

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("target.reading.undo"):
            row = editing.reading_row(ws, self.reading)
            execution.delete_reading(ws, self.reading)
            ws.note(Entity.TARGET, self.target)
        return RestoreReading(self.target, row)


@dataclass(frozen=True)
class RestoreReading(Edit):
    target: int
    row: dict[str, Any]

    @property
    def structural(self) -> bool:
        return False

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("target.reading.redo"):
            editing.restore_reading(ws, self.row)
            ws.note(Entity.TARGET, self.target)
        return DeleteReading(self.target, int(self.row["id"]))
