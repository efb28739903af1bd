"""The overview (Tổng quan): what the secretary sees first, each part with where to act.

What is overdue and due soon, the unit programs' completion and their items whose
"05 rõ" is not complete, the next meeting, the targets at risk (see :func:`targets_at_risk`),
the last report issued and the last package received, and what setup still lacks.
``ctrdesk overview`` prints the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from peewee import JOIN

from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.importing.thresholds import Threshold, meets
from ctrdesk.core.period import Period, parse_period
from ctrdesk.core.records.calendar import DueEntry, due
from ctrdesk.core.setup import Missing, setup_status
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Document,
    Meeting,
    Organization,
    Program,
    ProgramItem,
    Submission,
    Target,
    TargetReading,
    tuples,
)

FIVE_CLEAR = ("responsible_person", "action", "deadline", "resources", "accountable")


@dataclass(frozen=True)
class ProgramProgress:
    id: int
    title: str
    items: int
    done: int
    progress: int  # mean percent over items
    unclear: list[int]  # items whose 05 rõ is incomplete, in order

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "items": self.items, "done": self.done,
                "progress": self.progress, "unclear": self.unclear}


MISSED = "missed"  # the latest reading does not meet the threshold
WORSENING = "worsening"  # the last two readings move away from the threshold
UNREAD = "unread"  # no reading in the current period (or none at all)


@dataclass(frozen=True)
class TargetRisk:
    """A unit program's target at risk, with why (one or more of MISSED, WORSENING, UNREAD)."""

    id: int
    program_id: int
    text: str
    threshold: Threshold
    latest: float | None  # percent or count
    latest_on: date | None
    previous: float | None
    period: Period  # the current period a reading is expected in
    reasons: tuple[str, ...]

    def describe(self) -> str:
        """Why, in the user's words: "dưới mức ≥ 99% (85,7% ngày 30/06/2026); ..."."""
        from ctrdesk.core.i18n import format_number

        def value(number: float) -> str:
            text = format_number(number, 1)
            return text + "%" if self.threshold.unit == "percent" else text

        parts = []
        if MISSED in self.reasons and self.latest is not None:
            template = {">": _("below the threshold {threshold}"),
                        ">=": _("below the threshold {threshold}"),
                        "<": _("above the threshold {threshold}"),
                        "<=": _("above the threshold {threshold}")}.get(
                self.threshold.op, _("outside the threshold {threshold}"))
            parts.append(template.format(threshold=self.threshold.describe()) + " " + _(
                "(latest reading {reading} on {day})").format(
                    reading=value(self.latest), day=format_short_date(self.latest_on)))
        if WORSENING in self.reasons and self.latest is not None \
                and self.previous is not None:
            template = (_("falling: {previous} → {latest}") if self.latest < self.previous
                        else _("rising: {previous} → {latest}"))
            parts.append(template.format(previous=value(self.previous),
                                         latest=value(self.latest)))
        if UNREAD in self.reasons:
            parts.append(_("no reading yet") if self.latest_on is None else _(
                "no reading in {period} (the last on {day})").format(
                    period=self.period.display, day=format_short_date(self.latest_on)))
        return "; ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "program_id": self.program_id, "text": self.text,
                "threshold": self.threshold.as_json(), "latest": self.latest,
                "latest_on": self.latest_on.isoformat() if self.latest_on else None,
                "previous": self.previous, "period": self.period.code,
                "reasons": list(self.reasons), "why": self.describe()}


@dataclass
class Overview:
    today: date
    overdue: list[DueEntry] = field(default_factory=list)
    due_soon: list[DueEntry] = field(default_factory=list)
    programs: list[ProgramProgress] = field(default_factory=list)
    next_meeting: tuple[int, str, date] | None = None
    unmeasured_targets: int = 0
    targets_at_risk: list[TargetRisk] = field(default_factory=list)
    last_report: tuple[int, str, date | None] | None = None  # id, number, issued on
    last_submission: tuple[int, str, str] | None = None  # id, unit, period
    missing: list[Missing] = field(default_factory=list)
    parent_programs: int = 0

    def as_json(self) -> dict[str, object]:
        meeting = self.next_meeting
        return {
            "today": self.today.isoformat(),
            "overdue": [e.as_json() for e in self.overdue],
            "due_soon": [e.as_json() for e in self.due_soon],
            "programs": [p.as_json() for p in self.programs],
            "parent_programs": self.parent_programs,
            "next_meeting": {"id": meeting[0], "title": meeting[1],
                             "on": meeting[2].isoformat()} if meeting else None,
            "unmeasured_targets": self.unmeasured_targets,
            "targets_at_risk": [t.as_json() for t in self.targets_at_risk],
            "last_report": {"id": self.last_report[0], "number": self.last_report[1],
                            "issued_on": self.last_report[2].isoformat()
                            if self.last_report[2] else None} if self.last_report else None,
            "last_submission": {"id": self.last_submission[0],
                                "unit": self.last_submission[1],
                                "period": self.last_submission[2]}
            if self.last_submission else None,
            "missing": [{"key": m.key, "message": m.message, "required": m.required}
                        for m in self.missing],
        }


# An item's columns the overview reads: its id, status and progress, then its "05 rõ".
_ITEM_COLUMNS = (ProgramItem.program, ProgramItem.id, ProgramItem.status, ProgramItem.progress,
                 *(getattr(ProgramItem, name) for name in FIVE_CLEAR))


def _is_clear(five: tuple[object, ...]) -> bool:
    """Whether the "05 rõ" values of an item (in the order of FIVE_CLEAR) are all given."""
    return all(value not in (None, "") for value in five)


def overview(ws: Workspace, today: date | None = None) -> Overview:
    today = today or date.today()
    entries = due(ws, today)
    out = Overview(today, overdue=[e for e in entries if e.overdue],
                   due_soon=[e for e in entries if not e.overdue])
    out.missing = setup_status(ws, today).missing
    # Only the columns shown, as plain rows (the overview is the first screen).
    with ws.reading():
        out.parent_programs = Program.select().where(Program.kind != "unit_program").count()
        items_of: dict[int, list[tuple[Any, ...]]] = {}
        for program_id, *item in tuples(
                ProgramItem.select(*_ITEM_COLUMNS).join(Program)
                .where((Program.kind == "unit_program") & (ProgramItem.kind == "item")
                       & (ProgramItem.status != "cancelled"))
                .order_by(ProgramItem.id)):
            items_of.setdefault(program_id, []).append(tuple(item))
        for program_id, summary, issuer_text, doc_type in tuples(
                Program.select(Program.id, Program.summary, Program.issuer_text,
                               Program.doc_type)
                .where(Program.kind == "unit_program").order_by(Program.id)):
            items = items_of.get(program_id, [])
            done = sum(1 for i in items if i[1] == "done")
            mean = round(sum(i[2] for i in items) / len(items)) if items else 0
            out.programs.append(ProgramProgress(
                int(program_id), summary or issuer_text or doc_type, len(items), done, mean,
                [int(i[0]) for i in items if not _is_clear(i[3:])]))
        meeting = (Meeting.select(Meeting.id, Meeting.title, Meeting.planned_start)
                   .where((Meeting.status == "planned") & Meeting.planned_start.is_null(False)
                          & (Meeting.planned_start >= today))
                   .order_by(Meeting.planned_start).tuples().first())
        if meeting is not None:
            out.next_meeting = (int(meeting[0]), meeting[1], meeting[2])
        measured = TargetReading.select(TargetReading.target)
        out.unmeasured_targets = (Target.select().join(Program)
                                  .where((Program.kind == "unit_program")
                                         & Target.id.not_in(measured)).count())
        out.targets_at_risk = targets_at_risk(ws, today)
        report = (Document.select(Document.id, Document.number, Document.issued_on)
                  .where((Document.kind == "report") & (Document.status == "issued"))
                  .order_by(Document.issued_on.desc(), Document.id.desc()).tuples().first())
        if report is not None:
            out.last_report = (int(report[0]), report[1], report[2])
        package = (Submission.select(Submission.id, Organization.name, Submission.period)
                   .join(Organization).order_by(Submission.received_at.desc())
                   .tuples().first())
        if package is not None:
            out.last_submission = (int(package[0]), package[1], package[2])
    return out


def current_period(today: date) -> Period:
    """The period a target's reading is expected in: the quarter of ``today``."""
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def _reading_value(unit: str, reading: TargetReading) -> float | None:
    if unit == "percent":
        if not reading.denominator or reading.numerator is None:
            return None
        return 100.0 * reading.numerator / reading.denominator
    return None if reading.count is None else float(reading.count)


def _distance(threshold: Threshold, reading: float) -> float:
    """How far ``reading`` is from where the target wants it: for an at-least or at-most
    target the signed gap to the level (a fall, resp. a rise, always grows it); for an exact
    value or a range the gap outside it (0 inside)."""
    op, low = threshold.op, threshold.value
    high = threshold.max if threshold.max is not None else low
    if op in (">", ">="):
        return low - reading
    if op in ("<", "<="):
        return reading - low
    return max(low - reading, reading - high, 0.0)


def targets_at_risk(ws: Workspace, today: date | None = None) -> list[TargetRisk]:
    """The targets of the unit's programs that need attention: those that miss their
    threshold first, then those worsening, then the rest, each group in program order.

    A target is at risk when its latest reading misses its threshold; when its last two
    readings move the wrong way (fall for an at-least target such as "≥ 90%", rise for an
    at-most one, move away from an exact value or a range); or when it has no reading in
    the current period (the quarter of ``today``).
    """
    today = today or date.today()
    period = current_period(today)
    out: list[TargetRisk] = []
    with ws.reading():
        targets = list(Target.select(Target, ProgramItem).join(Program)
                       .switch(Target).join(ProgramItem, on=(Target.item == ProgramItem.id),
                                            join_type=JOIN.LEFT_OUTER)
                       .where(Program.kind == "unit_program")
                       .order_by(Target.program, Target.id))
        readings: dict[int, list[TargetReading]] = {}
        for reading in (TargetReading.select().join(Target).join(Program)
                        .where((Program.kind == "unit_program")
                               & (TargetReading.as_of <= today))
                        .order_by(TargetReading.as_of.desc(), TargetReading.id.desc())):
            readings.setdefault(int(reading.target_id), []).append(  # type: ignore[attr-defined]
                reading)
        for target in targets:
            item = target.item if target.item_id is not None else None  # type: ignore[attr-defined]
            if item is not None and item.status == "cancelled":
                continue
            threshold = Threshold(target.op, target.value, target.max_value, target.unit)
            latest_two = readings.get(int(target.id), [])[:2]
            values = [_reading_value(target.unit, r) for r in latest_two]
            latest = values[0] if values else None
            previous = values[1] if len(values) > 1 else None
            latest_on = latest_two[0].as_of if latest_two else None
            reasons = []
            if latest is not None and not meets(target.op, target.value, target.max_value,
                                                latest):
                reasons.append(MISSED)
            if latest is not None and previous is not None and \
                    _distance(threshold, latest) > _distance(threshold, previous) + 1e-9:
                reasons.append(WORSENING)
            if latest_on is None or latest_on < period.start:
                reasons.append(UNREAD)
            if reasons:
                text = target.text or (item.text if item is not None else "") or _(
                    "Target {id}").format(id=target.id)
                out.append(TargetRisk(
                    int(target.id), int(target.program_id),  # type: ignore[attr-defined]
                    text, threshold,
                    None if latest is None else round(latest, 2), latest_on,
                    None if previous is None else round(previous, 2), period,
                    tuple(reasons)))
    # The most pressing first: a missed threshold, then a worsening trend.
    out.sort(key=lambda r: (MISSED not in r.reasons, WORSENING not in r.reasons))
    return out


__all__ = ["MISSED", "UNREAD", "WORSENING", "Overview", "ProgramProgress", "TargetRisk",
           "current_period", "overview", "targets_at_risk"]
