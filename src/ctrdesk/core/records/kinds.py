"""The five kinds of records a committee keeps, their own checks and derived figures.

- sessions (regular, thematic, standing-committee, extraordinary meetings): attendance and
  the quorum, agenda with sub-items, conclusions, follow-up actions;
- dialogues and the concerns raised in them: who answers, by when, days to answer;
- inspection and supervision: plan, findings, conclusion announced internally, discipline,
  recommendations followed up;
- ideological issues of the year, compared with earlier years and other units;
- ratings of members, leaders (quarterly) and the organization, with the excellent quota.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import N_, _, format_short_date
from ctrdesk.core.records.spec import Child, Field, Kind
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    AgendaItem,
    Attendance,
    Concern,
    Dialogue,
    DisciplinaryMeasure,
    FollowUp,
    IdeologicalIssue,
    Inspection,
    Meeting,
    Organization,
    Rating,
    tuples,
)
from ctrdesk.core.validation import Problems

if TYPE_CHECKING:
    from ctrdesk.core.records.service import WriteBatch

# Party rules the checks follow (Điều lệ Đảng; Quy định 124-QĐ/TW on rating):
QUORUM_SHARE = 2 / 3  # a meeting needs two thirds of the members expected
EXCELLENT_QUOTA = 0.20  # at most 20 % of those rated "good" or better may be "excellent"
GOOD_OR_BETTER_TARGET = 0.99  # the seeds' target: 99 % rated good or better
SIMILARITY_WARNING = 0.85  # an ideological-issue text this similar to another is flagged

MEETING_KINDS = ("regular", "thematic", "standing", "extraordinary")
MEETING_STATUSES = ("planned", "held", "cancelled")
FOLLOW_UP_STATUSES = ("open", "done", "dropped")
INSPECTION_MODES = ("inspection", "supervision")
INSPECTION_KINDS = ("regular", "thematic", "signs_of_violation")
INSPECTION_STATUSES = ("planned", "in_progress", "concluded")
MEASURES = ("reprimand", "warning", "dismissal", "expulsion")
SUBJECT_KINDS = ("member", "organization")
RATING_LEVELS = ("excellent", "good", "complete", "incomplete")
RATING_SUBJECTS = ("member", "leader", "organization")
RATING_PERIODS = ("year", "Q1", "Q2", "Q3", "Q4")
CONCERN_CATEGORIES = ("work", "policy", "discipline", "welfare", "other")


def _today() -> date:
    return date.today()


class _Report:
    """The rule problems of one record, each named as the user reads the field; refused
    all at once by :meth:`done`."""

    def __init__(self, kind: str):
        self.kind = kind
        self.problems = Problems()

    def add(self, field: str, message: str) -> None:
        label = KINDS[self.kind].label_of(field)
        self.problems.add(field, _("{field}: {problem}").format(field=label, problem=message))

    def done(self) -> None:
        self.problems.raise_if_any()


def _follow_ups(owner_table: str, name: str = "follow_ups",
                label: str = N_("Follow-up actions")) -> Child:
    return Child(name, label, FollowUp, (
        Field("text", N_("Action"), required=True),
        Field("owner_text", N_("Who acts")),
        Field("deadline", N_("Deadline"), "date"),
        Field("status", N_("Status"), "choice", choices=FOLLOW_UP_STATUSES, default="open"),
        Field("done_on", N_("Done on"), "date"),
    ), owner_table=owner_table)


def _check_follow_ups(report: _Report, rows: list[dict[str, Any]], name: str,
                      earliest: date | None) -> None:
    for index, row in enumerate(rows, start=1):
        if row["done_on"] and row["status"] != "done":
            row["status"] = "done"
        if earliest and row["deadline"] and row["deadline"] < earliest:
            report.add(f"{name}[{index}].deadline",
                       _("the deadline is before the record's own date."))
        if earliest and row["done_on"] and row["done_on"] < earliest:
            report.add(f"{name}[{index}].done_on", _("done before the record's own date."))


def follow_up_state(row: dict[str, Any], today: date | None = None) -> str:
    today = today or _today()
    if row["status"] != "open":
        return str(row["status"])
    deadline = row.get("deadline")
    if deadline and date.fromisoformat(str(deadline)) < today:
        return "overdue"
    return "open"


# --- sessions -------------------------------------------------------------------------------


def _validate_session(ws: Workspace, data: dict[str, Any], record_id: int | None,
                      _batch: WriteBatch | None = None) -> None:
    report = _Report("session")
    if data["held_on"] and data["status"] == "planned":
        data["status"] = "held"
    if data["status"] == "held" and not data["held_on"]:
        report.add("held_on", _("a held meeting needs the date it was held."))
    planned = data["planned_start"]
    if data["planned_end"] and planned and data["planned_end"] < planned:
        report.add("planned_end", _("the planned period ends before it starts."))
    if data["held_on"] and planned and data["held_on"] < date(planned.year, 1, 1):
        report.add("held_on", _("held on {held}, before the year it was planned for ({year}).")
                   .format(held=format_short_date(data["held_on"]), year=planned.year))
    people = [row["person"] for row in data["attendance"]]
    for index, person in enumerate(people, start=1):
        if person in people[:index - 1]:
            report.add(f"attendance[{index}].person", _("this member is already listed."))
    present = sum(1 for row in data["attendance"] if row["present"])
    if data["membership"] and (present > data["membership"]
                               or len(data["attendance"]) > data["membership"]):
        report.add("attendance", _("{count} people listed for a membership of {members}.")
                   .format(count=len(data["attendance"]), members=data["membership"]))
    if data["chair_is_head"] and not data["chair"]:
        report.add("chair", _("say who chaired when the head chaired."))
    _check_follow_ups(report, data["follow_ups"], "follow_ups", data["held_on"])
    report.done()


def session_figures(ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    attendance = data.get("attendance") or []
    present = sum(1 for row in attendance if row["present"])
    members = int(data.get("membership") or 0) or len(attendance)
    needed = math.ceil(members * QUORUM_SHARE - 1e-9) if members else 0
    follow = [follow_up_state(f) for f in data.get("follow_ups") or []]
    return {
        "present": present,
        "absent": len(attendance) - present,
        "membership": members,
        "quorum_needed": needed,
        "quorum_met": bool(members) and present >= needed,
        "follow_ups_open": follow.count("open"),
        "follow_ups_overdue": follow.count("overdue"),
    }


SESSION = Kind(
    name="session",
    label=N_("Sessions and meetings"),
    model=Meeting,
    fields=(
        Field("kind", N_("Kind"), "choice", choices=MEETING_KINDS, default="regular",
              in_list=True),
        Field("title", N_("Title"), required=True),
        Field("topic", N_("Topic (thematic sessions)"), "longtext"),
        Field("planned_start", N_("Planned from"), "date", in_list=True),
        Field("planned_end", N_("Planned to"), "date"),
        Field("planned_text", N_("Planned time as written")),
        Field("held_on", N_("Held on"), "date", in_list=True),
        Field("place", N_("Place")),
        Field("chair", N_("Chair"), "person", in_list=True),
        Field("chair_is_head", N_("Chaired by the head of the unit"), "bool", in_list=True),
        Field("recorder", N_("Recorder"), "person"),
        Field("start_time", N_("Started at")),
        Field("end_time", N_("Ended at")),
        Field("membership", N_("Members expected"), "int"),
        Field("guests", N_("Guests (one a line)"), "longtext"),
        Field("speakers", N_("Who spoke (a line each: name: what they said)"), "longtext"),
        Field("discussion", N_("Discussion notes"), "longtext"),
        Field("conclusions", N_("Conclusions and resolutions"), "longtext"),
        Field("vote_matter", N_("Put to the vote"), "longtext"),
        Field("votes_for", N_("Votes for"), "int"),
        Field("votes_against", N_("Votes against"), "int"),
        Field("votes_abstain", N_("Abstentions"), "int"),
        Field("status", N_("Status"), "choice", choices=MEETING_STATUSES, default="planned",
              in_list=True),
    ),
    children=(
        Child("attendance", N_("Attendance"), Attendance, (
            Field("person", N_("Member"), "person", required=True),
            Field("present", N_("Present"), "bool", default=True),
            Field("reason", N_("Reason for absence")),
        ), parent_field="meeting", ordered=False),
        Child("agenda", N_("Agenda"), AgendaItem, (
            Field("number", N_("No.")),
            Field("text", N_("Item"), required=True),
            Field("preparer_text", N_("Prepared by")),
            Field("status", N_("Status")),
        ), parent_field="meeting"),
        _follow_ups("meeting"),
    ),
    date_field="held_on",
    validate=_validate_session,
    figures=session_figures,
    search_fields=("title", "topic", "conclusions", "place"),
)


# --- dialogues and concerns -----------------------------------------------------------------


def _validate_dialogue(ws: Workspace, data: dict[str, Any], record_id: int | None,
                       _batch: WriteBatch | None = None) -> None:
    report = _Report("dialogue")
    held = data["held_on"]
    for index, concern in enumerate(data["concerns"], start=1):
        where = f"concerns[{index}]"
        if concern["anonymous"] and concern["raised_by"]:
            report.add(f"{where}.raised_by",
                       _("an anonymous concern cannot name who raised it."))
        if concern["answered_on"] and concern["answered_on"] < held:
            report.add(f"{where}.answered_on",
                       _("answered on {answered}, before it was raised on {raised}.").format(
                           answered=format_short_date(concern["answered_on"]),
                           raised=format_short_date(held)))
        if concern["answer_due"] and concern["answer_due"] < held:
            report.add(f"{where}.answer_due", _("due before it was raised."))
        if concern["answered_on"] and not concern["answer"]:
            report.add(f"{where}.answer", _("write the answer that was given."))
    report.done()


def concern_state(concern: dict[str, Any], raised: date, today: date | None = None
                  ) -> tuple[str, int | None]:
    """('answered', days) | ('overdue', None) | ('open', None)."""
    today = today or _today()
    if concern.get("answered_on"):
        answered = date.fromisoformat(str(concern["answered_on"]))
        return "answered", (answered - raised).days
    due = concern.get("answer_due")
    if due and date.fromisoformat(str(due)) < today:
        return "overdue", None
    return "open", None


def dialogue_figures(ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    raised = date.fromisoformat(str(data["held_on"]))
    states = [concern_state(c, raised) for c in data.get("concerns") or []]
    days = [d for state, d in states if state == "answered" and d is not None]
    return {
        "concerns": len(states),
        "answered": sum(1 for s, _d in states if s == "answered"),
        "open": sum(1 for s, _d in states if s == "open"),
        "overdue": sum(1 for s, _d in states if s == "overdue"),
        "days_to_answer": [d for _s, d in states],
        "average_days_to_answer": round(sum(days) / len(days), 1) if days else None,
    }


DIALOGUE = Kind(
    name="dialogue",
    label=N_("Dialogues and concerns"),
    model=Dialogue,
    fields=(
        Field("held_on", N_("Held on"), "date", required=True),
        Field("title", N_("Title"), required=True),
        Field("participants", N_("Participants"), "longtext"),
        Field("participant_count", N_("Number of participants"), "int", in_list=True),
        Field("notes", N_("Notes"), "longtext"),
    ),
    children=(
        Child("concerns", N_("Concerns raised"), Concern, (
            Field("content", N_("Concern"), required=True),
            Field("raised_by", N_("Raised by"), "person"),
            Field("anonymous", N_("Anonymous"), "bool"),
            Field("category", N_("Category"), "choice", choices=("", *CONCERN_CATEGORIES)),
            Field("answerer", N_("Who answers")),
            Field("answer_due", N_("Answer due"), "date"),
            Field("answer", N_("Answer"), "longtext"),
            Field("answered_on", N_("Answered on"), "date"),
        ), parent_field="dialogue"),
    ),
    date_field="held_on",
    validate=_validate_dialogue,
    figures=dialogue_figures,
    search_fields=("title", "notes", "participants"),
)


# --- inspection and supervision ---------------------------------------------------------------


def _validate_inspection(ws: Workspace, data: dict[str, Any], record_id: int | None,
                         _batch: WriteBatch | None = None) -> None:
    report = _Report("inspection")
    if data["planned_end"] and data["planned_start"] and \
            data["planned_end"] < data["planned_start"]:
        report.add("planned_end", _("the planned period ends before it starts."))
    if data["announced_on"] and not data["concluded_on"]:
        report.add("announced_on", _("a conclusion is announced only after it is concluded."))
    if data["announced_on"] and data["concluded_on"] and \
            data["announced_on"] < data["concluded_on"]:
        report.add("announced_on", _("announced before the conclusion was reached."))
    if data["concluded_on"] and data["status"] != "concluded":
        data["status"] = "concluded"
    if data["status"] == "concluded" and not (data["conclusion"] and data["concluded_on"]):
        report.add("conclusion", _("a concluded inspection needs its conclusion and its "
                                   "date."))
    if data["concluded_on"] and data["concluded_on"].year < data["year"]:
        report.add("concluded_on", _("concluded before the year of the plan."))
    if data["measures"] and data["violations"] == 0:
        report.add("violations", _("disciplinary measures were recorded but no violation."))
    _check_follow_ups(report, data["recommendations"], "recommendations", data["concluded_on"])
    report.done()


def inspection_figures(ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    measures = data.get("measures") or []
    states = [follow_up_state(r) for r in data.get("recommendations") or []]
    return {
        "violations": data.get("violations", 0),
        "measures": {m: sum(1 for x in measures if x["measure"] == m) for m in MEASURES},
        "recommendations": len(states),
        "recommendations_done": states.count("done"),
        "recommendations_overdue": states.count("overdue"),
        "announced": bool(data.get("announced_on")),
    }


INSPECTION = Kind(
    name="inspection",
    label=N_("Inspection and supervision"),
    model=Inspection,
    fields=(
        Field("year", N_("Year of the plan"), "year", required=True, in_list=True),
        Field("mode", N_("Inspection or supervision"), "choice", choices=INSPECTION_MODES,
              default="inspection", in_list=True),
        Field("kind", N_("Kind"), "choice", choices=INSPECTION_KINDS, default="regular",
              in_list=True),
        Field("subject", N_("Subject (member or organization)"), required=True, in_list=True),
        Field("topic", N_("Topic"), "longtext"),
        Field("period", N_("Period covered")),
        Field("planned_start", N_("Planned from"), "date"),
        Field("planned_end", N_("Planned to"), "date"),
        Field("team", N_("Team"), "longtext"),
        Field("findings", N_("Findings"), "longtext"),
        Field("conclusion", N_("Conclusion"), "longtext"),
        Field("concluded_on", N_("Concluded on"), "date", in_list=True),
        Field("announced_on", N_("Announced internally on"), "date"),
        Field("violations", N_("Violations found"), "int"),
        Field("status", N_("Status"), "choice", choices=INSPECTION_STATUSES, default="planned",
              in_list=True),
    ),
    children=(
        Child("measures", N_("Disciplinary measures"), DisciplinaryMeasure, (
            Field("subject_kind", N_("Member or organization"), "choice",
                  choices=SUBJECT_KINDS, default="member"),
            Field("subject", N_("Who"), required=True),
            Field("measure", N_("Measure"), "choice", choices=MEASURES, required=True),
            Field("decided_on", N_("Decided on"), "date"),
        ), parent_field="inspection"),
        _follow_ups("inspection", "recommendations", N_("Recommendations")),
    ),
    year_field="year",
    date_field="planned_start",
    title_field="subject",
    validate=_validate_inspection,
    figures=inspection_figures,
    search_fields=("subject", "topic", "findings", "conclusion"),
)


# --- ideological issues ------------------------------------------------------------------------


def _issue_text(title: str, description: str) -> str:
    return f"{title}. {description}".strip(". ")


def similar_issues(ws: Workspace, text: str, organization: int | None, year: int,
                   exclude: int | None = None, threshold: float = SIMILARITY_WARNING,
                   ) -> list[dict[str, Any]]:
    """Earlier years' issues of the same unit and other units' issues this text resembles."""
    from ctrdesk.core.similarity import similarity

    with ws.reading():
        rows = tuples(IdeologicalIssue.select(
            IdeologicalIssue.id, IdeologicalIssue.organization, IdeologicalIssue.year,
            IdeologicalIssue.title, IdeologicalIssue.description).where(
            IdeologicalIssue.id != (exclude or 0)))
        names = dict(tuples(Organization.select(Organization.id, Organization.name)))
    found = []
    for issue_id, issue_org, issue_year, title, description in rows:
        same_unit = issue_org == organization
        if same_unit and issue_year >= year:
            continue  # the same unit's issues of this year are its own list, not copies
        score = similarity(text, _issue_text(title, description))
        if score >= threshold:
            found.append({"id": issue_id, "year": issue_year, "title": title,
                          "organization": names.get(issue_org, ""),
                          "score": round(score, 3), "same_unit": same_unit})
    found.sort(key=lambda f: -f["score"])
    return found


def _after_issue(ws: Workspace, record_id: int, data: dict[str, Any]) -> dict[str, Any]:
    matches = similar_issues(ws, _issue_text(data["title"], data["description"]),
                             data["organization"], data["year"], exclude=record_id)
    best = matches[0] if matches else None
    IdeologicalIssue.update(
        similarity=best["score"] if best else None,
        similar_to=f"{best['organization']} ({best['year']}): {best['title']}" if best else "",
    ).where(IdeologicalIssue.id == record_id).execute()
    if not best:
        return {}
    return {"warnings": [_(
        "This text is near-identical ({score:.0%}) to \u201c{title}\u201d of {unit} ({year}). "
        "Each branch names the issues of its own year.").format(
        score=best["score"], title=best["title"], unit=best["organization"], year=best["year"])],
        "similar": matches}


def issue_figures(ws: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    """The similarity found when it was saved (computed, never typed in)."""
    with ws.reading():
        row = IdeologicalIssue.get_by_id(data["id"])
    return {"similarity": row.similarity, "similar_to": row.similar_to}


IDEOLOGICAL_ISSUE = Kind(
    name="ideological-issue",
    label=N_("Ideological issues"),
    model=IdeologicalIssue,
    fields=(
        Field("year", N_("Year"), "year", required=True, in_list=True),
        Field("title", N_("Issue"), required=True),
        Field("description", N_("Description"), "longtext"),
        Field("measures", N_("Measures taken"), "longtext"),
    ),
    year_field="year",
    date_field="year",
    after_save=_after_issue,
    figures=issue_figures,
    search_fields=("title", "description", "measures"),
)


# --- ratings -------------------------------------------------------------------------------------


def rating_distribution(levels: list[str], ws: Workspace | None = None) -> dict[str, Any]:
    """Counts, shares and the quota and target checks for a list of member ratings; the
    quota and the target are the workspace's settings when ``ws`` is given."""
    quota, target = EXCELLENT_QUOTA, GOOD_OR_BETTER_TARGET
    if ws is not None:
        from ctrdesk.core.setup import excellent_share, good_target

        quota, target = excellent_share(ws), good_target(ws)
    counts = {level: levels.count(level) for level in RATING_LEVELS}
    total = len(levels)
    good_or_better = counts["excellent"] + counts["good"]
    allowed = math.floor(quota * good_or_better + 1e-9)
    return {
        "rated": total,
        "counts": counts,
        "good_or_better_share": round(good_or_better / total, 4) if total else None,
        "excellent_share": round(counts["excellent"] / total, 4) if total else None,
        "excellent_allowed": allowed,
        "quota_ok": counts["excellent"] <= allowed,
        "good_or_better_target_met": bool(total) and good_or_better / total
        >= target - 1e-9,
    }


@dataclass
class _Held:
    """A rating held (or waiting in a batch: no id yet, a negative one) as its checks see
    it."""

    id: int
    person: int | None
    subject: str
    level: str


class RatingBook:
    """The ratings one check is made against: a unit's ratings of one kind for one year
    and period. A single save reads them; a batch (a package's ratings, checked one by
    one, each against those before it) reads them once and adds each rating it takes,
    since those wait in the batch and the workspace does not hold them yet."""

    def __init__(self, ws: Workspace, organization: int | None, year: int, period: str,
                 subject_kind: str) -> None:
        # By the unit's index: "+" keeps SQLite off the year's, which at the upper level
        # holds every unit's ratings of the year (a thousand packages' worth).
        self.held = [_Held(*row) for row in ws.db.execute_sql(
            'SELECT "id", "person_id", "subject", "level" FROM "rating" WHERE '
            '"organization_id" IS ? AND +"year" = ? AND "period" = ? AND "subject_kind" = ?',
            (organization, year, period, subject_kind))]
        self._waiting = 0  # ratings taken without an id yet: -1, -2...

    @classmethod
    def of(cls, ws: Workspace, data: dict[str, Any], batch: WriteBatch | None
           ) -> RatingBook:
        key = ("rating", data["organization"], data["year"], data["period"],
               data["subject_kind"])
        if batch is None:
            return cls(ws, *key[1:])
        book = batch.memo.get(key)
        if book is None:
            book = batch.memo[key] = cls(ws, *key[1:])
        return book

    def others(self, record_id: int | None) -> list[_Held]:
        """Every rating but the one being saved again."""
        return [held for held in self.held if held.id != (record_id or 0)]

    def take(self, data: dict[str, Any], record_id: int | None, batch: WriteBatch) -> None:
        """A rating the batch stores: those after it are checked against it too."""
        if record_id is None:
            self._waiting -= 1
        else:  # saved again, maybe for another year or period: no longer where it was
            for book in batch.memo.values():
                if isinstance(book, RatingBook):
                    book.held = book.others(record_id)
        self.held.append(_Held(record_id or self._waiting, data["person"], data["subject"],
                               data["level"]))


def _validate_rating(ws: Workspace, data: dict[str, Any], record_id: int | None,
                     batch: WriteBatch | None = None) -> None:
    report = _Report("rating")
    kind = data["subject_kind"]
    if kind in ("member", "leader") and not data["person"]:
        report.add("person", _("say which member is rated."))
    if kind != "leader" and data["period"] != "year":
        report.add("period", _("members and organizations are rated once a year; only "
                               "leaders are rated quarterly."))
    if data["person"] and not data["subject"]:
        data["subject"] = ws.db.execute_sql('SELECT "full_name" FROM "person" WHERE "id" = ?',
                                            (data["person"],)).fetchone()[0]
    if not data["subject"]:
        report.add("subject", _("say who or what is rated."))
        report.done()
    book = RatingBook.of(ws, data, batch)
    others = book.others(record_id)
    if any(held.person == data["person"] if data["person"] else
           held.subject == data["subject"] for held in others):
        report.add("subject", _("{name} is already rated for {period} {year}.").format(
            name=data["subject"], period=data["period"], year=data["year"]))
    if kind == "member" and data["level"] == "excellent":
        check = rating_distribution([*(held.level for held in others), data["level"]], ws)
        if not check["quota_ok"]:
            from ctrdesk.core.setup import excellent_share

            report.add("level", _("at most {allowed} member(s) may be rated excellent — "
                                  "{share:.0%} of the {good} rated good or better. Rate the "
                                  "others first, or choose another level.").format(
                allowed=check["excellent_allowed"], share=excellent_share(ws),
                good=check["counts"]["good"] + check["counts"]["excellent"]))
    report.done()
    if batch is not None:
        book.take(data, record_id, batch)


RATING = Kind(
    name="rating",
    label=N_("Ratings"),
    model=Rating,
    fields=(
        Field("year", N_("Year"), "year", required=True, in_list=True),
        Field("period", N_("Period"), "choice", choices=RATING_PERIODS, default="year",
              in_list=True),
        Field("subject_kind", N_("Rated"), "choice", choices=RATING_SUBJECTS,
              default="member", in_list=True),
        Field("person", N_("Member"), "person"),
        Field("subject", N_("Name"), in_list=True),
        Field("level", N_("Level"), "choice", choices=RATING_LEVELS, required=True,
              in_list=True),
        Field("note", N_("Note"), "longtext"),
    ),
    year_field="year",
    date_field="year",
    title_field="subject",
    validate=_validate_rating,
    search_fields=("subject", "note"),
    # A list is checked as a whole: the excellent ones come after those they are a share of.
    bulk_order=lambda data: data.get("level") == "excellent",
)


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    SESSION, DIALOGUE, INSPECTION, IDEOLOGICAL_ISSUE, RATING)}
