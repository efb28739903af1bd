"""Consolidation at the upper level: for a period, over all subordinate units.

Counts are summed; percentages are recomputed from the units' numerators and
denominators, never averaged. Everything is read from what the submissions stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from peewee import chunked, fn

from ctrdesk.core.documents.kinds import parse_period
from ctrdesk.core.programs.execution import effective_status, meets
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    IdeologicalIssue,
    Organization,
    Program,
    ProgramItem,
    Submission,
    Target,
    TargetReading,
    tuples,
)
from ctrdesk.core.units import REPORTING_KINDS

DAYS_ALLOWED = 10  # a period's report is due this many days after it ends


def subordinate_units(ws: Workspace) -> list[Organization]:
    from ctrdesk.core.organizations import own_organization

    own = own_organization(ws)
    with ws.reading():
        units = list(Organization.select().where(Organization.kind.in_(REPORTING_KINDS))
                     .order_by(Organization.position, Organization.id))
        if own is None:
            return units
        parents = {o.id: o.parent_id for o in Organization.select()}  # type: ignore[attr-defined]

    def under(unit_id: int) -> bool:
        current = parents.get(unit_id)
        while current is not None:
            if current == own.id:
                return True
            current = parents.get(current)
        return False

    return [u for u in units if under(u.id)]


def consolidate(ws: Workspace, period: str, parent_program: int | None = None
                ) -> dict[str, Any]:
    from ctrdesk.core.records.kinds import rating_distribution
    from ctrdesk.core.similarity import near_pairs

    span = parse_period(period)
    due = span.end + timedelta(days=DAYS_ALLOWED)
    units = subordinate_units(ws)
    unit_ids = {u.id for u in units}
    names = {u.id: u.name for u in units}
    with ws.reading():
        held = {s.organization_id: s for s in Submission.select().where(  # type: ignore[attr-defined]
            (Submission.period == span.code) & (Submission.status == "current")
            & Submission.organization.in_(list(unit_ids)))}
    submissions = {
        "units": len(units), "submitted": len(held),
        "share": round(len(held) / len(units), 4) if units else None,
        "on_time": sum(1 for s in held.values() if s.created.date() <= due),
        "late": sorted(names[u] for u, s in held.items() if s.created.date() > due),
        "missing": sorted(names[u] for u in unit_ids if u not in held),
        "by_unit": [{"id": u.id, "unit": u.name, "submitted": u.id in held,
                     "created": held[u.id].created.isoformat() if u.id in held else None,
                     "on_time": held[u.id].created.date() <= due if u.id in held else None}
                    for u in units],
    }
    # The unit programs held, and the parent program they derive from. The rows are
    # selected through sub-queries (no thousand-id lists to build) and read as tuples.
    current = Submission.select(Submission.organization).where(
        (Submission.period == span.code) & (Submission.status == "current"))
    unit_programs = Program.select(Program.id).where(
        (Program.kind == "unit_program") & Program.issuer.in_(current))
    with ws.reading():
        programs = {issuer: (program_id, parent) for program_id, issuer, parent in tuples(
            Program.select(Program.id, Program.issuer, Program.parent).where(
                Program.id.in_(unit_programs))) if issuer in held}
        if parent_program is None:
            parents = [parent for _id, parent in programs.values() if parent]
            parent_program = max(set(parents), key=parents.count) if parents else None
        targets_rows = [_Target(*row) for row in tuples(Target.select(
            Target.id, Target.program, Target.parent_target, Target.op, Target.value,
            Target.max_value, Target.unit).where(Target.program.in_(unit_programs)))]
        parent_targets = {t.id: t for t in Target.select().where(
            Target.program == parent_program)} if parent_program else {}
        # Each target's latest reading up to the end of the period, in one pass.
        readings: dict[int, tuple[Any, ...]] = {}
        for row in tuples(TargetReading.select(
                TargetReading.target, TargetReading.numerator, TargetReading.denominator,
                TargetReading.count).join(Target).where(
                Target.program.in_(unit_programs) & (TargetReading.as_of <= span.end))
                .order_by(TargetReading.as_of, TargetReading.id)):
            readings[row[0]] = row
        unit_items = [_Item(*row) for row in tuples(ProgramItem.select(
            ProgramItem.program, ProgramItem.source_item, ProgramItem.role,
            ProgramItem.status, ProgramItem.deadline, ProgramItem.progress).where(
            ProgramItem.program.in_(unit_programs)))]
        parent_items = {i.id: i for i in ProgramItem.select().where(
            ProgramItem.program == parent_program)} if parent_program else {}
    program_unit = {program_id: u for u, (program_id, _parent) in programs.items()}
    unit_targets: dict[int, list[_Target]] = defaultdict(list)
    for target in targets_rows:
        if target.program_id in program_unit and target.parent_target_id is not None:
            unit_targets[target.parent_target_id].append(target)

    target_rollup = []
    for parent_target in parent_targets.values():
        per_unit: list[dict[str, Any]] = []
        numerator = denominator = count = 0
        for target in unit_targets.get(parent_target.id, []):
            reading = readings.get(target.id)
            holder_id = program_unit[target.program_id]
            unit_name = names.get(holder_id, "")
            if reading is None:
                per_unit.append({"unit": unit_name, "unit_id": holder_id, "reading": None,
                                 "attained": None})
                continue
            _target, reading_numerator, reading_denominator, reading_count = reading
            if target.unit == "percent":
                numerator += reading_numerator or 0
                denominator += reading_denominator or 0
                value = 100.0 * (reading_numerator or 0) / (reading_denominator or 1)
            else:
                count += reading_count or 0
                value = float(reading_count or 0)
            per_unit.append({"unit": unit_name, "unit_id": holder_id,
                             "reading": round(value, 2),
                             "attained": meets(target.op, target.value, target.max_value,
                                               value)})
        overall = (100.0 * numerator / denominator if denominator else None) \
            if parent_target.unit == "percent" else float(count)
        target_rollup.append({
            "target": parent_target.text, "op": parent_target.op,
            "value": parent_target.value, "max": parent_target.max_value,
            "unit": parent_target.unit, "numerator": numerator, "denominator": denominator,
            "count": count if parent_target.unit == "count" else None,
            "overall": round(overall, 2) if overall is not None else None,
            "attained": meets(parent_target.op, parent_target.value, parent_target.max_value,
                              overall) if overall is not None else None,
            "units_reporting": sum(1 for u in per_unit if u["reading"] is not None),
            "by_unit": per_unit,
        })

    task_rollup: dict[int, dict[str, Any]] = {}
    overdue_by_unit: dict[int, int] = defaultdict(int)
    for item in unit_items:
        if item.program_id not in program_unit:
            continue
        source = item.source_item_id
        holder = program_unit[item.program_id]
        shown = effective_status(item.status, item.deadline, span.end)
        if shown == "overdue" and item.role:
            overdue_by_unit[holder] += 1
        if source not in parent_items or not item.role:
            continue
        entry = task_rollup.setdefault(source, {
            "task": parent_items[source].title or parent_items[source].text,
            "number": parent_items[source].number, "lead": 0, "coordinating": 0,
            "implementing": 0, "statuses": defaultdict(int), "progress": []})
        entry[item.role] = entry.get(item.role, 0) + 1
        entry["statuses"][shown] += 1
        entry["progress"].append(item.progress)
    tasks = []
    for entry in task_rollup.values():
        progress = entry.pop("progress")
        entry["average_progress"] = round(sum(progress) / len(progress), 1) if progress else 0
        entry["statuses"] = dict(entry["statuses"])
        tasks.append(entry)

    records = _period_records(ws, span.start, span.end, list(held))
    sessions = [{"unit": unit.name, "unit_id": unit.id,
                 "thematic_by_head": records.thematic.get(unit.id, 0)}
                for unit in units if unit.id in held]
    states = records.concern_states
    inspections = [{"unit": names[org], "unit_id": org, "subject": subject,
                    "violations": count}
                   for org, subject, count in records.inspections]
    violations = sum(count for _org, _subject, count in records.inspections)
    measures = records.measures
    ratings = [{"unit": unit.name, "unit_id": unit.id,
                **rating_distribution(records.levels[unit.id])}
               for unit in units if records.levels.get(unit.id)]
    days = [d for s, d in states if s == "answered" and d is not None]
    all_levels: dict[str, int] = defaultdict(int)
    for entry in ratings:
        for level, number in entry["counts"].items():
            all_levels[level] += number

    with ws.reading():
        issues = [(i.id, i.organization_id, i.title, i.description) for i in  # type: ignore[attr-defined]
                  IdeologicalIssue.select().where((IdeologicalIssue.year == span.end.year)
                                                  & IdeologicalIssue.organization.in_(
                                                      list(held)))]
    near_identical = []
    texts = [f"{title}. {text}" for _id, _org, title, text in issues]
    for first, second, score in near_pairs(texts):
        (first_id, first_org, first_title, _t), (second_id, second_org, second_title, _s) = \
            issues[first], issues[second]
        if first_org != second_org:
            near_identical.append({"units": [names[first_org], names[second_org]],
                                   "unit_ids": [first_org, second_org],
                                   "titles": [first_title, second_title],
                                   "score": round(score, 3), "ids": [first_id, second_id]})
    return {
        "period": span.code, "label": span.label, "parent_program": parent_program,
        "submissions": submissions, "targets": target_rollup, "tasks": tasks,
        "overdue_by_unit": [{"unit": names[u], "unit_id": u, "overdue": n}
                            for u, n in sorted(overdue_by_unit.items())],
        "sessions": sessions,
        "concerns": {"total": len(states),
                     "answered": sum(1 for s, _d in states if s == "answered"),
                     "open": sum(1 for s, _d in states if s == "open"),
                     "overdue": sum(1 for s, _d in states if s == "overdue"),
                     "average_days_to_answer": round(sum(days) / len(days), 1) if days
                     else None},
        "inspections": {"count": len(inspections), "violations": violations,
                        "discipline": dict(measures), "by_unit": inspections},
        "ratings": {"by_unit": ratings, "overall": rating_distribution(
            [level for level, n in all_levels.items() for _ in range(n)])
            if all_levels else None},
        "ideological_issues_near_identical": near_identical,
    }


class _Target(NamedTuple):
    id: int
    program_id: int
    parent_target_id: int | None
    op: str
    value: float
    max_value: float | None
    unit: str


class _Item(NamedTuple):
    program_id: int
    source_item_id: int | None
    role: str
    status: str
    deadline: date | None
    progress: int


@dataclass
class _PeriodRecords:
    thematic: dict[int, int]
    concern_states: list[tuple[str, int | None]]
    inspections: list[tuple[int, str, int]]
    measures: dict[str, int]
    levels: dict[int, list[str]]


def _period_records(ws: Workspace, start: date, end: date, units: list[int]
                    ) -> _PeriodRecords:
    """The units' records of the period, each kind read in one query, not unit by unit."""
    from ctrdesk.core.records.kinds import concern_state
    from ctrdesk.core.store.models import (
        Concern,
        Dialogue,
        DisciplinaryMeasure,
        Inspection,
        Meeting,
        Rating,
    )

    result = _PeriodRecords({}, [], [], defaultdict(int), defaultdict(list))
    with ws.reading():
        for batch in chunked(units, 500):
            for org, number in tuples(Meeting.select(Meeting.organization, fn.COUNT(Meeting.id))
                                .where((Meeting.kind == "thematic")
                                       & (Meeting.status == "held") & Meeting.chair_is_head
                                       & (Meeting.held_on >= date(end.year, 1, 1))
                                       & (Meeting.held_on <= date(end.year, 12, 31))
                                       & Meeting.organization.in_(batch))
                                .group_by(Meeting.organization)):
                result.thematic[org] = number
            for held_on, answered_on, answer_due in tuples(
                    Concern.select(Dialogue.held_on, Concern.answered_on, Concern.answer_due)
                    .join(Dialogue).where(Dialogue.organization.in_(batch)
                                          & (Dialogue.held_on >= start)
                                          & (Dialogue.held_on <= end))):
                result.concern_states.append(concern_state(
                    {"answered_on": answered_on, "answer_due": answer_due},
                    date.fromisoformat(str(held_on)), end))
            concluded = (Inspection.concluded_on >= start) & (Inspection.concluded_on <= end)
            result.inspections += list(tuples(
                Inspection.select(Inspection.organization, Inspection.subject,
                                  Inspection.violations)
                .where(Inspection.organization.in_(batch) & concluded)
                .order_by(Inspection.organization, Inspection.id)))
            for (measure,) in tuples(DisciplinaryMeasure.select(DisciplinaryMeasure.measure)
                               .join(Inspection).where(Inspection.organization.in_(batch)
                                                       & concluded)):
                result.measures[measure] += 1
            for org, level in tuples(Rating.select(Rating.organization, Rating.level)
                               .where(Rating.organization.in_(batch)
                                      & (Rating.year == end.year)
                                      & (Rating.subject_kind == "member")
                                      & (Rating.period == "year"))):
                result.levels[org].append(level)
    return result


def rollup_summary(data: dict[str, Any]) -> dict[str, Any]:
    """What a level passes upward of its own consolidation: the figures, not the
    per-unit detail (the level above drills down to the sender, not below it)."""
    submissions = {k: v for k, v in data["submissions"].items() if k != "by_unit"}
    return {
        "period": data["period"], "submissions": submissions,
        "targets": [{k: v for k, v in t.items() if k != "by_unit"} for t in data["targets"]],
        "concerns": data["concerns"],
        "inspections": {k: v for k, v in data["inspections"].items() if k != "by_unit"},
        "ratings": {"overall": data["ratings"]["overall"]},
    }


def unit_detail(ws: Workspace, period: str, unit_id: int,
                data: dict[str, Any] | None = None) -> dict[str, Any]:
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
            overdue.append({"number": item.number, "task": item.title or item.text,
                            "deadline": item.deadline.isoformat() if item.deadline else None,
                            "progress": item.progress})
    return {
        "unit": name, "period": span.code,
        "submitted": current is not None,
        "created": current.created.isoformat() if current else None,
        # Matched by id: units of different provinces may share a name.
        "on_time": next((u["on_time"] for u in data["submissions"]["by_unit"]
                         if u["id"] == unit_id), None),
        "packages": [p.as_json() for p in packages],
        "targets": [{"target": t["target"], "measure": t["unit"], "reading": u["reading"],
                     "attained": u["attained"]}
                    for t in data["targets"] for u in t["by_unit"] if u["unit_id"] == unit_id],
        "item_statuses": dict(statuses), "overdue_items": overdue,
        "thematic_by_head": next((s["thematic_by_head"] for s in data["sessions"]
                                  if s["unit_id"] == unit_id), None),
        "inspections": [i for i in data["inspections"]["by_unit"] if i["unit_id"] == unit_id],
        "ratings": next((r for r in data["ratings"]["by_unit"] if r["unit_id"] == unit_id),
                        None),
        "near_identical_issues": [p for p in data["ideological_issues_near_identical"]
                                  if unit_id in p["unit_ids"]],
        "rollup": current.consolidation if current else None,
    }


def consolidated_report(ws: Workspace, period: str, data: dict[str, Any] | None = None
                        ) -> Any:
    """The BC tổng hợp through the documents engine, from ``data`` when the period's
    consolidation is at hand."""
    from ctrdesk.core.documents.kinds import _frame, issuer_of
    from ctrdesk.core.documents.layout import Bullet, Heading, Para, TableBlock
    from ctrdesk.core.i18n import format_number, format_percent, format_share

    data = data if data is not None else consolidate(ws, period)
    issuer = issuer_of(ws)
    s = data["submissions"]
    body: list[Any] = [
        Heading("I. Tình hình báo cáo của các đơn vị"),
        Para(f"Có {s['submitted']}/{s['units']} đơn vị gửi báo cáo "
             f"({format_share(s['share'] or 0, locale='vi')}); đúng hạn {s['on_time']}, chậm "
             f"{len(s['late'])}; chưa gửi: {', '.join(s['missing']) or 'không'}."),
        Heading("II. Kết quả thực hiện các chỉ tiêu"),
        TableBlock(["TT", "Chỉ tiêu", "Kết quả chung", "Đơn vị báo cáo", "Đánh giá"], [
            [str(n), t["target"],
             "—" if t["overall"] is None else (
                 format_percent(t["overall"], locale="vi") if t["unit"] == "percent"
                 else format_number(t["overall"], 2, locale="vi")),
             str(t["units_reporting"]),
             "—" if t["attained"] is None else ("Đạt" if t["attained"] else "Chưa đạt")]
            for n, t in enumerate(data["targets"], start=1)], [0.07, 0.5, 0.15, 0.13, 0.15]),
        Heading("III. Thực hiện các nhiệm vụ"),
        TableBlock(["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thực hiện", "Tiến độ TB"], [
            [str(n), f"{t['number']}. {t['task']}", str(t["lead"]),
             str(t["coordinating"]), str(t["implementing"]),
             format_percent(t["average_progress"], locale="vi")]
            for n, t in enumerate(data["tasks"], start=1)],
            [0.06, 0.46, 0.12, 0.12, 0.12, 0.12]),
        Heading("IV. Sinh hoạt, đối thoại, kiểm tra giám sát, xếp loại"),
        Para(f"Phản ánh, kiến nghị: {data['concerns']['total']}, đã trả lời "
             f"{data['concerns']['answered']}, quá hạn {data['concerns']['overdue']}. "
             f"Kiểm tra, giám sát: {data['inspections']['count']} cuộc, "
             f"{data['inspections']['violations']} vi phạm."),
    ]
    from ctrdesk.core.exchange.importer import received_submissions

    for package in received_submissions(ws, period, history=False):
        if package.consolidation:
            lower = package.consolidation["submissions"]
            body.append(Bullet(f"{package.unit}: {lower['submitted']}/{lower['units']} đơn "
                               f"vị trực thuộc đã báo cáo; chưa gửi: "
                               f"{', '.join(lower['missing']) or 'không'}."))
    for pair in data["ideological_issues_near_identical"]:
        body.append(Bullet(f"Vấn đề tư tưởng gần trùng "
                           f"({format_share(pair['score'], locale='vi')}) giữa "
                           f"{pair['units'][0]} và {pair['units'][1]}."))
    return _frame(issuer, "BÁO CÁO", f"tổng hợp kết quả thực hiện {data['label']}",
                  min(date.today(), parse_period(period).end + timedelta(days=15)), body,
                  f"Báo cáo tổng hợp {data['label']}")
