"""What a consolidation holds, as typed values (see :mod:`.consolidate`).

The window and the documents read attributes; the command line and the packages sent
upward write :meth:`Consolidation.as_json` — the fields are declared in the order of the
JSON members, so the JSON is what it always was.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


def _json(value: Any) -> dict[str, Any]:
    return dataclasses.asdict(value)


@dataclass(frozen=True)
class UnitSubmission:
    id: int
    unit: str
    submitted: bool
    created: str | None  # ISO date and time the package was made
    on_time: bool | None


@dataclass(frozen=True)
class Submissions:
    units: int
    submitted: int
    share: float | None
    on_time: int
    late: list[str]
    missing: list[str]
    by_unit: list[UnitSubmission]


@dataclass(frozen=True)
class UnitReading:
    unit: str
    unit_id: int
    reading: float | None
    attained: bool | None


@dataclass(frozen=True)
class TargetRollup:
    target: str
    text: str
    threshold: str  # as a document writes it: "≥ 99,5%"
    op: str
    value: float
    max: float | None
    unit: str  # percent or count
    numerator: float
    denominator: float
    count: float | None
    overall: float | None
    attained: bool | None
    units_reporting: int
    by_unit: list[UnitReading]


@dataclass(frozen=True)
class TaskRollup:
    item_id: int
    parent_id: int | None
    kind: str
    task: str
    number: str
    lead: int
    coordinating: int
    implementing: int
    statuses: dict[str, int]
    average_progress: float


@dataclass(frozen=True)
class UnitOverdue:
    unit: str
    unit_id: int
    overdue: int


@dataclass(frozen=True)
class UnitSessions:
    unit: str
    unit_id: int
    thematic_by_head: int


@dataclass(frozen=True)
class Concerns:
    total: int
    answered: int
    open: int
    overdue: int
    average_days_to_answer: float | None


@dataclass(frozen=True)
class UnitInspection:
    unit: str
    unit_id: int
    subject: str
    violations: int


@dataclass(frozen=True)
class Inspections:
    count: int
    violations: int
    discipline: dict[str, int]
    by_unit: list[UnitInspection]


@dataclass(frozen=True)
class RatingDistribution:
    rated: int
    counts: dict[str, int]
    good_or_better_share: float | None
    excellent_share: float | None
    excellent_allowed: int
    quota_ok: bool
    good_or_better_target_met: bool


@dataclass(frozen=True)
class _OfUnit:
    unit: str
    unit_id: int


@dataclass(frozen=True)
class UnitRatings(RatingDistribution, _OfUnit):
    """One unit's distribution; its fields are the unit's, then the distribution's (the
    JSON's order: dataclass fields come from the bases in reverse method order)."""


@dataclass(frozen=True)
class Ratings:
    by_unit: list[UnitRatings]
    overall: RatingDistribution | None


@dataclass(frozen=True)
class NearIdentical:
    """Two units' ideological issues near-identical to each other."""

    units: list[str]
    unit_ids: list[int]
    titles: list[str]
    score: float
    ids: list[int]


@dataclass(frozen=True)
class Consolidation:
    period: str
    label: str
    parent_program: int | None
    submissions: Submissions
    targets: list[TargetRollup]
    tasks: list[TaskRollup]
    overdue_by_unit: list[UnitOverdue]
    sessions: list[UnitSessions]
    concerns: Concerns
    inspections: Inspections
    ratings: Ratings
    ideological_issues_near_identical: list[NearIdentical]

    def as_json(self) -> dict[str, Any]:
        return _json(self)

    def submission_of(self, unit_id: int) -> UnitSubmission | None:
        return next((u for u in self.submissions.by_unit if u.id == unit_id), None)


@dataclass(frozen=True)
class UnitTarget:
    target: str
    measure: str  # percent or count
    reading: float | None
    attained: bool | None


@dataclass(frozen=True)
class OverdueItem:
    number: str | None
    task: str
    deadline: str | None  # ISO date
    progress: int


@dataclass(frozen=True)
class UnitDetail:
    """Everything the consolidation knows of one unit for the period (the drill-down)."""

    unit: str
    period: str
    submitted: bool
    created: str | None
    on_time: bool | None
    packages: list[dict[str, Any]]  # each received package, as the CLI lists them
    targets: list[UnitTarget]
    item_statuses: dict[str, int]
    overdue_items: list[OverdueItem]
    thematic_by_head: int | None
    inspections: list[UnitInspection]
    ratings: UnitRatings | None
    near_identical_issues: list[NearIdentical]
    rollup: dict[str, Any] | None  # the roll-up it passed up, as received

    def as_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True)
class UnitStanding:
    """A unit's line in the consolidation's list of units: its package, and (when it
    sent one) its overdue items and thematic sessions chaired by its head."""

    submission: UnitSubmission
    overdue: int | None
    thematic: int | None


def unit_standings(consolidation: Consolidation) -> list[UnitStanding]:
    """Each unit below, in order, with what the list of units shows of it."""
    thematic = {x.unit_id: x.thematic_by_head for x in consolidation.sessions}
    overdue = {x.unit_id: x.overdue for x in consolidation.overdue_by_unit}
    return [UnitStanding(u, overdue.get(u.id, 0) if u.submitted else None,
                         thematic.get(u.id)) for u in consolidation.submissions.by_unit]
