"""A unit's records of a period as they stood at the period's end: what a report, a
consolidated report or a package says of the period.

A concern answered after the period was still open (or overdue) at its end; a follow-up
or a recommendation done after the period was still open then; a meeting held after the
period is not of it, and a planned meeting was not held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctrdesk.core.store import Workspace


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def as_of_follow_up(row: dict[str, Any], on: date) -> str:
    """done, dropped, overdue or open, as a follow-up stood on ``on``."""
    done_on = _day(row.get("done_on"))
    if row.get("status") == "done" and (done_on is None or done_on <= on):
        return "done"
    if row.get("status") == "dropped":
        return "dropped"
    deadline = _day(row.get("deadline"))
    return "overdue" if deadline is not None and deadline < on else "open"


def as_of_concern(concern: dict[str, Any], raised: date, on: date) -> tuple[str, int | None]:
    """('answered', days) | ('overdue', None) | ('open', None) on the date ``on``."""
    from ctrdesk.core.records.kinds import concern_state

    answered = _day(concern.get("answered_on"))
    seen = dict(concern)
    if answered is not None and answered > on:
        seen["answered_on"] = None
    return concern_state(seen, raised, on)


@dataclass
class PeriodRecords:
    sessions: list[dict[str, Any]] = field(default_factory=list)  # held in the period
    dialogues: list[dict[str, Any]] = field(default_factory=list)
    concerns: list[tuple[dict[str, Any], str, int | None]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)  # concluded in it
    recommendations: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    member_ratings: list[dict[str, Any]] = field(default_factory=list)
    leader_ratings: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def thematic(self) -> int:
        return sum(1 for s in self.sessions if s["kind"] == "thematic")

    @property
    def thematic_by_head(self) -> int:
        return sum(1 for s in self.sessions if s["kind"] == "thematic" and s["chair_is_head"])


def _quarters(start: date, end: date) -> set[str]:
    return {f"Q{(m - 1) // 3 + 1}" for m in range(start.month, end.month + 1)} \
        if start.year == end.year else {"Q1", "Q2", "Q3", "Q4"}


def period_records(ws: Workspace, organization: int | None, start: date, end: date
                   ) -> PeriodRecords:
    """The unit's records of [start, end], each as it stood on ``end``. Yearly ratings
    belong to a period that reaches the year's end; quarterly ratings of leaders to the
    quarters the period covers."""
    from ctrdesk.core.records.service import context, get_records, list_records
    from ctrdesk.core.store.models import Dialogue, Inspection, Meeting

    ctx = context(ws)
    result = PeriodRecords()

    def ids(model: Any, day: Any, order: Any, *more: Any) -> list[int]:
        """The period's records of a kind, read in one query, oldest first."""
        query = model.select(model.id).where(day.between(start, end), *more)
        if organization is not None:
            query = query.where(model.organization == organization)
        with ws.reading():
            return [row.id for row in query.order_by(order.asc(), model.id.asc())]

    result.sessions = get_records(ws, "session", ids(
        Meeting, Meeting.held_on, Meeting.held_on, Meeting.status == "held"), ctx)
    for dialogue in get_records(ws, "dialogue", ids(Dialogue, Dialogue.held_on,
                                                    Dialogue.held_on), ctx):
        result.dialogues.append(dialogue)
        raised = date.fromisoformat(dialogue["held_on"])
        for concern in dialogue["concerns"]:
            result.concerns.append((concern, *as_of_concern(concern, raised, end)))
    for record in get_records(ws, "inspection", ids(
            Inspection, Inspection.concluded_on, Inspection.planned_start), ctx):
        result.inspections.append(record)
        for recommendation in record["recommendations"]:
            result.recommendations.append((recommendation,
                                           as_of_follow_up(recommendation, end)))
    quarters = _quarters(start, end)
    for summary in list_records(ws, "rating", year=end.year, organization=organization,
                                with_figures=False):
        if summary["subject_kind"] == "member" and summary["period"] == "year" \
                and end == date(end.year, 12, 31):
            result.member_ratings.append(summary)
        elif summary["subject_kind"] == "leader" and summary["period"] in quarters:
            result.leader_ratings.append(summary)
    for summary in list_records(ws, "ideological-issue", year=end.year,
                                organization=organization, with_figures=False):
        result.issues.append(summary)
    return result
