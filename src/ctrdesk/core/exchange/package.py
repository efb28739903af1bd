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


def _program_payload(ws: Workspace, program_id: int | None, on: date | None = None
                     ) -> dict[str, Any] | None:
    """The program as it stood on ``on`` (the period's end): item states from their dated
    history, readings up to that day."""
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
            if on is None or reading.as_of <= on:
                readings[reading.target_id].append(reading)  # type: ignore[attr-defined]
    if on is not None:
        from ctrdesk.core.programs.asof import item_states

        states = item_states(ws, program_id, on)
        for item in items:
            item.status, item.progress = states[item.id].status, states[item.id].progress
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
    from ctrdesk.core.documents.kinds import unit_program_of
    from ctrdesk.core.exchange.cms import sign_detached
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.period import parse_period
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
        "data/program.json": json.dumps(_program_payload(ws, unit_program_of(ws, own.id), span.end),
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
    return rollup_summary(data) if data.submissions.submitted else None


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


# --- packages down: see program_package.py -------------------------------------------------

from ctrdesk.core.exchange.program_package import (  # noqa: E402
    ProgramPackageImport,
    export_program_package,
    import_program_package,
    import_program_package_checked,
)

__all__ = ["ProgramPackageImport", "build_submission", "export_program_package",
           "import_program_package", "import_program_package_checked", "pack",
           "write_submission"]
