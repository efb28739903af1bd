"""The overview (Tổng quan): what the secretary sees first, each part with where to act.

What is overdue and due soon, the unit programs' completion and their items whose
"05 rõ" is not complete, the next meeting, targets without a reading, the last report
issued and the last package received, and what setup still lacks. ``ctrdesk overview``
prints the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ctrdesk.core.records.calendar import DueEntry, due
from ctrdesk.core.setup import Missing, setup_status
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Document,
    Meeting,
    Program,
    ProgramItem,
    Submission,
    Target,
    TargetReading,
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


@dataclass
class Overview:
    today: date
    overdue: list[DueEntry] = field(default_factory=list)
    due_soon: list[DueEntry] = field(default_factory=list)
    programs: list[ProgramProgress] = field(default_factory=list)
    next_meeting: tuple[int, str, date] | None = None
    unmeasured_targets: int = 0
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


def _is_clear(item: ProgramItem) -> bool:
    # The responsible person is read by its id: reading the relation would query the
    # person of every item.
    return all(getattr(item, "responsible_person_id" if name == "responsible_person" else name)
               not in (None, "") for name in FIVE_CLEAR)


def overview(ws: Workspace, today: date | None = None) -> Overview:
    today = today or date.today()
    entries = due(ws, today)
    out = Overview(today, overdue=[e for e in entries if e.overdue],
                   due_soon=[e for e in entries if not e.overdue])
    out.missing = setup_status(ws, today).missing
    with ws.reading():
        out.parent_programs = Program.select().where(Program.kind != "unit_program").count()
        for program in Program.select().where(Program.kind == "unit_program").order_by(
                Program.id):
            items = list(ProgramItem.select().where((ProgramItem.program == program.id)
                                                    & (ProgramItem.kind == "item")
                                                    & (ProgramItem.status != "cancelled"))
                         .order_by(ProgramItem.id))
            done = sum(1 for i in items if i.status == "done")
            mean = round(sum(i.progress for i in items) / len(items)) if items else 0
            out.programs.append(ProgramProgress(
                int(program.id), program.summary or program.issuer_text or program.doc_type,
                len(items), done, mean, [int(i.id) for i in items if not _is_clear(i)]))
        meeting = (Meeting.select().where((Meeting.status == "planned")
                                          & Meeting.planned_start.is_null(False)
                                          & (Meeting.planned_start >= today))
                   .order_by(Meeting.planned_start).first())
        if meeting is not None:
            out.next_meeting = (int(meeting.id), meeting.title, meeting.planned_start)
        measured = TargetReading.select(TargetReading.target)
        out.unmeasured_targets = (Target.select().join(Program)
                                  .where((Program.kind == "unit_program")
                                         & Target.id.not_in(measured)).count())
        report = (Document.select().where((Document.kind == "report")
                                          & (Document.status == "issued"))
                  .order_by(Document.issued_on.desc(), Document.id.desc()).first())
        if report is not None:
            out.last_report = (int(report.id), report.number, report.issued_on)
        package = Submission.select().order_by(Submission.received_at.desc()).first()
        if package is not None:
            out.last_submission = (int(package.id), package.organization.name,
                                   package.period)
    return out


__all__ = ["Overview", "ProgramProgress", "overview"]
