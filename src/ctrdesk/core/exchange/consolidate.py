"""Consolidation at the upper level: for a period, over all subordinate units.

Counts are summed; percentages are recomputed from the units' numerators and
denominators, never averaged. Everything is read from what the submissions stored.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from ctrdesk.core.exchange.consolidation import (
    Concerns,
    Consolidation,
    Inspections,
    NearIdentical,
    OverdueItem,
    RatingDistribution,
    Ratings,
    Submissions,
    TargetRollup,
    TaskRollup,
    UnitDetail,
    UnitInspection,
    UnitOverdue,
    UnitRatings,
    UnitReading,
    UnitSessions,
    UnitSubmission,
    UnitTarget,
)
from ctrdesk.core.importing.thresholds import Threshold
from ctrdesk.core.period import parse_period
from ctrdesk.core.programs.asof import item_texts, own_target_texts
from ctrdesk.core.programs.execution import effective_status, meets
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    IdeologicalIssue,
    Organization,
    Program,
    ProgramItem,
    Submission,
    Target,
)
from ctrdesk.core.units import REPORTING_KINDS

DAYS_ALLOWED = 10  # a period's report is due this many days after it ends


class SubordinateUnit(NamedTuple):
    id: int
    name: str


def subordinate_units(ws: Workspace) -> list[SubordinateUnit]:
    """The reporting units below this workspace's own organization, at any depth (all of
    them when it has none), in their order."""
    from ctrdesk.core.organizations import OWN_UNIT_SETTING

    own_uuid = ws.get_setting(OWN_UNIT_SETTING)
    kinds = ", ".join("?" * len(REPORTING_KINDS))
    # Plain rows: a provincial parent has a thousand units, read at every consolidation.
    units_sql = (f'SELECT "id", "name" FROM "organization" WHERE "kind" IN ({kinds})'
                 ' ORDER BY "position", "id"')
    with ws.reading():
        units = [SubordinateUnit(*row) for row in ws.db.execute_sql(
            units_sql, tuple(REPORTING_KINDS)).fetchall()]
        own = ws.db.execute_sql('SELECT "id" FROM "organization" WHERE "uuid" = ?',
                                (own_uuid,)).fetchone() if own_uuid else None
        if own is None:
            return units
        below = {row[0] for row in ws.db.execute_sql(
            "WITH RECURSIVE below(id) AS (SELECT id FROM organization WHERE parent_id = ? "
            "UNION SELECT o.id FROM organization o JOIN below ON o.parent_id = below.id) "
            "SELECT id FROM below", (own[0],)).fetchall()}
    return [u for u in units if u.id in below]


def consolidate(ws: Workspace, period: str, parent_program: int | None = None
                ) -> Consolidation:
    """The period's roll-up over the subordinate units.

    Each part is read with one set-based query — aggregates, window aggregates for the
    parent targets' sums, an index seek for each target's latest reading — and Python
    only lays the rows out. The units and the unit programs held are passed to SQLite as
    one JSON array, not as thousand-id lists.
    """
    from ctrdesk.core.records.kinds import rating_distribution

    span = parse_period(period)
    due = span.end + timedelta(days=DAYS_ALLOWED)
    units = subordinate_units(ws)
    names = {u.id: u.name for u in units}
    sql = _Sql(ws)
    with ws.reading():
        created_of = Submission.created.python_value
        held = {org: created_of(created) for org, created in sql.rows(
            "SELECT organization_id, created FROM submission WHERE period = ? "
            "AND status = 'current' AND organization_id IN (SELECT value FROM json_each(?))",
            span.code, sql.ids(names))}
        # Each unit's program: its latest unit program (one per unit in practice).
        programs = {issuer: (program_id, parent) for program_id, issuer, parent in sql.rows(
            "SELECT id, issuer_id, parent_id FROM program WHERE id IN (SELECT MAX(id) "
            "FROM program WHERE kind = 'unit_program' AND issuer_id IN "
            "(SELECT value FROM json_each(?)) GROUP BY issuer_id) ORDER BY id",
            sql.ids(held))}
        if parent_program is None:
            parents = [parent for _id, parent in programs.values() if parent]
            frequency = Counter(parents)
            parent_program = max(set(parents), key=frequency.__getitem__) if parents \
                else None
        program_unit = {program_id: u for u, (program_id, _parent) in programs.items()}
        held_programs = sql.ids(program_unit)
        target_rollup = _target_rollup(sql, span.end, parent_program, held_programs,
                                       program_unit, names)
        tasks, overdue_by_unit = _task_rollup(sql, span.end, parent_program, held_programs,
                                              program_unit)
        records = _period_records(sql, span.start, span.end, sql.ids(held))
        issues = [(i.id, i.organization_id, i.title, i.description) for i in  # type: ignore[attr-defined]
                  IdeologicalIssue.select(IdeologicalIssue.id, IdeologicalIssue.organization,
                                          IdeologicalIssue.title,
                                          IdeologicalIssue.description)
                  .where((IdeologicalIssue.year == span.end.year)
                         & IdeologicalIssue.organization.in_(list(held)))]
    submissions = Submissions(
        units=len(units), submitted=len(held),
        share=round(len(held) / len(units), 4) if units else None,
        on_time=sum(1 for created in held.values() if created.date() <= due),
        late=sorted(names[u] for u, created in held.items() if created.date() > due),
        missing=sorted(names[u] for u in names if u not in held),
        by_unit=[UnitSubmission(
            id=u.id, unit=u.name, submitted=u.id in held,
            created=held[u.id].isoformat() if u.id in held else None,
            on_time=held[u.id].date() <= due if u.id in held else None) for u in units],
    )
    sessions = [UnitSessions(unit.name, unit.id, records.thematic.get(unit.id, 0))
                for unit in units if unit.id in held]
    inspections = [UnitInspection(names[org], org, subject, count)
                   for org, subject, count in records.inspections]
    violations = sum(count for _org, _subject, count in records.inspections)
    ratings = [UnitRatings(unit.name, unit.id,
                           **rating_distribution(_levels(records.levels[unit.id])))
               for unit in units if records.levels.get(unit.id)]
    all_levels: dict[str, int] = defaultdict(int)
    for entry in ratings:
        for level, number in entry.counts.items():
            all_levels[level] += number
    return Consolidation(
        period=span.code, label=span.label, parent_program=parent_program,
        submissions=submissions, targets=target_rollup, tasks=tasks,
        overdue_by_unit=[UnitOverdue(names[u], u, n)
                         for u, n in sorted(overdue_by_unit.items())],
        sessions=sessions,
        concerns=records.concerns,
        inspections=Inspections(len(inspections), violations, records.measures,
                                inspections),
        ratings=Ratings(ratings, RatingDistribution(**rating_distribution(
            _levels(all_levels.items()))) if all_levels else None),
        ideological_issues_near_identical=_near_identical(issues, names),
    )


class _Sql:
    """Read-only SQL over the workspace, with id sets passed as one JSON parameter."""

    def __init__(self, ws: Workspace) -> None:
        self.db = ws.db

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return list(self.db.execute_sql(sql, params).fetchall())

    @staticmethod
    def ids(values: Iterable[int]) -> str:
        return json.dumps(list(values))


def _levels(counts: Iterable[tuple[str, int]]) -> list[str]:
    return [level for level, number in counts for _ in range(number)]


# The same few targets and readings come back unit after unit.
_meets = lru_cache(maxsize=4096)(meets)

# Each unit target of the parent program's targets, with its latest reading up to the
# period's end (the latest date, then the latest entered: one seek in the target's
# readings), and the sums its parent target is recomputed from — numerators and
# denominators of the percentages, counts — and how many units reported, as window
# aggregates over the rows of the same parent target.
_TARGETS_SQL = """
WITH rows AS (
  SELECT t.id, t.parent_target_id, t.program_id, t.op, t.value, t.max_value, t.unit,
         r.id IS NOT NULL AS has_reading, r.numerator, r.denominator, r.count
  FROM json_each(?) AS held JOIN target t ON t.program_id = held.value
  LEFT JOIN target_reading r ON r.id = (
    SELECT id FROM target_reading WHERE target_id = t.id AND as_of <= ?
    ORDER BY as_of DESC, id DESC LIMIT 1)
  WHERE +t.parent_target_id IN (SELECT id FROM target WHERE program_id = ?))
SELECT parent_target_id, program_id, op, value, max_value, unit, has_reading, numerator,
       denominator, count,
       SUM(CASE WHEN has_reading AND unit = 'percent' THEN COALESCE(numerator, 0) END)
         OVER whole,
       SUM(CASE WHEN has_reading AND unit = 'percent' THEN COALESCE(denominator, 0) END)
         OVER whole,
       SUM(CASE WHEN has_reading AND unit != 'percent' THEN COALESCE(count, 0) END)
         OVER whole,
       SUM(has_reading) OVER whole
FROM rows
WINDOW whole AS (PARTITION BY parent_target_id)
ORDER BY program_id, id
"""


def _target_rollup(sql: _Sql, end: date, parent_program: int | None, held_programs: str,
                   program_unit: dict[int, int], names: dict[int, str]
                   ) -> list[TargetRollup]:
    if parent_program is None:
        return []
    by_parent: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    sums: dict[int, tuple[Any, ...]] = {}
    for row in sql.rows(_TARGETS_SQL, held_programs, end.isoformat(), parent_program):
        by_parent[row[0]].append(row[:10])
        sums[row[0]] = row[10:]
    # (read inside the caller's transaction)
    parent_targets = list(Target.select().where(Target.program == parent_program)
                          .order_by(Target.id))
    # Each target's own words (an appendix cell "> 90%" takes its row's words).
    own_texts = own_target_texts(parent_targets, item_texts(parent_targets))
    rollup = []
    for target_id, text, op, value, max_value, unit in (
            (t.id, t.text, t.op, t.value, t.max_value, t.unit) for t in parent_targets):
        per_unit: list[UnitReading] = []
        for (_parent, program_id, unit_op, unit_value, unit_max, measure, has_reading,
             numerator, denominator, count) in by_parent.get(target_id, ()):
            holder_id = program_unit[program_id]
            if not has_reading:
                per_unit.append(UnitReading(names.get(holder_id, ""), holder_id, None, None))
                continue
            reading = 100.0 * (numerator or 0) / (denominator or 1) if measure == "percent" \
                else float(count or 0)
            per_unit.append(UnitReading(names.get(holder_id, ""), holder_id,
                                        round(reading, 2),
                                        _meets(unit_op, unit_value, unit_max, reading)))
        numerator_sum, denominator_sum, count_sum, reporting = sums.get(
            target_id, (None, None, None, 0))
        numerator_sum, denominator_sum = numerator_sum or 0, denominator_sum or 0
        count_sum = count_sum or 0
        overall = (100.0 * numerator_sum / denominator_sum if denominator_sum else None) \
            if unit == "percent" else float(count_sum)
        rollup.append(TargetRollup(
            target=text, text=own_texts[target_id],
            threshold=Threshold(op, value, max_value, unit).describe(),
            op=op, value=value, max=max_value, unit=unit,
            numerator=numerator_sum, denominator=denominator_sum,
            count=count_sum if unit == "count" else None,
            overall=round(overall, 2) if overall is not None else None,
            attained=meets(op, value, max_value, overall) if overall is not None else None,
            units_reporting=reporting or 0,
            by_unit=per_unit,
        ))
    return rollup


# The unit items with a role, read once, with their status as shown at the period's end
# (an unfinished item past its deadline is overdue: execution.effective_status, in SQL).
# Then per parent task, role and status shown: how many, their progress summed and where
# the first of them comes (the order the tasks are listed in); and per unit program, how
# many items are overdue.
_ITEMS_SQL = """
WITH items AS MATERIALIZED (
  SELECT i.program_id, i.source_item_id, i.role, i.progress,
         i.program_id * 4294967296 + i.id AS place,
         CASE WHEN i.status NOT IN ('done', 'cancelled') AND i.deadline IS NOT NULL
              AND i.deadline < ? THEN 'overdue' ELSE i.status END AS shown
  FROM json_each(?) AS held JOIN program_item i ON i.program_id = held.value
  WHERE COALESCE(i.role, '') != '')
SELECT * FROM (
  SELECT source_item_id, role, shown, COUNT(*), SUM(progress), MIN(place) AS first
  FROM items WHERE source_item_id IN (SELECT id FROM program_item WHERE program_id = ?)
  GROUP BY source_item_id, role, shown ORDER BY first)
UNION ALL
SELECT NULL, program_id, 'overdue', COUNT(*), NULL, NULL FROM items
WHERE shown = 'overdue' GROUP BY program_id
"""


def _task_rollup(sql: _Sql, end: date, parent_program: int | None, held_programs: str,
                 program_unit: dict[int, int]
                 ) -> tuple[list[TaskRollup], dict[int, int]]:
    parent_items = {item_id: (number, title or text, parent_id, kind)
                    for item_id, number, title, text, parent_id, kind in sql.rows(
                        "SELECT id, number, title, text, parent_id, kind FROM program_item "
                        "WHERE program_id = ?", parent_program)} if parent_program else {}
    rollup: dict[int, dict[str, Any]] = {}
    overdue: dict[int, int] = {}
    progress: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for source, role, shown, number, progress_sum, _first in sql.rows(
            _ITEMS_SQL, end.isoformat(), held_programs, parent_program or 0):
        if source is None:  # a unit program's overdue items
            overdue[program_unit[role]] = number
            continue
        entry = rollup.get(source)
        if entry is None:
            item_number, task, parent_id, kind = parent_items[source]
            entry = rollup[source] = {
                "item_id": source, "parent_id": parent_id, "kind": kind, "task": task,
                "number": item_number, "lead": 0, "coordinating": 0,
                "implementing": 0, "statuses": {}}
        entry[role] = entry.get(role, 0) + number
        entry["statuses"][shown] = entry["statuses"].get(shown, 0) + number
        progress[source][0] += progress_sum
        progress[source][1] += number
    tasks = []
    for source, entry in rollup.items():
        total, number = progress[source]
        tasks.append(TaskRollup(**entry,
                                average_progress=round(total / number, 1) if number else 0))
    return tasks, overdue


def _near_identical(issues: list[tuple[int, int, str, str]], names: dict[int, str]
                    ) -> list[NearIdentical]:
    """Pairs of the units' ideological issues near-identical to each other's."""
    from ctrdesk.core.similarity import near_pairs

    pairs = []
    texts = [f"{title}. {text}" for _id, _org, title, text in issues]
    for first, second, score in near_pairs(texts):
        (first_id, first_org, first_title, _t), (second_id, second_org, second_title, _s) = \
            issues[first], issues[second]
        if first_org != second_org:
            pairs.append(NearIdentical(units=[names[first_org], names[second_org]],
                                       unit_ids=[first_org, second_org],
                                       titles=[first_title, second_title],
                                       score=round(score, 3), ids=[first_id, second_id]))
    return pairs


@dataclass
class _PeriodRecords:
    thematic: dict[int, int]
    concerns: Concerns
    inspections: list[tuple[int, str, int]]
    measures: dict[str, int]
    levels: dict[int, list[tuple[str, int]]]


# The concerns raised in dialogues of the period, by state at the period's end
# (records.kinds.concern_state, in SQL): answered (and in how many days), past due, open.
_CONCERNS_SQL = """
SELECT COUNT(*), SUM(answered), SUM(NOT answered AND overdue),
       SUM(NOT answered AND NOT overdue), SUM(days), COUNT(days)
FROM (SELECT answered, overdue,
             CASE WHEN answered THEN
               CAST(ROUND(julianday(answered_on) - julianday(held_on)) AS INTEGER) END AS days
      FROM (SELECT c.answered_on, d.held_on,
                   -- an answer given after the period's end was not given yet then
                   COALESCE(c.answered_on, '') != '' AND c.answered_on <= ? AS answered,
                   COALESCE(c.answer_due, '') != '' AND c.answer_due < ? AS overdue
            FROM concern c JOIN dialogue d ON d.id = c.dialogue_id
            WHERE d.organization_id IN (SELECT value FROM json_each(?))
              AND d.held_on >= ? AND d.held_on <= ?))
"""


def _period_records(sql: _Sql, start: date, end: date, units: str) -> _PeriodRecords:
    """The units' records of the period, each kind read with one aggregate query."""
    in_units = "organization_id IN (SELECT value FROM json_each(?))"
    thematic = dict(sql.rows(
        f"SELECT organization_id, COUNT(id) FROM meeting WHERE kind = 'thematic' "
        f"AND status = 'held' AND chair_is_head AND held_on >= ? AND held_on <= ? "
        f"AND {in_units} GROUP BY organization_id",
        f"{end.year}-01-01", f"{end.year}-12-31", units))
    total, answered, overdue, still_open, days, answers = sql.rows(
        _CONCERNS_SQL, end.isoformat(), end.isoformat(), units, start.isoformat(),
        end.isoformat())[0]
    concerns = Concerns(total=total, answered=answered or 0, open=still_open or 0,
                        overdue=overdue or 0,
                        average_days_to_answer=round(days / answers, 1) if answers else None)
    concluded = f"{in_units} AND concluded_on >= ? AND concluded_on <= ?"
    inspections = [(org, subject, violations) for org, subject, violations in sql.rows(
        f"SELECT organization_id, subject, violations FROM inspection WHERE {concluded} "
        "ORDER BY organization_id, id", units, start.isoformat(), end.isoformat())]
    measures = dict(sql.rows(
        f"SELECT measure, COUNT(*) FROM disciplinary_measure WHERE inspection_id IN "
        f"(SELECT id FROM inspection WHERE {concluded}) GROUP BY measure "
        "ORDER BY MIN(id)", units, start.isoformat(), end.isoformat()))
    levels: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for org, level, number in sql.rows(
            f"SELECT organization_id, level, COUNT(*) FROM rating WHERE {in_units} "
            "AND year = ? AND subject_kind = 'member' AND period = 'year' "
            "GROUP BY organization_id, level", units, end.year):
        levels[org].append((level, number))
    return _PeriodRecords(thematic, concerns, inspections, measures, levels)


def rollup_summary(consolidation: Consolidation) -> dict[str, Any]:
    """What a level passes upward of its own consolidation: the figures, not the
    per-unit detail (the level above drills down to the sender, not below it)."""
    data = consolidation.as_json()
    submissions = {k: v for k, v in data["submissions"].items() if k != "by_unit"}
    return {
        "period": data["period"], "submissions": submissions,
        "targets": [{k: v for k, v in t.items() if k != "by_unit"} for t in data["targets"]],
        "concerns": data["concerns"],
        "inspections": {k: v for k, v in data["inspections"].items() if k != "by_unit"},
        "ratings": {"overall": data["ratings"]["overall"]},
    }


def unit_detail(ws: Workspace, period: str, unit_id: int,
                data: Consolidation | None = None) -> UnitDetail:
    """Everything the consolidation knows of one unit for the period (the drill-down):
    its packages (with history), its target readings, its overdue items, sessions,
    concerns, inspections, ratings, near-identical ideological issues, and the roll-up
    it passed up of the units below it."""
    from ctrdesk.core.exchange.importer import received_submissions

    span = parse_period(period)
    data = data if data is not None else consolidate(ws, period)
    with ws.reading():
        unit = Organization.get_by_id(unit_id)
        program = Program.get_or_none((Program.kind == "unit_program")
                                      & (Program.issuer == unit_id))
        items = list(ProgramItem.select().where(ProgramItem.program == program.id)
                     .order_by(ProgramItem.position, ProgramItem.id)) if program else []
    name = unit.name
    packages = received_submissions(ws, span.code, unit_id=unit_id)
    current = next((p for p in packages if p.status == "current"), None)
    statuses: dict[str, int] = defaultdict(int)
    overdue = []
    for item in items:
        if not item.role:
            continue
        shown = effective_status(item.status, item.deadline, span.end)
        statuses[shown] += 1
        if shown == "overdue":
            overdue.append(OverdueItem(
                number=item.number, task=item.title or item.text,
                deadline=item.deadline.isoformat() if item.deadline else None,
                progress=item.progress))
    # Matched by id: units of different provinces may share a name.
    submission = data.submission_of(unit_id)
    return UnitDetail(
        unit=name, period=span.code,
        submitted=current is not None,
        created=current.created.isoformat() if current else None,
        on_time=submission.on_time if submission else None,
        packages=[p.as_json() for p in packages],
        targets=[UnitTarget(t.target, t.unit, u.reading, u.attained)
                 for t in data.targets for u in t.by_unit if u.unit_id == unit_id],
        item_statuses=dict(statuses), overdue_items=overdue,
        thematic_by_head=next((s.thematic_by_head for s in data.sessions
                               if s.unit_id == unit_id), None),
        inspections=[i for i in data.inspections.by_unit if i.unit_id == unit_id],
        ratings=next((r for r in data.ratings.by_unit if r.unit_id == unit_id), None),
        near_identical_issues=[p for p in data.ideological_issues_near_identical
                               if unit_id in p.unit_ids],
        rollup=current.consolidation if current else None,
    )


def consolidated_report(ws: Workspace, period: str, data: Consolidation | None = None,
                        sections: dict[str, str] | None = None) -> Any:
    """The BC tổng hợp through the documents engine (see
    :mod:`ctrdesk.core.documents.consolidated`)."""
    from ctrdesk.core.documents.consolidated import build_consolidated_report

    return build_consolidated_report(ws, period, data, sections)
