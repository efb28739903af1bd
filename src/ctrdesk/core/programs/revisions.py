"""A newer version of a parent program: what changed, what it means for a unit program,
and taking the changes in.

Items of the two versions are paired by their number path ("III › 2", "PHỤ LỤC 2 › 5");
unnumbered bullets are paired within their parent by wording. A pair whose wording
differs is "reworded", whose time differs has a "new deadline"; unpaired items are
"added" or "removed".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ctrdesk.core.errors import NotFoundError
from ctrdesk.core.i18n import _
from ctrdesk.core.programs.derive import INCLUDED_ROLES, propose
from ctrdesk.core.programs.service import require_program
from ctrdesk.core.similarity import similarity
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Program, ProgramItem, ProgressNote
from ctrdesk.core.textnorm import fold

CHANGE_KINDS = ("added", "removed", "reworded", "deadline")
_SAME_BULLET = 0.5  # bullets at least this similar are the same bullet, reworded


@dataclass
class Change:
    kind: str
    path: list[str]
    old_item_id: int | None
    new_item_id: int | None
    old_text: str = ""
    new_text: str = ""
    old_time: str = ""
    new_time: str = ""
    affects: list[int] = field(default_factory=list)  # unit program items concerned
    concerns_unit: bool = False  # for an added item: does it concern the unit?

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.old_item_id or ''}:{self.new_item_id or ''}"

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "kind": self.kind, "path": self.path,
                "old_item_id": self.old_item_id, "new_item_id": self.new_item_id,
                "old_text": self.old_text, "new_text": self.new_text,
                "old_time": self.old_time, "new_time": self.new_time,
                "affects": self.affects, "concerns_unit": self.concerns_unit}


def _items(ws: Workspace, program_id: int) -> list[ProgramItem]:
    with ws.reading():
        require_program(program_id)
        return list(ProgramItem.select().where(ProgramItem.program == program_id)
                    .order_by(ProgramItem.position, ProgramItem.id))


def _wording(item: ProgramItem) -> str:
    return " ".join(x for x in (item.title, item.text) if x)


def _pair(old: list[ProgramItem], new: list[ProgramItem]
          ) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Pairs old id -> new id, walking both trees; also the path of every new item."""
    old_children: dict[int | None, list[ProgramItem]] = {}
    new_children: dict[int | None, list[ProgramItem]] = {}
    for item in old:
        old_children.setdefault(item.parent_id, []).append(item)  # type: ignore[attr-defined]
    for item in new:
        new_children.setdefault(item.parent_id, []).append(item)  # type: ignore[attr-defined]
    pairs: dict[int, int] = {}
    paths: dict[int, list[str]] = {}

    def walk(old_parent: int | None, new_parent: int | None, prefix: list[str]) -> None:
        olds = old_children.get(old_parent, [])
        news = new_children.get(new_parent, [])
        by_number = {fold(o.number): o for o in olds if o.number}
        unnumbered = [o for o in olds if not o.number]
        bullet = 0
        for item in news:
            if item.number:
                label = item.number
                match = by_number.pop(fold(item.number), None)
            else:
                bullet += 1
                label = f"-{bullet}"
                match = None
                if unnumbered:
                    best = max(unnumbered, key=lambda o: similarity(_wording(o), _wording(item)))
                    if similarity(_wording(best), _wording(item)) >= _SAME_BULLET:
                        match = best
                        unnumbered.remove(best)
            paths[item.id] = [*prefix, label]
            if match is not None:
                pairs[match.id] = item.id
                walk(match.id, item.id, paths[item.id])
            else:
                walk(-1, item.id, paths[item.id])  # no old item has parent -1

    walk(None, None, [])
    return pairs, paths


def _old_paths(old: list[ProgramItem]) -> dict[int, list[str]]:
    from ctrdesk.core.programs.execution import _paths

    return _paths(old)


def compare_versions(
    ws: Workspace, old_program_id: int, new_program_id: int,
    unit_program_id: int | None = None,
) -> list[Change]:
    """What changed from the old version of a parent program to the new one; with a unit
    program, which of its items each change affects and which added items concern it."""
    old, new = _items(ws, old_program_id), _items(ws, new_program_id)
    pairs, new_paths = _pair(old, new)
    old_by_id, new_by_id = {i.id: i for i in old}, {i.id: i for i in new}
    old_paths = _old_paths(old)
    changes: list[Change] = []
    for old_id, new_id in pairs.items():
        before, after = old_by_id[old_id], new_by_id[new_id]
        if fold(_wording(before)) != fold(_wording(after)):
            changes.append(Change("reworded", new_paths[new_id], old_id, new_id,
                                  _wording(before), _wording(after)))
        if (before.time_text, before.time_start, before.time_end) != (
                after.time_text, after.time_start, after.time_end):
            changes.append(Change("deadline", new_paths[new_id], old_id, new_id,
                                  old_time=before.time_text, new_time=after.time_text))
    paired_new = set(pairs.values())
    for item in new:
        if item.id not in paired_new:
            parent = item.parent_id  # type: ignore[attr-defined]
            if parent is not None and parent not in paired_new:
                continue  # inside an added item: reported with it
            changes.append(Change("added", new_paths[item.id], None, item.id,
                                  new_text=_wording(item), new_time=item.time_text))
    for item in old:
        if item.id not in pairs:
            parent = item.parent_id  # type: ignore[attr-defined]
            if parent is not None and parent not in pairs:
                continue
            changes.append(Change("removed", old_paths[item.id], item.id, None,
                                  old_text=_wording(item), old_time=item.time_text))
    if unit_program_id is not None:
        _impact(ws, changes, unit_program_id, new_program_id)
    order = {kind: rank for rank, kind in enumerate(CHANGE_KINDS)}
    changes.sort(key=lambda c: (c.path, order[c.kind]))
    return changes


def _impact(ws: Workspace, changes: list[Change], unit_program_id: int,
            new_program_id: int) -> None:
    with ws.reading():
        unit_program = Program.get_by_id(unit_program_id)
        unit_items = list(ProgramItem.select().where(ProgramItem.program == unit_program_id))
    by_source: dict[int, list[int]] = {}
    for item in unit_items:
        if item.source_item_id:  # type: ignore[attr-defined]
            by_source.setdefault(item.source_item_id, []).append(item.id)  # type: ignore[attr-defined]
    roles = {p.item_id: p.role for p in propose(ws, new_program_id,
                                                unit_program.issuer_id)}  # type: ignore[attr-defined]
    for change in changes:
        if change.old_item_id is not None:
            change.affects = by_source.get(change.old_item_id, [])
        if change.kind == "added" and change.new_item_id is not None:
            change.concerns_unit = roles.get(change.new_item_id) in INCLUDED_ROLES


def apply_changes(
    ws: Workspace, unit_program_id: int, new_program_id: int,
    accepted: set[str] | None = None, today: date | None = None,
) -> dict[str, int]:
    """Move the unit program onto the new parent version, taking in the accepted changes
    (all when ``accepted`` is None). The 05-rõ fields and progress the unit recorded stay.
    Returns counts of what was done."""
    with ws.reading():
        unit_program = Program.get_by_id(unit_program_id)
    old_program_id = unit_program.parent_id  # type: ignore[attr-defined]
    if old_program_id is None:
        raise NotFoundError(_("Program {id} has no parent program.").format(id=unit_program_id))
    changes = compare_versions(ws, old_program_id, new_program_id, unit_program_id)
    old, new = _items(ws, old_program_id), _items(ws, new_program_id)
    pairs, _new_paths = _pair(old, new)
    done = {"relinked": 0, "reworded": 0, "deadline": 0, "removed": 0, "added": 0}
    today = today or date.today()
    with ws.writing("program.update_parent"):
        unit_items = list(ProgramItem.select().where(ProgramItem.program == unit_program_id))
        new_by_id = {i.id: i for i in new}
        copies_by_source = {}
        for item in unit_items:
            source = item.source_item_id  # type: ignore[attr-defined]
            if source in pairs:
                item.source_item = pairs[source]
                item.save()
                copies_by_source[pairs[source]] = item
                done["relinked"] += 1
        for change in changes:
            if accepted is not None and change.key not in accepted:
                continue
            if change.kind == "reworded":
                for item_id in change.affects:
                    item = ProgramItem.get_by_id(item_id)
                    source = new_by_id[change.new_item_id]  # type: ignore[index]
                    item.title, item.text = source.title, source.text
                    item.save()
                    done["reworded"] += 1
            elif change.kind == "deadline":
                for item_id in change.affects:
                    item = ProgramItem.get_by_id(item_id)
                    source = new_by_id[change.new_item_id]  # type: ignore[index]
                    if item.deadline == item.time_end:  # a deadline the user had not set
                        item.deadline = source.time_end
                    item.time_text, item.time_kind = source.time_text, source.time_kind
                    item.time_start, item.time_end = source.time_start, source.time_end
                    item.save()
                    done["deadline"] += 1
            elif change.kind == "removed":
                for item_id in change.affects:
                    item = ProgramItem.get_by_id(item_id)
                    item.status = "cancelled"
                    item.save()
                    ProgressNote.create(item=item, noted_on=today, status="cancelled",
                                        progress=item.progress, text=_(
                                            "Removed from the new version of the parent "
                                            "program."))
                    done["removed"] += 1
            elif change.kind == "added" and change.concerns_unit:
                done["added"] += _copy_added(unit_program, new_by_id, change, copies_by_source)
        unit_program.parent = new_program_id
        unit_program.save()
    return done


def _copy_added(unit_program: Program, new_by_id: dict[int, ProgramItem], change: Change,
                copies_by_source: dict[int, ProgramItem]) -> int:
    source = new_by_id[change.new_item_id]  # type: ignore[index]
    parent_copy = copies_by_source.get(source.parent_id)  # type: ignore[attr-defined]
    position = ProgramItem.select().where(
        (ProgramItem.program == unit_program.id) &
        (ProgramItem.parent == parent_copy if parent_copy else ProgramItem.parent.is_null())
    ).count()
    copy = ProgramItem.create(
        program=unit_program, parent=parent_copy, position=position, kind=source.kind,
        number=source.number, title=source.title, text=source.text,
        lead_text=source.lead_text, coordinating_text=source.coordinating_text,
        implementing_text=source.implementing_text, units_text=source.units_text,
        time_text=source.time_text, time_kind=source.time_kind,
        time_start=source.time_start, time_end=source.time_end, source_item=source,
        role="implementing", role_evidence=_("added in the new version of the parent program"),
    )
    copies_by_source[source.id] = copy
    return 1


def previous_version(ws: Workspace, program_id: int) -> int | None:
    """An earlier program of the same kind and summary (a newer version was imported)."""
    with ws.reading():
        program = Program.get_by_id(program_id)
        candidates = list(Program.select().where(
            (Program.kind == program.kind) & (Program.id != program_id)
            & (Program.kind != "unit_program")
        ).order_by(Program.id.desc()))
    for candidate in candidates:
        if fold(candidate.summary) == fold(program.summary) and \
                candidate.source_sha256 != program.source_sha256:
            return int(candidate.id)
    return None


def unit_programs_derived_from(ws: Workspace, program_id: int) -> list[tuple[int, str]]:
    """The unit programs derived from ``program_id``: (id, the unit's name as written)."""
    with ws.reading():
        return [(int(p.id), str(p.issuer_text or "")) for p in Program.select(
            Program.id, Program.issuer_text).where(
            (Program.parent == program_id) & (Program.kind == "unit_program"))]
