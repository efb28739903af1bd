"""What is due, across programs and records; planned sessions from a work program; target
readings the records already know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    AgendaItem,
    Attendance,
    Concern,
    Dialogue,
    FollowUp,
    Meeting,
    Program,
    ProgramItem,
    Rating,
    Target,
    tuples,
)


@dataclass(frozen=True)
class DueEntry:
    due: date
    kind: str  # meeting, item, concern, recommendation, follow_up
    text: str
    overdue: bool
    record_table: str
    record_id: int

    def as_json(self) -> dict[str, object]:
        return {"due": self.due.isoformat(), "kind": self.kind, "text": self.text,
                "overdue": self.overdue, "record_table": self.record_table,
                "record_id": self.record_id}


def due(ws: Workspace, today: date | None = None, horizon_days: int = 45) -> list[DueEntry]:
    """Everything due within the horizon, overdue first, then by date."""
    today = today or date.today()
    until = today + timedelta(days=horizon_days)
    entries: list[DueEntry] = []
    # Only the columns shown, as plain rows: at a parent level the units' programs bring
    # thousands of open items.
    with ws.reading():
        for meeting_id, title, start, end in tuples(
                Meeting.select(Meeting.id, Meeting.title, Meeting.planned_start,
                               Meeting.planned_end)
                .where((Meeting.status == "planned") & Meeting.planned_start.is_null(False)
                       & (Meeting.planned_start <= until))):
            when: date = end or start
            entries.append(DueEntry(start, "meeting", title, when < today, "meeting",
                                    meeting_id))
        unit_items = (ProgramItem.select(ProgramItem.id, ProgramItem.number,
                                         ProgramItem.title, ProgramItem.text,
                                         ProgramItem.deadline).join(Program)
                      .where((Program.kind == "unit_program")
                             & ProgramItem.deadline.is_null(False)
                             & (ProgramItem.deadline <= until)
                             & ProgramItem.status.not_in(("done", "cancelled"))))
        for item_id, number, title, body, deadline in tuples(unit_items):
            text = " ".join(x for x in (number, title or body) if x)
            entries.append(DueEntry(deadline, "item", text[:160], deadline < today,
                                    "program_item", item_id))
        for content, answer_due, dialogue_id in tuples(
                Concern.select(Concern.content, Concern.answer_due, Concern.dialogue)
                .join(Dialogue)
                .where(Concern.answered_on.is_null() & Concern.answer_due.is_null(False)
                       & (Concern.answer_due <= until))):
            entries.append(DueEntry(answer_due, "concern", content[:160],
                                    answer_due < today, "dialogue", dialogue_id))
        for owner_table, owner_id, follow_text, follow_due in tuples(
                FollowUp.select(FollowUp.owner_table, FollowUp.owner_id, FollowUp.text,
                                FollowUp.deadline)
                .where((FollowUp.status == "open") & FollowUp.deadline.is_null(False)
                       & (FollowUp.deadline <= until))):
            kind = "recommendation" if owner_table == "inspection" else "follow_up"
            entries.append(DueEntry(follow_due, kind, follow_text[:160], follow_due < today,
                                    owner_table, owner_id))
    entries.sort(key=lambda e: (not e.overdue, e.due))
    return entries


def thematic_sessions_by_head(ws: Workspace, year: int,
                              organization: int | None = None) -> int:
    """Thematic sessions held in the year and chaired by the head (the seeds ask ≥ 1)."""
    with ws.reading():
        query = Meeting.select().where(
            (Meeting.kind == "thematic") & (Meeting.status == "held")
            & Meeting.chair_is_head & (Meeting.held_on >= date(year, 1, 1))
            & (Meeting.held_on <= date(year, 12, 31)))
        if organization is not None:
            query = query.where(Meeting.organization == organization)
        return int(query.count())


def plan_sessions_from_program(ws: Workspace, program_id: int,
                               organization: int | None = None) -> list[int]:
    """The meetings of an imported work program as planned sessions with their agenda.

    Idempotent: a meeting item that already has its session is skipped.
    """
    created: list[int] = []
    with ws.writing("records.plan_sessions"):
        if organization is None:  # the issuing body's meetings, else the top of the tree
            from ctrdesk.core.store.models import Organization

            program = Program.get_by_id(program_id)
            organization = program.issuer_id or next(  # type: ignore[attr-defined]
                (o.id for o in Organization.select().where(Organization.parent.is_null())
                 .order_by(Organization.id)), None)
        items = list(ProgramItem.select().where((ProgramItem.program == program_id)
                                                & (ProgramItem.kind == "meeting"))
                     .order_by(ProgramItem.position))
        for item in items:
            if Meeting.select().where(Meeting.program_item == item.id).exists():
                continue
            meeting = Meeting.create(
                organization=organization, program_item=item, kind="standing",
                title=item.title or item.text, planned_text=item.time_text,
                planned_start=item.time_start, planned_end=item.time_end, status="planned")
            _copy_agenda(meeting, item.id, None)
            created.append(int(meeting.id))
    return created


def _copy_agenda(meeting: Meeting, parent_item: int, parent_agenda: AgendaItem | None) -> None:
    children = ProgramItem.select().where((ProgramItem.parent == parent_item)
                                          & (ProgramItem.kind == "agenda")
                                          ).order_by(ProgramItem.position)
    for position, child in enumerate(children):
        agenda = AgendaItem.create(meeting=meeting, parent=parent_agenda, position=position,
                                   number=child.number, text=child.text or child.title)
        _copy_agenda(meeting, child.id, agenda)


@dataclass(frozen=True)
class SuggestedReading:
    target_id: int
    target_text: str
    numerator: int | None
    denominator: int | None
    count: int | None
    source: str  # what the figure was read from

    def as_json(self) -> dict[str, Any]:
        return {"target_id": self.target_id, "target_text": self.target_text,
                "numerator": self.numerator, "denominator": self.denominator,
                "count": self.count, "source": self.source}


def _words_after_value(text: str, value: float) -> str:
    """The words that follow the target's own figure: a clause may hold several targets
    ("99% … hoàn thành tốt …, trong đó 20% … xuất sắc")."""
    number = f"{value:g}%"
    at = text.find(number)
    return text[at:at + 90] if at >= 0 else text


def readings_from_records(ws: Workspace, program_id: int, year: int) -> list[SuggestedReading]:
    """Target readings the records already hold, so nobody types a fact twice:

    - "… được xếp loại hoàn thành tốt nhiệm vụ trở lên" from the year's member ratings;
    - "… hoàn thành xuất sắc" from the same ratings;
    - "… được học tập, nghiên cứu, quán triệt …" from the best attendance of a session whose
      topic or title mentions studying ("học tập", "quán triệt").
    """
    # The overview reads what is due from this module: the record kinds load here.
    from ctrdesk.core.records.kinds import rating_distribution
    from ctrdesk.core.textnorm import fold

    suggestions: list[SuggestedReading] = []
    with ws.reading():
        program = Program.get_by_id(program_id)
        unit = program.issuer_id  # type: ignore[attr-defined]
        targets = list(Target.select().where((Target.program == program_id)
                                             & (Target.unit == "percent")))
        levels = [r.level for r in Rating.select(Rating.level).where(
            (Rating.year == year) & (Rating.period == "year")
            & (Rating.subject_kind == "member")
            & ((Rating.organization == unit) if unit else Rating.organization.is_null()))]
        sessions = list(Meeting.select().where(
            (Meeting.status == "held") & (Meeting.held_on >= date(year, 1, 1))
            & (Meeting.held_on <= date(year, 12, 31))
            & ((Meeting.organization == unit) if unit else Meeting.organization.is_null())))
        study = None
        for session in sessions:
            words = fold(f"{session.title} {session.topic}")
            if "quan triet" in words or "hoc tap" in words:
                present = Attendance.select().where((Attendance.meeting == session)
                                                    & Attendance.present).count()
                members = session.membership or Attendance.select().where(
                    Attendance.meeting == session).count()
                if members and (study is None or present / members > study[0] / study[1]):
                    study = (present, members, session.title)
    ratings = rating_distribution(levels, ws) if levels else None
    for target in targets:
        text = _words_after_value(fold(target.text), target.value)
        if ratings and "xuat sac" in text and "dang vien" in text:
            suggestions.append(SuggestedReading(
                target.id, target.text, ratings["counts"]["excellent"], ratings["rated"], None,
                _("member ratings of {year}").format(year=year)))
        elif ratings and "hoan thanh tot" in text and "dang vien" in text:
            good = ratings["counts"]["excellent"] + ratings["counts"]["good"]
            suggestions.append(SuggestedReading(
                target.id, target.text, good, ratings["rated"], None,
                _("member ratings of {year}").format(year=year)))
        elif study and ("quan triet" in text or "hoc tap" in text):
            suggestions.append(SuggestedReading(
                target.id, target.text, study[0], study[1], None,
                _("attendance of “{title}”").format(title=study[2])))
    return suggestions


__all__ = ["DueEntry", "due", "plan_sessions_from_program",
           "readings_from_records", "thematic_sessions_by_head"]
