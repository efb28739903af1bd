"""Making a unit program concrete ("05 rõ") and carrying it out.

- the five fields of each item (person, action, deadline, resources, accountable) and
  the completeness check that must pass before the program is issued;
- unit targets derived from parent targets: percentages carry over, counts apportioned;
- status and progress with dated notes and evidence, target readings and attainment;
  overdue items are computed from deadlines, never stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import N_, _
from ctrdesk.core.importing.thresholds import meets
from ctrdesk.core.programs.service import require_program
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    ITEM_STATUSES,
    Person,
    Program,
    ProgramItem,
    ProgressNote,
    Target,
    TargetReading,
)
from ctrdesk.core.validation import clean_text, require_choice

RECURRENCES = ("monthly", "quarterly", "half_yearly", "yearly")
ACTIONABLE_ROLES = ("lead", "coordinating", "implementing")
FIVE_CLEAR = {  # field -> what the check says is missing
    "responsible_person": N_("no responsible person (rõ người)"),
    "action": N_("no concrete action (rõ việc)"),
    "deadline": N_("no deadline or check-in (rõ thời hạn)"),
    "resources": N_("no resources (rõ nguồn lực)"),
    "accountable": N_("no one accountable (rõ trách nhiệm)"),
}


def _item(item_id: int) -> ProgramItem:
    item = ProgramItem.get_or_none(ProgramItem.id == item_id)
    if item is None:
        raise NotFoundError(_("No program item with id {id}.").format(id=item_id))
    return item


# --- 05 rõ ---------------------------------------------------------------------------------

EDITABLE_FIELDS = ("title", "text", "number", "responsible_person", "action", "deadline",
                   "deadline_text", "recurrence", "resources", "accountable", "role", "status",
                   "progress")


def status_for_progress(progress: int) -> str:
    """The status a progress implies: 0 → not started, 1–99 → in progress, 100 → done."""
    if progress <= 0:
        return "not_started"
    return "done" if progress >= 100 else "in_progress"


def update_item_fields(ws: Workspace, item_id: int, *, status_follows_progress: bool = True,
                       **changes: Any) -> dict[str, Any]:
    """Change fields of an item in one transaction; return the previous values (for undo:
    pass them back with ``status_follows_progress=False`` to restore them exactly).

    A new progress sets the status it implies unless the same change sets another status
    than the item had (the user's override), or the item is cancelled. A change of status
    or progress is dated: it leaves a progress note of today (the history documents read
    the state of a past date from)."""
    return _update_item_fields(ws, item_id, changes, history=True,
                               status_follows_progress=status_follows_progress)


def _update_item_fields(ws: Workspace, item_id: int, changes: dict[str, Any],
                        history: bool, status_follows_progress: bool = True) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field: {field}").format(field=sorted(unknown)[0]),
                              field=sorted(unknown)[0])
    with ws.writing("item.update"):
        item = _item(item_id)
        if status_follows_progress and "progress" in changes \
                and isinstance(changes["progress"], int) and item.status != "cancelled" \
                and changes.get("status", item.status) == item.status:
            changes = {**changes, "status": status_for_progress(changes["progress"])}
        before: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "responsible_person":
                before[name] = item.responsible_person_id  # type: ignore[attr-defined]
                if value is not None:
                    person = Person.get_or_none(Person.id == value)
                    if person is None:
                        raise ValidationError(_("No person with id {id}.").format(id=value),
                                              field=name)
                    program = Program.get_by_id(item.program_id)  # type: ignore[attr-defined]
                    if program.issuer_id and person.organization_id != program.issuer_id:  # type: ignore[attr-defined]
                        raise ValidationError(
                            _("{name} is not a member of the unit that owns this program.")
                            .format(name=person.full_name), field=name)
                item.responsible_person = value
                continue
            before[name] = getattr(item, name)
            if name == "recurrence" and value:
                require_choice(value, RECURRENCES, field=name, message=_(
                    "Unknown check-in period '{value}'; use one of: {choices}."))
            elif name == "status":
                require_choice(value, ITEM_STATUSES, field=name, message=_(
                    "Unknown status '{value}'; use one of: {choices}."))
            elif name == "progress":
                if isinstance(value, bool) or not isinstance(value, int) \
                        or not 0 <= value <= 100:
                    raise ValidationError(_("Progress is a whole percentage from 0 to 100."),
                                          field=name)
            elif name == "deadline" and value is not None and not isinstance(value, date):
                raise ValidationError(_("The deadline must be a date."), field=name)
            elif isinstance(value, str):
                value = clean_text(value) if name not in ("text",) else value.strip()
            setattr(item, name, value)
        item.save()
        if history and any(name in changes and before[name] != getattr(item, name)
                           for name in ("status", "progress")):
            _note_state(item)
        return before


def _note_state(item: ProgramItem) -> None:
    """Today's automatic history note of an item, one a day at most; none when the state
    is what the history already says (an undo back to it leaves no trace)."""
    today = date.today()
    notes = list(ProgressNote.select().where(ProgressNote.item == item.id)
                 .order_by(ProgressNote.noted_on.desc(), ProgressNote.id.desc()))
    automatic = notes[0] if notes and notes[0].noted_on == today and not notes[0].text \
        else None
    earlier = [n for n in notes if n is not automatic]
    implied = (earlier[0].status, earlier[0].progress) if earlier else ("not_started", 0)
    if (item.status, item.progress) == implied:
        if automatic is not None:
            automatic.delete_instance()
    elif automatic is not None:
        automatic.status, automatic.progress = item.status, item.progress
        automatic.save()
    else:
        ProgressNote.create(item=item, noted_on=today, text="", status=item.status,
                            progress=item.progress)


@dataclass(frozen=True)
class Finding:
    item_id: int
    path: list[str]
    field: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {"item_id": self.item_id, "path": self.path, "field": self.field,
                "message": self.message}


def _paths(items: list[ProgramItem]) -> dict[int, list[str]]:
    by_parent: dict[int | None, list[ProgramItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)  # type: ignore[attr-defined]
    paths: dict[int, list[str]] = {}

    def walk(parent: int | None, prefix: list[str]) -> None:
        bullet = 0
        for item in sorted(by_parent.get(parent, []), key=lambda i: (i.position, i.id)):
            if item.number:
                label = item.number
            else:
                bullet += 1
                label = f"-{bullet}"
            paths[item.id] = [*prefix, label]
            walk(item.id, paths[item.id])

    walk(None, [])
    return paths


def check_program(ws: Workspace, program_id: int) -> list[Finding]:
    """What is missing before the unit program can be issued (the "05 rõ" rule)."""
    with ws.reading():
        require_program(program_id)
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        targets = list(Target.select().where(Target.program == program_id))
    paths = _paths(items)
    findings: list[Finding] = []
    for item in sorted(items, key=lambda i: paths[i.id]):
        if item.role not in ACTIONABLE_ROLES or item.kind == "target":
            continue
        values = {
            "responsible_person": item.responsible_person_id,  # type: ignore[attr-defined]
            "action": item.action,
            "deadline": item.deadline or item.deadline_text or item.recurrence,
            "resources": item.resources,
            "accountable": item.accountable,
        }
        for name, value in values.items():
            if not value:
                message = _(FIVE_CLEAR[name])
                if name == "deadline" and item.time_kind == "regular":
                    message = _("a regular task needs a check-in period (monthly, quarterly…)")
                findings.append(Finding(item.id, paths[item.id], name, message))
    for target in targets:
        if target.unit == "count" and target.value == 0 and target.parent_target_id:  # type: ignore[attr-defined]
            item_id = target.item_id  # type: ignore[attr-defined]
            findings.append(Finding(item_id, paths.get(item_id, []), "target",
                                    _("the count target is not apportioned to the unit")))
    return findings


def set_target(ws: Workspace, target_id: int, *, op: str | None = None,
               value: float | None = None, max_value: float | None = None) -> None:
    """Set a unit target, e.g. apportion 1–2 of the parent's 60–80 admissions."""
    from ctrdesk.core.store.models import THRESHOLD_OPS

    with ws.writing("target.update"):
        target = Target.get_or_none(Target.id == target_id)
        if target is None:
            raise NotFoundError(_("No target with id {id}.").format(id=target_id))
        if op is not None:
            require_choice(op, THRESHOLD_OPS, field="op",
                           message=_("Unknown operator '{value}'; use one of: {choices}."))
            target.op = op
        if value is not None:
            if value < 0 or (target.unit == "percent" and value > 100):
                raise ValidationError(_("The target value is out of range."), field="value")
            target.value = value
        if target.op == "range":
            upper = max_value if max_value is not None else target.max_value
            if upper is None or upper < target.value:
                raise ValidationError(_("A range needs an upper value at least the lower one."),
                                      field="max_value")
            target.max_value = upper
        else:
            target.max_value = None
        target.save()


# --- carrying it out -------------------------------------------------------------------------


def effective_status(status: str, deadline: date | None, today: date | None = None) -> str:
    """The status shown: an unfinished item past its deadline is overdue."""
    today = today or date.today()
    if status not in ("done", "cancelled") and deadline is not None and deadline < today:
        return "overdue"
    return status


def record_progress(
    ws: Workspace, item_id: int, *, status: str | None = None, progress: int | None = None,
    note: str = "", noted_on: date | None = None,
    attachments: list[str | os.PathLike[str]] | None = None,
) -> int:
    """A dated progress note with the new status/progress and evidence files, in one action."""
    from ctrdesk.core.attachments import attach

    noted_on = noted_on or date.today()
    with ws.writing("item.progress"):
        item = _item(item_id)
        if noted_on > date.today():
            raise ValidationError(_("A progress note cannot be dated in the future."),
                                  field="noted_on")
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if progress is not None:
            changes["progress"] = progress
        if status == "done" and progress is None:
            changes["progress"] = 100
        if changes:
            _update_item_fields(ws, item_id, changes, history=False)
        row = ProgressNote.create(item=item, noted_on=noted_on, text=note.strip(),
                                  status=changes.get("status", item.status),
                                  progress=changes.get("progress", item.progress))
        for path in attachments or []:
            attach(ws, "progress_note", row.id, path)
        return int(row.id)


def progress_notes(ws: Workspace, item_id: int) -> list[dict[str, object]]:
    from ctrdesk.core.attachments import attachments_of

    with ws.reading():
        rows = list(ProgressNote.select().where(ProgressNote.item == item_id)
                    .order_by(ProgressNote.noted_on, ProgressNote.id))
    return [{"id": r.id, "noted_on": r.noted_on.isoformat(), "text": r.text,
             "status": r.status, "progress": r.progress,
             "attachments": [a.as_json() for a in attachments_of(ws, "progress_note", r.id)]}
            for r in rows]


@dataclass(frozen=True)
class Attainment:
    reading: float | None  # percent or count reached
    attained: bool | None  # None while there is no reading
    as_of: date | None

    def as_json(self) -> dict[str, object]:
        return {"reading": self.reading, "attained": self.attained,
                "as_of": self.as_of.isoformat() if self.as_of else None}


def record_reading(
    ws: Workspace, target_id: int, as_of: date, *, numerator: int | None = None,
    denominator: int | None = None, count: int | None = None, note: str = "",
) -> int:
    """A dated reading of a target: numerator/denominator for percentages, a count else."""
    with ws.writing("target.reading"):
        target = Target.get_or_none(Target.id == target_id)
        if target is None:
            raise NotFoundError(_("No target with id {id}.").format(id=target_id))
        if target.unit == "percent":
            if numerator is None or denominator is None:
                raise ValidationError(_("A percentage reading needs a numerator and a "
                                        "denominator."), field="numerator")
            if denominator <= 0 or numerator < 0 or numerator > denominator:
                raise ValidationError(_("The numerator must be between 0 and the denominator, "
                                        "and the denominator above 0."), field="denominator")
        else:
            if count is None or count < 0:
                raise ValidationError(_("A count reading needs a count of 0 or more."),
                                      field="count")
        if as_of > date.today():
            raise ValidationError(_("A reading cannot be dated in the future."), field="as_of")
        row = TargetReading.create(target=target, as_of=as_of, numerator=numerator,
                                   denominator=denominator, count=count, note=note.strip())
        return int(row.id)


def attainment(ws: Workspace, target_id: int) -> Attainment:
    """The latest reading against the threshold."""
    with ws.reading():
        target = Target.get_by_id(target_id)
        latest = (TargetReading.select().where(TargetReading.target == target_id)
                  .order_by(TargetReading.as_of.desc(), TargetReading.id.desc()).first())
    if latest is None:
        return Attainment(None, None, None)
    if target.unit == "percent":
        reading = 100.0 * latest.numerator / latest.denominator
    else:
        reading = float(latest.count)
    return Attainment(round(reading, 2), meets(target.op, target.value, target.max_value,
                                               reading), latest.as_of)


def delete_progress_note(ws: Workspace, note_id: int) -> None:
    """Undo of a progress note (its attachment records go with it; files stay by hash)."""
    from ctrdesk.core.store.models import Attachment

    with ws.writing("item.progress.undo"):
        Attachment.delete().where((Attachment.owner_table == "progress_note")
                                  & (Attachment.owner_id == note_id)).execute()
        ProgressNote.delete().where(ProgressNote.id == note_id).execute()


def delete_reading(ws: Workspace, reading_id: int) -> None:
    with ws.writing("target.reading.undo"):
        TargetReading.delete().where(TargetReading.id == reading_id).execute()
