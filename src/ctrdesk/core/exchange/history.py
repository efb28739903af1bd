"""Years of received submissions for a parent workspace, for demos and benchmarks.

``generate_history(units, years, out)`` writes ``out/parent.sqlite``: a parent level that
knows ``units`` branches and has received, quarter after quarter for ``years`` years up to
the last quarter ended, each unit's signed package (some missing, some late), every one
made, verified and stored by the real import. Each unit keeps one program for the whole
time: its items move on, its targets gain a reading each quarter, and each quarter brings
its sessions, dialogue, inspections, ideological issues and, at the year's end, ratings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctrdesk.core.exchange.generate import (
    ISSUES,
    add_variety,
    issue_description,
    make_ca,
    person_name,
    signer_for,
    synthetic_parent,
    unit_key,
)
from ctrdesk.core.store.models import new_uuid


def quarters(years: int, today: dt.date | None = None) -> list[str]:
    """The quarters of the last ``years`` years that have ended by ``today``."""
    from ctrdesk.core.period import parse_period

    today = today or dt.date.today()
    codes = [f"{year}-Q{q}" for year in range(today.year - years + 1, today.year + 1)
             for q in range(1, 5)]
    return [code for code in codes if parse_period(code).end < today]


@dataclass
class _Unit:
    id: int
    uuid: str
    name: str
    sign: Callable[[bytes], bytes]
    people: list[dict[str, Any]]
    program: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)


def generate_history(units: int, years: int, out: Path, seed: int = 2026,
                     progress: Callable[[float], None] | None = None) -> dict[str, Any]:
    """Write the parent workspace with ``years`` years of the units' submissions."""
    from ctrdesk.core.exchange.importer import import_submission
    from ctrdesk.core.store import open_workspace

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = make_ca(out / "pki")
    periods = quarters(years)
    parent = open_workspace(out / "parent.sqlite")
    made = missing = late = 0
    try:
        with parent.writing("demo.history"):
            _top, unit_ids, program_id = synthetic_parent(parent, units,
                                                          out / "pki" / "ca.pem")
        members = _units(parent, rng, program_id, unit_ids, ca_key, ca_cert)
        steps = len(periods) * len(members)
        for number, period in enumerate(periods):
            for index, unit in enumerate(members):
                outcome = _submit(rng, unit, period)
                if outcome is None:
                    missing += 1
                    continue
                package, was_late = outcome
                import_submission(parent, package, f"{unit.name} {period}.ctrsub")
                made += 1
                late += was_late
                if progress:
                    progress((number * len(members) + index + 1) / steps)
    finally:
        parent.close()
    return {"parent": str(out / "parent.sqlite"), "periods": periods, "packages": made,
            "missing": missing, "late": late}


def _units(parent: Any, rng: random.Random, program_id: int, unit_ids: list[int],
           ca_key: Any, ca_cert: Any) -> list[_Unit]:
    """Each unit's key (registered with the parent), people and program for the term."""
    from cryptography.hazmat.primitives import serialization

    from ctrdesk.core.programs.derive import INCLUDED_ROLES, propose
    from ctrdesk.core.store.models import (
        Organization,
        Program,
        ProgramItem,
        Target,
        UnitCertificate,
    )
    from ctrdesk.core.units import UnitDirectory

    with parent.reading():
        program_uuid = Program.get_by_id(program_id).uuid
        items = {i.id: i for i in ProgramItem.select().where(ProgramItem.program == program_id)}
        targets = {t.item_id: t for t in Target.select().where(  # type: ignore[attr-defined]
            Target.program == program_id)}
        organizations = {o.id: o for o in Organization.select()}
    directory = UnitDirectory.from_workspace(parent)
    made = []
    certificates = []
    for unit_id in unit_ids:
        organization = organizations[unit_id]
        key = unit_key(ca_key, ca_cert, organization.name)
        certificates.append((unit_id, key))
        people = [{"uuid": new_uuid(), "full_name": person_name(rng),
                   "role": "secretary" if n == 0 else "member", "title": ""}
                  for n in range(rng.randint(5, 12))]
        unit = _Unit(unit_id, organization.uuid, organization.name, signer_for(key, ca_cert),
                     people, {"uuid": new_uuid(), "parent_uuid": program_uuid,
                              "summary": "thực hiện chương trình hành động",
                              "doc_type": "CHƯƠNG TRÌNH"})
        for proposal in propose(parent, program_id, unit_id, directory):
            if proposal.role not in INCLUDED_ROLES or proposal.kind in ("section",
                                                                        "appendix"):
                continue
            source = items[proposal.item_id]
            item_uuid = new_uuid()
            unit.items.append({
                "uuid": item_uuid, "parent_uuid": None, "source_item_uuid": source.uuid,
                "responsible_person_uuid": rng.choice(people)["uuid"], "kind": source.kind,
                "number": source.number, "title": source.title, "text": source.text,
                "role": proposal.role, "role_evidence": proposal.evidence,
                "status": "not_started", "progress": 0, "deadline": None,
                "deadline_text": "", "recurrence": "quarterly",
                "action": "Triển khai theo kế hoạch", "resources": "Nhân lực của đơn vị",
                "accountable": "Bí thư", "time_text": source.time_text,
                "time_kind": source.time_kind, "time_start": None, "time_end": None,
                "position": len(unit.items)})
            target = targets.get(proposal.item_id)
            if target is not None:
                percent = target.unit == "percent"
                unit.targets.append({
                    "uuid": new_uuid(), "item_uuid": item_uuid,
                    "parent_target_uuid": target.uuid, "text": target.text,
                    "op": target.op if percent else "range",
                    "value": target.value if percent else 1,
                    "max_value": target.max_value if percent else 2, "unit": target.unit,
                    "readings": []})
        made.append(unit)
    with parent.writing("demo.history.certificates"):
        for unit_id, key in certificates:
            der = key.certificate.public_bytes(serialization.Encoding.DER)
            UnitCertificate.create(organization=unit_id, sha256=hashlib.sha256(der).hexdigest(),
                                   subject=organizations[unit_id].name)
    return made


def _submit(rng: random.Random, unit: _Unit, period: str) -> tuple[bytes, bool] | None:
    """The unit's package for the quarter, or None when it does not submit."""
    from ctrdesk.core.exchange.package import pack
    from ctrdesk.core.period import parse_period

    span = parse_period(period)
    # The work moves on every quarter, sent or not.
    for item in unit.items:
        if item["status"] != "done":
            item["progress"] = min(100, item["progress"] + rng.randint(0, 30))
            item["status"] = "done" if item["progress"] == 100 else "in_progress"
            item["deadline"] = (span.end + dt.timedelta(days=rng.choice((-20, 60, 200)))
                                ).isoformat()
    if rng.random() < 0.08:
        return None
    due = span.end + dt.timedelta(days=10)
    is_late = rng.random() < 0.15
    created = dt.datetime.combine(due + dt.timedelta(days=rng.randint(1, 20)) if is_late
                                  else due - dt.timedelta(days=rng.randint(0, 9)),
                                  dt.time(9), tzinfo=dt.UTC)
    created = min(created, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    members = len(unit.people)
    targets = []
    for target in unit.targets:
        reading: dict[str, Any] = {"uuid": new_uuid(), "as_of": span.end.isoformat(),
                                   "numerator": None, "denominator": None, "count": None,
                                   "note": ""}
        if target["unit"] == "percent":
            reading["numerator"] = rng.randint(max(0, members - 2), members)
            reading["denominator"] = members
        else:
            reading["count"] = rng.randint(0, 3)
        targets.append({**target, "readings": [reading]})
    held = span.start + dt.timedelta(days=rng.randint(5, 40))
    people = unit.people
    records: dict[str, list[Any]] = {
        "session": [{"uuid": new_uuid(), "kind": "thematic",
                     "title": "Sinh hoạt chuyên đề", "held_on": held.isoformat(),
                     "planned_start": held.isoformat(), "chair": f"uuid:{people[0]['uuid']}",
                     "chair_is_head": True, "membership": members, "status": "held"}],
        "dialogue": [{"uuid": new_uuid(), "held_on": held.isoformat(),
                      "title": "Đối thoại định kỳ", "participant_count": members,
                      "concerns": [{"content": "Kiến nghị về điều kiện làm việc",
                                    "answer": "Đã trả lời", "answered_on": (
                                        held + dt.timedelta(days=rng.randint(0, 8))
                                    ).isoformat()}]}],
        "inspection": [],
        "rating": [{"uuid": new_uuid(), "year": span.end.year, "period": "year",
                    "subject_kind": "member", "person": f"uuid:{p['uuid']}",
                    "subject": p["full_name"], "level": "good"} for p in people]
        if span.end.month == 12 else [],
        "ideological-issue": [{"uuid": new_uuid(), "year": span.end.year,
                               "title": rng.choice(ISSUES),
                               "description": issue_description(rng, unit.name),
                               "measures": "Chi ủy trao đổi, động viên."}]
        if span.end.month == 3 else [],
    }
    add_variety(rng, records, people, span)
    files = {
        "data/people.json": json.dumps(people, ensure_ascii=False).encode(),
        "data/program.json": json.dumps({**unit.program, "items": unit.items,
                                         "targets": targets}, ensure_ascii=False).encode(),
        "data/records.json": json.dumps(records, ensure_ascii=False).encode(),
    }
    package = pack({"uuid": unit.uuid, "name": unit.name}, span.code, created, files, [],
                   unit.sign)
    return package, is_late and created.date() > due
