"""Importing a submission at the upper level: verify everything, then store it in one go.

Order of checks, before anything is stored: the file is a sound zip (no path outside its
root, no zip bomb, not truncated); the manifest's format version is known; the manifest's
CMS signature is intact, valid and trusted, by a certificate registered for that unit (if
any is); every file's SHA-256 matches and nothing extra hides in the zip; the sender is one
of this workspace's subordinate units; the period is sensible; the package is not older
than the one held. Then one transaction stores it, keyed by UUIDs: the same package again
changes nothing, a newer one for the same unit and period supersedes the older (history).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from peewee import chunked

from ctrdesk.core.errors import Cancelled, CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Organization,
    Person,
    Program,
    ProgramItem,
    Submission,
    Target,
    TargetReading,
    UnitCertificate,
)
from ctrdesk.core.units import REPORTING_KINDS

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # a member compressed more than this is a zip bomb
MAX_MEMBERS = 5000
SUPPORTED_VERSION = 1


class PackageRefused(CtrdeskError):
    exit_code = 7


@dataclass
class ImportResult:
    submission_id: int
    unit: str
    period: str
    status: str  # imported, unchanged, superseded_older

    def as_json(self) -> dict[str, object]:
        return {"submission_id": self.submission_id, "unit": self.unit, "period": self.period,
                "status": self.status}


def _refuse(name: str, reason: str) -> PackageRefused:
    return PackageRefused(_("{name} refused: {reason}").format(name=name, reason=reason))


def open_package(data: bytes, name: str) -> dict[str, bytes]:
    """The members of a package, after the structural checks."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise _refuse(name, _("the file is too large"))
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(name, _("not a complete package (damaged or truncated zip)")) from exc
    if len(members) > MAX_MEMBERS:
        raise _refuse(name, _("too many files"))
    total = 0
    for member in members:
        path = PurePosixPath(member.filename)
        if member.filename.startswith(("/", "\\")) or ".." in path.parts or \
                ":" in member.filename or "\\" in member.filename:
            raise _refuse(name, _("a file path points outside the package: {path}").format(
                path=member.filename))
        total += member.file_size
        if total > MAX_UNPACKED_BYTES or (member.compress_size and member.file_size
                                          / member.compress_size > MAX_RATIO
                                          and member.file_size > 1024 * 1024):
            raise _refuse(name, _("it unpacks to an unreasonable size (zip bomb)"))
    files: dict[str, bytes] = {}
    try:
        for member in members:
            if not member.is_dir():
                files[member.filename] = package.read(member)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise _refuse(name, _("not a complete package (damaged or truncated zip)")) from exc
    return files


def _subordinate(organization: Organization, own: int | None) -> bool:
    if organization.kind not in REPORTING_KINDS:
        return False
    if own is None:
        return True
    current: Organization | None = organization
    while current is not None and current.parent_id is not None:  # type: ignore[attr-defined]
        current = Organization.get_or_none(Organization.id == current.parent_id)  # type: ignore[attr-defined]
        if current is not None and current.id == own:
            return True
    return False


def verify_package(ws: Workspace, data: bytes, name: str) -> tuple[dict[str, Any],
                                                                      dict[str, bytes], Any]:
    """Every check before anything is read into the workspace."""
    from ctrdesk.core.documents.kinds import parse_period
    from ctrdesk.core.exchange.cms import verify_detached
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.trust import trust_roots

    files = open_package(data, name)
    if "manifest.json" not in files or "manifest.p7s" not in files:
        raise _refuse(name, _("it is not signed (no manifest signature)"))
    try:
        manifest = json.loads(files["manifest.json"])
    except ValueError as exc:
        raise _refuse(name, _("the manifest is not valid JSON")) from exc
    version = manifest.get("version")
    if manifest.get("format", "").split("/")[0] != "ctrdesk.submission" or \
            not isinstance(version, int):
        raise _refuse(name, _("not a ctrdesk submission"))
    if version > SUPPORTED_VERSION:
        raise _refuse(name, _("it was made by a newer ctrdesk (format version {version}); "
                              "update ctrdesk to read it").format(version=version))
    try:
        check = verify_detached(files["manifest.json"], files["manifest.p7s"], trust_roots(ws))
    except CtrdeskError as exc:
        raise _refuse(name, exc.message) from exc
    if not check.intact or not check.valid:
        raise _refuse(name, _("the manifest was changed after it was signed"))
    if not check.trusted:
        raise _refuse(name, _("it is signed by a certificate this workspace does not trust "
                              "({signer})").format(signer=check.signer))
    listed = manifest.get("files") or {}
    extra = set(files) - set(listed) - {"manifest.json", "manifest.p7s"}
    if extra:
        raise _refuse(name, _("it holds a file its manifest does not list: {file}").format(
            file=sorted(extra)[0]))
    for file_name, digest in listed.items():
        if file_name not in files:
            raise _refuse(name, _("the file {file} is missing").format(file=file_name))
        if hashlib.sha256(files[file_name]).hexdigest() != digest:
            raise _refuse(name, _("the file {file} was changed after signing").format(
                file=file_name))
    unit_uuid = (manifest.get("unit") or {}).get("uuid")
    with ws.reading():
        unit = Organization.get_or_none(Organization.uuid == unit_uuid)
        own = own_organization(ws)
        if unit is None or not _subordinate(unit, own.id if own else None):
            raise _refuse(name, _("{unit} is not a subordinate unit of this workspace").format(
                unit=(manifest.get("unit") or {}).get("name", unit_uuid)))
        registered = {c.sha256 for c in UnitCertificate.select().where(
            UnitCertificate.organization == unit.id)}
        owner = UnitCertificate.get_or_none(UnitCertificate.sha256 == check.certificate_sha256)
    if owner is not None and owner.organization_id != unit.id:  # type: ignore[attr-defined]
        raise _refuse(name, _("it is signed with another unit's certificate ({signer})")
                      .format(signer=check.signer))
    if registered and check.certificate_sha256 not in registered:
        raise _refuse(name, _("it is not signed with {unit}'s certificate ({signer})").format(
            unit=unit.name, signer=check.signer))
    try:
        span = parse_period(str(manifest.get("period", "")))
        created = datetime.fromisoformat(manifest["created"])
    except (CtrdeskError, KeyError, ValueError) as exc:
        raise _refuse(name, _("its period or creation time is not valid")) from exc
    today = date.today()
    if span.start > today or span.start.year < 2000 or created.date() > today:
        raise _refuse(name, _("its period {period} is not sensible").format(
            period=span.code))
    return manifest, files, (unit, span, created, check)


def import_submission(ws: Workspace, data: bytes, name: str = "package") -> ImportResult:
    manifest, files, (unit, span, created, check) = verify_package(ws, data, name)
    digest = hashlib.sha256(files["manifest.json"]).hexdigest()
    created_naive = created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created
    rollup = _rollup_text(files, name)  # checked before the transaction opens
    with ws.writing("submission.import"):
        same = Submission.get_or_none(Submission.manifest_sha256 == digest)
        if same is not None:
            return ImportResult(same.id, unit.name, span.code, "unchanged")
        current = Submission.get_or_none((Submission.organization == unit.id)
                                         & (Submission.period == span.code)
                                         & (Submission.status == "current"))
        if current is not None and current.created >= created_naive:
            raise _refuse(name, _("it is older than the package already held for {unit}, "
                                  "{period}").format(unit=unit.name, period=span.code))
        row = Submission.create(organization=unit, period=span.code, created=created_naive,
                                manifest_sha256=digest, signer=check.signer,
                                certificate_sha256=check.certificate_sha256, files=len(files),
                                consolidation=rollup)
        if current is not None:
            current.status, current.superseded_by = "superseded", row
            current.save()
        _store_people(unit, json.loads(files["data/people.json"]))
        program = json.loads(files["data/program.json"])
        if program:
            _store_program(unit, program)
        _store_records(ws, unit, json.loads(files["data/records.json"]))
        _store_documents(ws, row, manifest, files)
        return ImportResult(row.id, unit.name, span.code,
                            "superseded_older" if current is not None else "imported")


def _rollup_text(files: dict[str, bytes], name: str) -> str:
    """The sender's roll-up of the units below it, checked to be a JSON object."""
    raw = files.get("data/consolidation.json")
    if raw is None:
        return ""
    try:
        rollup = json.loads(raw)
    except ValueError as exc:
        raise _refuse(name, _("its roll-up of the units below it is not valid")) from exc
    submissions = rollup.get("submissions") if isinstance(rollup, dict) else None
    if not (isinstance(submissions, dict)
            and all(isinstance(submissions.get(k), int) for k in ("units", "submitted"))
            and isinstance(submissions.get("missing"), list)):
        raise _refuse(name, _("its roll-up of the units below it is not valid"))
    return json.dumps(rollup, ensure_ascii=False)


@dataclass
class FileOutcome:
    """What became of one package file of a batch."""

    file: str
    status: str  # imported, unchanged, superseded_older, refused
    unit: str = ""
    period: str = ""
    reason: str = ""

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "status": self.status, "unit": self.unit,
                "period": self.period, "reason": self.reason}


def import_files(ws: Workspace, paths: Sequence[Path],
                 progress: Callable[[float], None] | None = None) -> list[FileOutcome]:
    """Import packages one by one, each in its own transaction: a refused package is
    reported and skipped, the others are stored. Cancelling (``progress`` raising
    :class:`Cancelled`) stops before the next package; those stored so far stay, whole."""
    outcomes: list[FileOutcome] = []
    for number, path in enumerate(paths):
        if progress is not None:
            progress(number / max(len(paths), 1))
        try:
            data = path.read_bytes()
        except OSError as exc:
            outcomes.append(FileOutcome(path.name, "refused", reason=_(
                "{name} cannot be read: {error}").format(name=path.name,
                                                         error=exc.strerror or exc)))
            continue
        try:
            result = import_submission(ws, data, path.name)
        except Cancelled:
            raise
        except CtrdeskError as exc:
            outcomes.append(FileOutcome(path.name, "refused", reason=exc.message))
            continue
        outcomes.append(FileOutcome(path.name, result.status, result.unit, result.period))
    if progress is not None:
        progress(1.0)
    return outcomes


@dataclass
class ReceivedSubmission:
    """A row of the received-packages list, current or superseded."""

    id: int
    unit: str
    unit_id: int
    period: str
    created: datetime
    received_at: datetime
    signer: str
    status: str
    files: int
    superseded_by: int | None
    consolidation: dict[str, Any] | None

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "unit": self.unit, "period": self.period,
                "created": self.created.isoformat(), "received_at":
                self.received_at.isoformat(), "signer": self.signer, "status": self.status,
                "files": self.files, "superseded_by": self.superseded_by,
                "consolidation": self.consolidation}


def received_submissions(ws: Workspace, period: str | None = None,
                         unit_id: int | None = None, history: bool = True
                         ) -> list[ReceivedSubmission]:
    """The packages received, newest first; with ``history`` the superseded ones too."""
    query = (Submission.select(Submission, Organization.name)
             .join(Organization).order_by(Submission.period.desc(), Organization.name,
                                          Submission.created.desc()))
    if period is not None:
        from ctrdesk.core.documents.kinds import parse_period

        query = query.where(Submission.period == parse_period(period).code)
    if unit_id is not None:
        query = query.where(Submission.organization == unit_id)
    if not history:
        query = query.where(Submission.status == "current")
    with ws.reading():
        return [ReceivedSubmission(
            s.id, s.organization.name, s.organization_id, s.period,  # type: ignore[attr-defined]
            s.created, s.received_at, s.signer, s.status, s.files,
            s.superseded_by_id,  # type: ignore[attr-defined]
            json.loads(s.consolidation) if s.consolidation else None) for s in query]


def _store_people(unit: Organization, people: list[dict[str, Any]]) -> None:
    upsert = _Upserter(Person, ("organization", "full_name", "role", "title"))
    for person in people:
        upsert(person["uuid"], unit.id, person["full_name"], person["role"],
               person.get("title", ""))


class _Upserter:
    """Insert-or-update rows of one model by UUID with one prepared statement.

    A package holds thousands of rows; building a peewee query per row costs about a
    millisecond, a prepared ``INSERT ... ON CONFLICT(uuid) DO UPDATE ... RETURNING id``
    about twenty microseconds. Values go through the fields' own ``db_value`` so they are
    stored exactly as peewee would store them; columns the package does not carry keep
    their defaults on insert and their values on update.
    """

    def __init__(self, model: Any, columns: tuple[str, ...]) -> None:
        meta = model._meta
        self.database = meta.database
        self.fields = [meta.fields[c] for c in columns]
        self.defaults = [f for f in meta.sorted_fields
                         if f.name not in columns and f.name not in ("id", "uuid")]
        names = ["uuid", *(f.column_name for f in self.fields),
                 *(f.column_name for f in self.defaults)]
        updated = [f.column_name for f in self.fields] + ["updated_at"]
        self.sql = (f'INSERT INTO "{meta.table_name}" ({", ".join(map(_quote, names))}) '
                    f'VALUES ({", ".join("?" * len(names))}) ON CONFLICT("uuid") DO UPDATE '
                    f'SET {", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in updated)}'
                    ' RETURNING "id"')

    def __call__(self, uuid: str, *values: Any) -> int:
        params = [uuid, *(f.db_value(v) for f, v in zip(self.fields, values, strict=True))]
        for field in self.defaults:
            default = field.default() if callable(field.default) else field.default
            params.append(field.db_value(default))
        row = self.database.execute_sql(self.sql, params).fetchone()
        return int(row[0])


def _quote(column: str) -> str:
    return f'"{column}"'


ITEM_COLUMNS = (
    "kind", "number", "title", "text", "role", "role_evidence", "status", "progress",
    "deadline_text", "recurrence", "action", "resources", "accountable", "time_text",
    "time_kind", "position", "deadline", "time_start", "time_end", "program", "parent",
    "source_item", "responsible_person")


def _store_program(unit: Organization, data: dict[str, Any]) -> None:
    parent = Program.get_or_none(Program.uuid == data.get("parent_uuid")) \
        if data.get("parent_uuid") else None
    program = _Upserter(Program, (
        "kind", "issuer", "issuer_text", "summary", "doc_type", "parent", "status"))(
        data["uuid"], "unit_program", unit.id, unit.name, data.get("summary", ""),
        data.get("doc_type", ""), parent.id if parent else None, "issued")
    people = {p.uuid: p.id for p in Person.select(Person.id, Person.uuid).where(
        Person.organization == unit)}
    # The parent program's items and targets the unit's rows point at, in one query each.
    sources = _ids_by_uuid(ProgramItem, {i["source_item_uuid"] for i in data["items"]})
    parent_targets = _ids_by_uuid(Target, {t["parent_target_uuid"] for t in data["targets"]})
    upsert_item = _Upserter(ProgramItem, ITEM_COLUMNS)
    ids: dict[str, int] = {}
    for item in data["items"]:  # the package lists the tree parents first
        if item["parent_uuid"] and item["parent_uuid"] not in ids:
            raise _refuse("package", _("its program tree is broken"))
        dates = [date.fromisoformat(item[k]) if item[k] else None
                 for k in ("deadline", "time_start", "time_end")]
        ids[item["uuid"]] = upsert_item(
            item["uuid"], *(item[k] for k in ITEM_COLUMNS[:16]), *dates, program,
            ids.get(item["parent_uuid"]), sources.get(item["source_item_uuid"]),
            people.get(item["responsible_person_uuid"]))
    upsert_target = _Upserter(Target, ("program", "item", "parent_target", "text", "op",
                                       "value", "max_value", "unit"))
    upsert_reading = _Upserter(TargetReading, ("target", "as_of", "numerator", "denominator",
                                               "count", "note"))
    for target in data["targets"]:
        target_id = upsert_target(
            target["uuid"], program, ids.get(target["item_uuid"]),
            parent_targets.get(target["parent_target_uuid"]), target["text"], target["op"],
            target["value"], target["max_value"], target["unit"])
        for reading in target["readings"]:
            upsert_reading(reading["uuid"], target_id, date.fromisoformat(reading["as_of"]),
                           reading["numerator"], reading["denominator"], reading["count"],
                           reading["note"])


def _ids_by_uuid(model: Any, uuids: set[str | None]) -> dict[str, int]:
    wanted = [u for u in uuids if u]
    found: dict[str, int] = {}
    for batch in chunked(wanted, 500):
        found.update(model.select(model.uuid, model.id).where(model.uuid.in_(batch)).tuples())
    return found


def _store_records(ws: Workspace, unit: Organization, records: dict[str, list[Any]]) -> None:
    from ctrdesk.core.records.service import context, get_kind, save_record

    ctx = context(ws, people_of=unit.id)  # once per package
    for kind_name, items in records.items():
        kind = get_kind(kind_name)
        if kind.bulk_order is not None:  # the excellent ratings after those they share
            items = sorted(items, key=kind.bulk_order)
        existing = _ids_by_uuid(kind.model, {r.get("uuid") for r in items})
        for record in items:
            record = {**record, "organization": unit.id}
            save_record(ws, kind_name, record, existing.get(record["uuid"]), ctx,
                        warnings=False)


def _store_documents(ws: Workspace, submission: Submission, manifest: dict[str, Any],
                     files: dict[str, bytes]) -> None:
    from ctrdesk.core.documents.register import _store_bytes
    from ctrdesk.core.store.models import Attachment

    for document in manifest.get("documents", []):
        data = files[document["file"]]
        digest = _store_bytes(ws, data)
        signed = "-da-ky" if document.get("signed") else ""
        Attachment.create(sha256=digest, filename=f"{document['number']}{signed}.pdf",
                          size=len(data), owner_table="submission", owner_id=submission.id,
                          note=document.get("title", ""))
