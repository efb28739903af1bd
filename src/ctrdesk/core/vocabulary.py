"""The words the workspace stores for statuses, roles and kinds, as enums, with the label
each shows under (translated with ``_()`` where shown). One home: the window, the command
line and documents read them from here instead of keeping label dictionaries of their own.
"""

from __future__ import annotations

from enum import StrEnum

from ctrdesk.core.i18n import N_, _


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

# The kinds of document as a settings list names them.
DOCUMENT_KIND_PLURALS: dict[str, str] = {
    DocumentKind.PROGRAM: N_("Programs"),
    DocumentKind.REPORT: N_("Reports"),
    DocumentKind.MINUTES: N_("Minutes"),
    DocumentKind.NOTICE: N_("Notices"),
}


class SubmissionStatus(StrEnum):
    """A received package's state, and the outcome of importing one."""

    CURRENT = "current"
    SUPERSEDED = "superseded"
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    SUPERSEDED_OLDER = "superseded_older"
    REFUSED = "refused"


SUBMISSION_STATUS_LABELS: dict[str, str] = {
    SubmissionStatus.CURRENT: N_("In force"),
    SubmissionStatus.SUPERSEDED: N_("Superseded"),
    SubmissionStatus.IMPORTED: N_("Imported"),
    SubmissionStatus.UNCHANGED: N_("Already held"),
    SubmissionStatus.SUPERSEDED_OLDER: N_("Imported, replaces the older package"),
    SubmissionStatus.REFUSED: N_("Refused"),
}

# The words users see for the choices a record stores (kinds of meeting, states of a
# follow-up or an inspection, disciplinary measures, rating levels, concern topics…).
RECORD_CHOICE_LABELS: dict[str, str] = {
    "regular": N_("Regular"), "thematic": N_("Thematic"), "standing": N_("Standing committee"),
    "extraordinary": N_("Extraordinary"), "planned": N_("Planned"), "held": N_("Held"),
    "cancelled": N_("Cancelled"), "open": N_("Open"), "done": N_("Done"),
    "dropped": N_("Dropped"), "inspection": N_("Inspection"), "supervision": N_("Supervision"),
    "signs_of_violation": N_("On signs of violation"), "in_progress": N_("In progress"),
    "concluded": N_("Concluded"), "reprimand": N_("Reprimand"), "warning": N_("Warning"),
    "dismissal": N_("Dismissal"), "expulsion": N_("Expulsion"), "member": N_("Member"),
    "organization": N_("Organization"), "leader": N_("Leader"), "excellent": N_("Excellent"),
    "good": N_("Good"), "complete": N_("Complete"), "incomplete": N_("Incomplete"),
    "year": N_("Year"), "work": N_("Work"), "policy": N_("Policy"),
    "discipline": N_("Discipline"), "welfare": N_("Welfare"), "other": N_("Other"), "": "",
    # The quarters a leader is rated for, written the Vietnamese way ("Quý I"), not as codes.
    "Q1": N_("Quarter I"), "Q2": N_("Quarter II"), "Q3": N_("Quarter III"),
    "Q4": N_("Quarter IV"),
}

# How a new version of the parent program differs from the one a unit program follows.
REVISION_CHANGE_LABELS: dict[str, str] = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "reworded": N_("Reworded"),
    "deadline": N_("New deadline"),
}

ORGANIZATION_KIND_LABELS: dict[str, str] = {
    "branch": N_("Party cell (chi bộ)"),
    "branch_committee": N_("Cell committee (chi ủy)"),
    "grassroots_committee": N_("Grassroots committee (đảng ủy cơ sở)"),
    "party_committee": N_("Party committee (đảng bộ)"),
    "provincial_committee": N_("Provincial procuracy committee"),
}


def word_for(labels: dict[str, str], value: str) -> str:
    """The translated word for a stored ``value``; the value itself when it has none."""
    label = labels.get(value)
    return _(label) if label else value


def submission_status_label(status: str) -> str:
    return word_for(SUBMISSION_STATUS_LABELS, status)


def choice_label(value: str) -> str:
    """The word for a stored choice of a record, or an item's status."""
    if value in ITEM_STATUS_LABELS:
        return _(ITEM_STATUS_LABELS[value])
    return word_for(RECORD_CHOICE_LABELS, value)


# What the trail stores (table and action names) in the user's words.
AUDIT_ENTITY_LABELS = {
    "organization": N_("organization"), "organization_alias": N_("organization name"),
    "person": N_("person"), "program": N_("program"), "program_item": N_("program item"),
    "item_unit": N_("unit of an item"), "target": N_("target"),
    "target_reading": N_("target reading"), "progress_note": N_("progress note"),
    "attachment": N_("attached file"), "meeting": N_("meeting"),
    "agenda_item": N_("agenda item"), "attendance": N_("attendance"),
    "follow_up": N_("follow-up"), "dialogue": N_("dialogue"), "concern": N_("concern"),
    "inspection": N_("inspection"), "disciplinary_measure": N_("disciplinary measure"),
    "ideological_issue": N_("ideological issue"), "rating": N_("rating"),
    "record_link": N_("link to a program item"), "document": N_("document"),
    "term": N_("term"), "trust_root": N_("trusted certificate"),
    "submission": N_("submission"), "unit_certificate": N_("unit certificate"),
    "revocation_list": N_("revocation list"), "account": N_("account"),
    "setting": N_("setting"),
}
AUDIT_OPERATION_LABELS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("deleted")}
AUDIT_ACTION_LABELS = {
    "account": N_("Accounts"), "attachment": N_("Attached files"), "backup": N_("Backups"),
    "demo": N_("Demo data"), "document": N_("Documents"), "item": N_("Program items"),
    "member": N_("Party members"), "organization": N_("Organizations"),
    "person": N_("People"), "program": N_("Programs"), "record": N_("Records"),
    "records": N_("Records"), "setting": N_("Settings"), "settings": N_("Settings"),
    "setup": N_("Committee setup"), "submission": N_("Submissions"), "target": N_("Targets"),
    "term": N_("Terms"), "trust": N_("Trusted certificates"), "unit": N_("Units and keys"),
}


AUDIT_VERB_LABELS = {
    "add": N_("add"), "save": N_("save"), "update": N_("change"), "edit": N_("change"),
    "delete": N_("delete"), "move": N_("move"), "restore": N_("restore"),
    "import": N_("import"), "derive": N_("derive"), "draft": N_("draft"),
    "issue": N_("issue"), "correct": N_("correct"), "progress": N_("progress"),
    "reading": N_("reading"), "undo": N_("undo"), "redo": N_("redo"),
    "archive": N_("archive"), "retire": N_("retire"), "committee": N_("the committee"),
    "position": N_("positions"), "keep_signed": N_("keep the signed copy"),
    "sections": N_("report sections"), "build": N_("build"), "generate": N_("generate"),
}


def action_label(action: str) -> str:
    """What an action did, in the user's words: "item.update" → "Program items: change"
    (the area, and the verb when it is a known one)."""
    parts = action.split(".")
    if parts[0] not in AUDIT_ACTION_LABELS:
        return action
    verb = next((v for v in reversed(parts[1:]) if v in AUDIT_VERB_LABELS), None)
    area = _(AUDIT_ACTION_LABELS[parts[0]])
    return area if verb is None else _("{area}: {verb}").format(area=area,
                                                               verb=_(AUDIT_VERB_LABELS[verb]))
