"""The words the workspace stores for statuses, roles and kinds, as enums, with the label
each shows under (translated with ``_()`` where shown). One home: the window, the command
line and documents read them from here instead of keeping label dictionaries of their own.
"""

from __future__ import annotations

from enum import StrEnum

from ctrdesk.core.i18n import N_


class ItemStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"  # computed from the deadline, never chosen
    CANCELLED = "cancelled"


class Recurrence(StrEnum):
    NONE = ""
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class UnitRole(StrEnum):
    LEAD = "lead"
    COORDINATING = "coordinating"
    IMPLEMENTING = "implementing"


class ProgramKind(StrEnum):
    ACTION_PROGRAM = "action_program"
    WORK_PROGRAM = "work_program"
    PLAN = "plan"
    INSPECTION_PROGRAM = "inspection_program"
    UNIT_PROGRAM = "unit_program"


class DocumentKind(StrEnum):
    REPORT = "report"
    PROGRAM = "program"
    MINUTES = "minutes"
    NOTICE = "notice"


class ParsedKind(StrEnum):
    """What the import parser made of a block of a document."""

    SECTION = "section"
    APPENDIX = "appendix"
    ITEM = "item"
    TARGET = "target"
    MEETING = "meeting"
    AGENDA = "agenda"
    PARAGRAPH = "paragraph"


ITEM_STATUS_LABELS: dict[str, str] = {
    ItemStatus.NOT_STARTED: N_("Not started"),
    ItemStatus.IN_PROGRESS: N_("In progress"),
    ItemStatus.DONE: N_("Done"),
    ItemStatus.OVERDUE: N_("Overdue"),
    ItemStatus.CANCELLED: N_("Cancelled"),
}
RECURRENCE_LABELS: dict[str, str] = {
    Recurrence.NONE: N_("(none)"),
    Recurrence.MONTHLY: N_("Monthly"),
    Recurrence.QUARTERLY: N_("Quarterly"),
    Recurrence.HALF_YEARLY: N_("Every 6 months"),
    Recurrence.YEARLY: N_("Yearly"),
}
PROGRAM_KIND_LABELS: dict[str, str] = {
    ProgramKind.ACTION_PROGRAM: N_("Action program"),
    ProgramKind.WORK_PROGRAM: N_("Work program"),
    ProgramKind.PLAN: N_("Plan"),
    ProgramKind.INSPECTION_PROGRAM: N_("Inspection program"),
    ProgramKind.UNIT_PROGRAM: N_("Unit program"),
}
DOCUMENT_KIND_LABELS: dict[str, str] = {
    DocumentKind.REPORT: N_("Progress report (BC)"),
    DocumentKind.PROGRAM: N_("Unit program (CTr)"),
    DocumentKind.MINUTES: N_("Minutes (BB)"),
    DocumentKind.NOTICE: N_("Conclusion notice (TB)"),
}
# In the order a reviewer chooses among them.
PARSED_KIND_LABELS: dict[str, str] = {
    ParsedKind.SECTION: N_("Section"),
    ParsedKind.APPENDIX: N_("Appendix"),
    ParsedKind.ITEM: N_("Item"),
    ParsedKind.TARGET: N_("Target"),
    ParsedKind.MEETING: N_("Meeting"),
    ParsedKind.AGENDA: N_("Agenda item"),
    ParsedKind.PARAGRAPH: N_("Paragraph"),
}
