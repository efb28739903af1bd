"""Submission packages (``.ctrsub``): what a unit sends upward for a period.

A zip holding ``manifest.json`` (format, unit, period, creation time, the SHA-256 of every
other file), ``manifest.p7s`` (a detached CMS signature of the manifest by the unit's
certificate) and the data: the unit's people, its program with item states, targets and
readings, its records of the period, and the PDFs it issued in the period. Everything is
keyed by UUIDs, so the upper level merges and re-imports without duplicates.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.signing import Pkcs12Key, TokenKey
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Document,
    Organization,
    Person,
    Program,
    ProgramItem,
    Target,
    TargetReading,
    tuples,
)

FORMAT = "ctrdesk.submission/1"
FORMAT_VERSION = 1
RECORD_KINDS = ("session", "dialogue", "inspection", "ideological-issue", "rating")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _program_payload(ws: Workspace, program_id: int | None) -> dict[str, Any] | None:
    if program_id is None:
        return None
    with ws.reading():
        program = Program.get_by_id(program_id)
        parent_id = program.parent_id  # type: ignore[attr-defined]
        parent = Program.get_or_none(Program.id == parent_id) if parent_id else None
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        by_id = {i.id: i.uuid for i in items}
        sources: dict[int, str] = dict(tuples(ProgramItem.select(ProgramItem.id, ProgramItem.uuid)
                                              .where(ProgramItem.id.in_(
            [i.source_item_id for i in items if i.source_item_id]))))  # type: ignore[attr-defined]
        people: dict[int, str] = dict(tuples(Person.select(Person.id, Person.uuid)))
        targets = list(Target.select().where(Target.program == program_id))
        parent_targets: dict[int, str] = dict(tuples(Target.select(Target.id, Target.uuid).where(
            Target.id.in_([t.parent_target_id for t in targets if t.parent_target_id]))))  # type: ignore[attr-defined]
        readings: dict[int, list[TargetReading]] = {t.id: [] for t in targets}
        for reading in (TargetReading.select().join(Target).where(Target.program == program_id)
                        .order_by(TargetReading.id)):
            readings[reading.target_id].append(reading)  # type: ignore[attr-defined]
    fields = ("kind", "number", "title", "text", "role", "role_evidence", "status", "progress",
              "deadline", "deadline_text", "recurrence", "action", "resources", "accountable",
              "time_text", "time_kind", "time_start", "time_end", "position")
    return {
        "uuid": program.uuid, "parent_uuid": parent.uuid if parent else None,
        "summary": program.summary, "doc_type": program.doc_type,
        "items": [{"uuid": i.uuid, "parent_uuid": by_id.get(i.parent_id),  # type: ignore[attr-defined]
                   "source_item_uuid": sources.get(i.source_item_id),  # type: ignore[attr-defined]
                   "responsible_person_uuid": people.get(i.responsible_person_id),  # type: ignore[attr-defined]
                   **{f: _iso(getattr(i, f)) for f in fields}} for i in items],
        "targets": [{"uuid": t.uuid, "item_uuid": by_id.get(t.item_id),  # type: ignore[attr-defined]
                     "parent_target_uuid": parent_targets.get(t.parent_target_id),  # type: ignore[attr-defined]
                     "text": t.text, "op": t.op, "value": t.value, "max_value": t.max_value,
                     "unit": t.unit,
                     "readings": [{"uuid": r.uuid, "as_of": r.as_of.isoformat(),
                                   "numerator": r.numerator, "denominator": r.denominator,
                                   "count": r.count, "note": r.note}
                                  for r in readings[t.id]]} for t in targets],
    }


def _in_period(record: dict[str, Any], kind: str, start: date, end: date) -> bool:
    if kind in ("ideological-issue", "rating"):
        return int(record["year"]) == end.year
    if kind == "inspection":
        return int(record["year"]) == end.year
    when = record.get("held_on") or record.get("planned_start")
    return bool(when) and start.isoformat() <= str(when) <= end.isoformat()


def build_submission(ws: Workspace, period: str, key: Pkcs12Key | TokenKey,
                     created: datetime | None = None) -> bytes:
    """The unit's package for a period, signed with its key. Works in any workspace whose
    own unit is set, so a consolidated workspace submits upward the same way."""
    ws.require("submission.export")
    from ctrdesk.core.documents.kinds import parse_period, unit_program_of
    from ctrdesk.core.exchange.cms import sign_detached
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.records.service import context, get_record, list_records

    span = parse_period(period)
    own = own_organization(ws)
    if own is None:
        raise ValidationError(_("Choose the unit this workspace belongs to (Settings) before "
                                "submitting."), field="organization")
    created = created or datetime.now(UTC).replace(microsecond=0)
    with ws.reading():
        people = [{"uuid": p.uuid, "full_name": p.full_name, "role": p.role, "title": p.title}
                  for p in Person.select().where(Person.organization == own.id)]
        # A period's report is issued after the period ends: everything issued from
        # the start of the period until the package is made goes with it.
        documents = list(Document.select().where(
            (Document.organization == own.id) & (Document.status == "issued")
            & (Document.issued_on >= span.start)
            & (Document.issued_on <= max(span.end, created.date()))))
    ctx = context(ws)
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in RECORD_KINDS:
        chosen = []
        for summary in list_records(ws, kind, organization=own.id, with_figures=False):
            record = get_record(ws, kind, summary["id"], ctx, people_as_uuids=True)
            if _in_period(record, kind, span.start, span.end):
                for key_name in ("id", "figures", "attachments", "program_items"):
                    record.pop(key_name, None)
                chosen.append(record)
        records[kind] = chosen
    files: dict[str, bytes] = {
        "data/people.json": json.dumps(people, ensure_ascii=False, indent=1).encode(),
        "data/program.json": json.dumps(_program_payload(ws, unit_program_of(ws, own.id)),
                                        ensure_ascii=False, indent=1).encode(),
        "data/records.json": json.dumps(records, ensure_ascii=False, indent=1).encode(),
    }
    rollup = _own_rollup(ws, span.code)
    if rollup is not None:
        files["data/consolidation.json"] = json.dumps(rollup, ensure_ascii=False,
                                                      indent=1).encode()
    from ctrdesk.core.attachments import read_blob

    for document in documents:  # signed when it was signed, else as issued
        files[f"documents/{document.uuid}.pdf"] = read_blob(
            ws, document.signed_sha256 or document.pdf_sha256)
    documents_listed = [{"file": f"documents/{d.uuid}.pdf", "number": d.number,
                         "title": d.title, "kind": d.kind, "signed": bool(d.signed_sha256)}
                        for d in documents]
    return pack({"uuid": own.uuid, "name": own.name}, span.code, created, files,
                documents_listed, lambda manifest: sign_detached(manifest, key))


def _own_rollup(ws: Workspace, period: str) -> dict[str, Any] | None:
    """This workspace's roll-up of its subordinate units for the period, when it holds
    any of their submissions: a provincial committee passes its figures up to the
    Supreme level inside its own package."""
    from ctrdesk.core.exchange.consolidate import consolidate, rollup_summary, subordinate_units

    if not subordinate_units(ws):
        return None
    data = consolidate(ws, period)
    return rollup_summary(data) if data["submissions"]["submitted"] else None


def pack(unit: dict[str, str], period: str, created: datetime, files: dict[str, bytes],
         documents: list[dict[str, Any]], sign: Any) -> bytes:
    """The zip: a manifest listing every file's SHA-256, its detached signature, the files."""
    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION, "unit": unit, "period": period,
        "created": created.isoformat(),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(
            files.items())},
        "documents": documents,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", manifest_bytes)
        package.writestr("manifest.p7s", sign(manifest_bytes))
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


def write_submission(ws: Workspace, period: str, key: Pkcs12Key | TokenKey,
                     target: Path) -> Path:
    from ctrdesk.core.files import write_whole

    return write_whole(target, build_submission(ws, period, key))


# --- packages down ---------------------------------------------------------------------------


def export_program_package(ws: Workspace, program_id: int) -> bytes:
    """The parent program (ctrdesk.program/1) and the unit list, for units to import exactly."""
    from ctrdesk.core.importing.interchange import program_to_json
    from ctrdesk.core.organizations import list_organizations
    from ctrdesk.core.programs.service import get_program_row, load_program

    row = get_program_row(ws, program_id)
    data = program_to_json(load_program(ws, program_id),
                           source={"filename": row.source_filename, "sha256": row.source_sha256})
    data["uuid"] = row.uuid
    with ws.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        targets = {t.item_id: t.uuid for t in Target.select().where(  # type: ignore[attr-defined]
            Target.program == program_id)}
    # In tree order, the order in which the receiving unit stores the same tree.
    ordered = _tree_order(items)
    data["item_uuids"] = [i.uuid for i in ordered]
    data["target_uuids"] = [targets.get(i.id) for i in ordered]
    units = [o.as_json() for o in list_organizations(ws)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("program.json", json.dumps(data, ensure_ascii=False, indent=1))
        package.writestr("units.json", json.dumps(units, ensure_ascii=False, indent=1))
    return buffer.getvalue()


def import_program_package(ws: Workspace, data: bytes) -> int:
    """Store a parent's program exactly (same UUIDs as at the parent) and its unit list."""
    from ctrdesk.core.errors import ParseError
    from ctrdesk.core.importing.interchange import program_from_json
    from ctrdesk.core.programs.service import store_program

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            program_data = json.loads(package.read("program.json"))
            units = json.loads(package.read("units.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(_("This is not a program package: {reason}").format(
            reason=exc)) from exc
    program = program_from_json(program_data)
    with ws.writing("program.package.import"):
        known = {o.uuid: o for o in Organization.select()}
        for unit in units:  # parents come first in the list
            if unit["uuid"] in known:
                continue
            parent = next((o for o in Organization.select().where(
                Organization.id == _local_parent(units, unit, known))), None)
            known[unit["uuid"]] = Organization.create(
                uuid=unit["uuid"], name=unit["name"], kind=unit["kind"],
                abbreviation=unit.get("abbreviation", ""), parent=parent)
            from ctrdesk.core.store.models import OrganizationAlias

            for alias in unit.get("aliases", []):
                OrganizationAlias.create(organization=known[unit["uuid"]], name=alias)
        existing = Program.get_or_none(Program.uuid == program_data.get("uuid"))
        if existing is not None:
            return int(existing.id)
        source = program_data.get("source") or {}
        program_id = store_program(ws, program, source_filename=source.get("filename", ""),
                                   source_sha256=source.get("sha256", ""),
                                   allow_duplicate=True)
        Program.update(uuid=program_data["uuid"]).where(Program.id == program_id).execute()
        items = list(ProgramItem.select().where(ProgramItem.program == program_id)
                     .order_by(ProgramItem.position, ProgramItem.id))
        # Items were stored in tree order; give them the parent's UUIDs in the same order.
        ordered = _tree_order(items)
        for item, uuid in zip(ordered, program_data.get("item_uuids", []), strict=False):
            ProgramItem.update(uuid=uuid).where(ProgramItem.id == item.id).execute()
        for item, uuid in zip(ordered, program_data.get("target_uuids", []), strict=False):
            if uuid:  # targets keep the parent's UUIDs too: units report against them
                Target.update(uuid=uuid).where(Target.item == item.id).execute()
        return program_id


def _tree_order(items: list[ProgramItem]) -> list[ProgramItem]:
    children: dict[int | None, list[ProgramItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)  # type: ignore[attr-defined]
    out: list[ProgramItem] = []

    def walk(parent: int | None) -> None:
        for item in sorted(children.get(parent, []), key=lambda i: (i.position, i.id)):
            out.append(item)
            walk(item.id)

    walk(None)
    return out


def _local_parent(units: list[dict[str, Any]], unit: dict[str, Any],
                  known: dict[str, Organization]) -> int | None:
    parent_id = unit.get("parent_id")
    parent = next((u for u in units if u["id"] == parent_id), None)
    if parent is None or parent["uuid"] not in known:
        return None
    return int(known[parent["uuid"]].id)
