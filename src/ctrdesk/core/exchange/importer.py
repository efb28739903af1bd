"""Importing a submission at the upper level: verify everything, then store it in one go.

Order of checks, before anything is stored: the zip's directory is sound (no path outside
its root, no duplicate name, no zip bomb, not truncated); the manifest follows its schema
and its format version is known; its CMS signature is intact, valid and trusted; the
signer is enrolled for the unit the manifest names, not retired and not revoked at the
time the package was made; every file's SHA-256 matches and nothing extra hides in the
zip; the sender is one of this workspace's subordinate units; the period is sensible;
every member follows its declared schema (:mod:`ctrdesk.core.exchange.schema`) and the
package is consistent in itself; no row it carries belongs to another unit or to this
workspace's own data. Then one transaction stores it, keyed by UUIDs: the same package
again changes nothing, a newer one for the same unit and period replaces what the older
one carried (kept as history), an older one is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peewee import PeeweeException

from ctrdesk.core.errors import Cancelled, CtrdeskError
from ctrdesk.core.exchange.schema import (
    Envelope,
    Manifest,
    People,
    ProgramData,
    Rollup,
    SchemaError,
    decode,
    plain,
    records_type,
)
from ctrdesk.core.exchange.zipread import (
    MAX_PACKAGE_BYTES,
    BoundedZip,
    PackageRefused,
    check_signed_manifest,
    refuse,
)
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.security import audit
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.bulk import find_one, insert_row
from ctrdesk.core.store.models import (
    Organization,
    Submission,
    UnitCertificate,
    utc_now,
)
from ctrdesk.core.units import REPORTING_KINDS

if TYPE_CHECKING:
    from ctrdesk.core.exchange.cms import CmsVerifier

SUPPORTED_VERSION = 1
FORMAT_NAME = "ctrdesk.submission"

__all__ = ["PackageRefused", "import_files", "import_submission", "verify_package"]


@dataclass
class ImportResult:
    submission_id: int
    unit: str
    period: str
    status: str  # imported, unchanged, superseded_older

    def as_json(self) -> dict[str, object]:
        return {"submission_id": self.submission_id, "unit": self.unit, "period": self.period,
                "status": self.status}


_refuse = refuse


def _subordinate(ws: Workspace, organization: Organization, own: int | None) -> bool:
    """A reporting unit below ``own`` (any unit when the workspace names none)."""
    if organization.kind not in REPORTING_KINDS:
        return False
    if own is None:
        return True
    # Up the tree from the unit's parent (UNION stops at a cycle).
    return ws.db.execute_sql(
        'WITH RECURSIVE up(id) AS (SELECT "parent_id" FROM "organization" WHERE "id" = ? '
        'UNION SELECT o."parent_id" FROM "organization" o JOIN up ON o."id" = up.id) '
        "SELECT 1 FROM up WHERE id = ?", (organization.id, own)).fetchone() is not None


def _own_id(ws: Workspace) -> int | None:
    """This workspace's own organization, by the setting that names it."""
    from ctrdesk.core.organizations import OWN_UNIT_SETTING

    wanted = ws.get_setting(OWN_UNIT_SETTING)
    if not wanted:
        return None
    row = ws.db.execute_sql('SELECT "id" FROM "organization" WHERE "uuid" = ?',
                            (wanted,)).fetchone()
    return int(row[0]) if row else None


@dataclass
class Verified:
    """A package that passed every check, decoded into its typed members."""

    name: str
    manifest: Manifest
    manifest_sha256: str
    unit: Organization
    period: str
    created: datetime  # naive UTC
    signer: str
    certificate_sha256: str
    people: list[Any]
    program: ProgramData | None
    records: dict[str, list[dict[str, Any]]]
    rollup: str
    documents: dict[str, bytes]
    files: int
    carried: dict[str, list[str]] = dataclass_field(default_factory=dict)  # table -> row UUIDs


def _decode(name: str, member: str, data: bytes, type_: Any) -> Any:
    try:
        return decode(member, data, type_)
    except SchemaError as exc:
        raise _refuse(name, _("{member}: the field {field} is not valid: {problem}").format(
            member=exc.member, field=shown(exc.field), problem=shown(exc.problem))) from exc


def _check_signer(ws: Workspace, name: str, unit: Organization, check: Any,
                  created: datetime) -> None:
    """The signer must be enrolled for this unit, in service and not revoked when the
    package was made. A trusted chain alone is not enough."""
    from ctrdesk.core.trust import load_crls, revoked_since, trust_roots

    with ws.reading():
        enrolled = find_one(UnitCertificate, sha256=check.certificate_sha256)
        other = enrolled.organization.name if enrolled is not None \
            and enrolled.organization_id != unit.id else None
        any_crl = ws.db.execute_sql('SELECT 1 FROM "revocation_list" LIMIT 1').fetchone()
    signer = shown(check.signer)
    if other is not None:
        raise _refuse(name, _("it is signed with another unit's certificate ({signer}, "
                              "enrolled for {unit})").format(signer=signer, unit=shown(other)))
    if enrolled is None:
        raise _refuse(name, _("its signer ({signer}) is not enrolled for {unit}; enroll the "
                              "unit's certificate first (Settings → Units and keys)").format(
            signer=signer, unit=shown(unit.name)))
    if enrolled.retired_on is not None and created.date() >= enrolled.retired_on:
        raise _refuse(name, _("its signer's certificate ({signer}) was retired for {unit} on "
                              "{date}").format(signer=signer, unit=shown(unit.name),
                                               date=enrolled.retired_on.strftime("%d/%m/%Y")))
    crls = load_crls(ws) if any_crl else []
    if crls and check.certificate_der:
        revoked = revoked_since(crls, check.certificate_der, trust_roots(ws))
        if revoked is not None and revoked.replace(tzinfo=None) <= created:
            raise _refuse(name, _("its signer's certificate ({signer}) was revoked on {date}, "
                                  "before the package was made").format(
                signer=signer, date=revoked.strftime("%d/%m/%Y")))


@dataclass
class Checked:
    """A package whose checks that need no workspace were made (in a worker process, for a
    batch): its zip, manifest, signature against the trust roots, files and members.

    ``deferred`` is the refusal (or fault) of a check that comes, in the order of checks,
    after those that need the workspace (the sender and the signer's enrollment): it is
    raised only once those passed, so a package is refused for the same reason whether
    it was checked in a worker or here."""

    name: str
    manifest: Manifest
    manifest_sha256: str
    check: Any  # CmsCheck
    created: datetime  # naive UTC
    period: str = ""
    people: list[Any] = dataclass_field(default_factory=list)
    program: ProgramData | None = None
    records: dict[str, list[dict[str, Any]]] = dataclass_field(default_factory=dict)
    rollup: str = ""
    documents: dict[str, bytes] = dataclass_field(default_factory=dict)
    files: int = 0
    carried: dict[str, list[str]] = dataclass_field(default_factory=dict)  # table -> UUIDs
    deferred: BaseException | None = None


def check_content(data: bytes, name: str, roots: list[Any] | CmsVerifier) -> Checked:
    """Every check that needs no workspace, ``roots`` being its trust roots (or a verifier
    made for them, reused over a batch). A refusal of the first checks (the zip, the
    manifest, the signature) is raised at once."""

    package = BoundedZip(data, name)
    if "manifest.json" not in package.names or "manifest.p7s" not in package.names:
        raise _refuse(name, _("it is not signed (no manifest signature)"))
    manifest_bytes = package.read("manifest.json")
    try:
        envelope = decode("manifest.json", manifest_bytes, Envelope)
    except SchemaError as exc:
        raise _refuse(name, _("not a ctrdesk submission")) from exc
    if envelope.format.split("/")[0] != FORMAT_NAME:
        raise _refuse(name, _("not a ctrdesk submission"))
    if envelope.version > SUPPORTED_VERSION:
        raise _refuse(name, _("it was made by a newer ctrdesk (format version {version}); "
                              "update ctrdesk to read it").format(version=envelope.version))
    manifest: Manifest = _decode(name, "manifest.json", manifest_bytes, Manifest)
    check = check_signed_manifest(name, manifest_bytes, package.read("manifest.p7s"), roots)
    listed = manifest.files
    extra = package.names - set(listed) - {"manifest.json", "manifest.p7s"}
    if extra:
        raise _refuse(name, _("it holds a file its manifest does not list: {file}").format(
            file=shown(sorted(extra)[0])))
    created = manifest.created.astimezone(UTC).replace(tzinfo=None) \
        if manifest.created.tzinfo else manifest.created
    checked = Checked(name, manifest, hashlib.sha256(manifest_bytes).hexdigest(), check,
                      created)
    try:
        _check_members(checked, package)
    except (CtrdeskError, ValueError, TypeError, KeyError, IndexError, OverflowError,
            RecursionError, MemoryError) as exc:
        checked.deferred = exc
    return checked


def _check_members(checked: Checked, package: BoundedZip) -> None:
    from ctrdesk.core.period import parse_period

    name, manifest, created = checked.name, checked.manifest, checked.created
    listed = manifest.files
    try:
        span = parse_period(manifest.period)
    except (CtrdeskError, ValueError) as exc:
        raise _refuse(name, _("its period or creation time is not valid")) from exc
    today = date.today()
    if span.start > today or span.start.year < 2000 or created.date() > today:
        raise _refuse(name, _("its period {period} is not sensible").format(
            period=span.code))
    files: dict[str, bytes] = {}
    for file_name, digest in listed.items():
        if file_name not in package.names:
            raise _refuse(name, _("the file {file} is missing").format(file=shown(file_name)))
        files[file_name] = package.read(file_name)
        if hashlib.sha256(files[file_name]).hexdigest() != digest:
            raise _refuse(name, _("the file {file} was changed after signing").format(
                file=shown(file_name)))
    for required in ("data/people.json", "data/program.json", "data/records.json"):
        if required not in files:
            raise _refuse(name, _("the file {file} is missing").format(file=required))
    people = _decode(name, "data/people.json", files.pop("data/people.json"), People)
    program = _decode(name, "data/program.json", files.pop("data/program.json"),
                      ProgramData | None)
    records = plain(_decode(name, "data/records.json", files.pop("data/records.json"),
                            records_type()))
    rollup = ""
    if "data/consolidation.json" in files:
        raw = files.pop("data/consolidation.json")
        try:
            decode("data/consolidation.json", raw, Rollup)
        except SchemaError as exc:
            raise _refuse(name, _("its roll-up of the units below it is not valid")) from exc
        rollup = json.dumps(json.loads(raw), ensure_ascii=False)
    documents = {d.file: b"" for d in manifest.documents}
    for document in manifest.documents:
        if document.file not in files or not files[document.file].startswith(b"%PDF-"):
            raise _refuse(name, _("manifest.json: the document {file} is not a PDF of the "
                                  "package").format(file=shown(document.file)))
        documents[document.file] = files.pop(document.file)
    if files:
        raise _refuse(name, _("it holds a file its manifest does not list: {file}").format(
            file=shown(sorted(files)[0])))
    checked.period, checked.people, checked.program = span.code, people, program
    checked.records, checked.rollup, checked.documents = records, rollup, documents
    checked.files = len(listed) + 2
    from ctrdesk.core.exchange.ownership import check_consistency

    check_consistency(checked)  # the package agrees with itself: no workspace needed


def verify_package(ws: Workspace, data: bytes, name: str) -> Verified:
    """Every check before anything is read into the workspace."""
    from ctrdesk.core.trust import trust_roots

    return verify_checked(ws, check_content(data, name, trust_roots(ws)))


def verify_checked(ws: Workspace, checked: Checked) -> Verified:
    """The checks that need the workspace, after :func:`check_content`'s: the sender is a
    subordinate unit, the signer is enrolled for it; then the package's rows are checked
    against the workspace's."""
    name, manifest = checked.name, checked.manifest
    with ws.reading():
        unit = find_one(Organization, uuid=manifest.unit.uuid)
        subordinate = unit is not None and _subordinate(ws, unit, _own_id(ws))
    if unit is None or not subordinate:
        raise _refuse(name, _("{unit} is not a subordinate unit of this workspace").format(
            unit=shown(manifest.unit.name)))
    _check_signer(ws, name, unit, checked.check, checked.created)
    if checked.deferred is not None:
        raise checked.deferred
    verified = Verified(name, manifest, checked.manifest_sha256, unit, checked.period,
                        checked.created, checked.check.signer,
                        checked.check.certificate_sha256, checked.people, checked.program,
                        checked.records, checked.rollup, checked.documents, checked.files,
                        checked.carried)
    from ctrdesk.core.exchange.ownership import check_ownership

    check_ownership(ws, verified)
    return verified


def import_submission(ws: Workspace, data: bytes, name: str = "package") -> ImportResult:
    return store_verified(ws, verify_package(ws, data, name))


def store_verified(ws: Workspace, verified: Verified) -> ImportResult:
    """Store a package that passed every check, in one transaction."""
    from ctrdesk.core.store.workspace import DiskFullError

    new_files: list[Path] = []  # blobs this import wrote: removed again if it fails
    try:
        return _store(ws, verified, new_files)
    except BaseException as exc:
        for path in new_files:
            path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder too, when nothing else is in it
                path.parent.rmdir()
        if isinstance(exc, DiskFullError):
            raise _refuse(verified.name, exc.message) from exc
        raise


def _store(ws: Workspace, verified: Verified, new_files: list[Path]) -> ImportResult:
    from ctrdesk.core.exchange.ownership import (
        carried_text,
        drop_superseded_records,
        drop_superseded_rows,
        superseded_rows,
    )
    from ctrdesk.core.exchange.storing import store_people, store_program, store_records

    name, unit = verified.name, verified.unit
    with ws.writing("submission.import"):
        same = find_one(Submission, manifest_sha256=verified.manifest_sha256)
        if same is not None:
            return ImportResult(same.id, unit.name, verified.period, "unchanged")
        current = find_one(Submission, organization=unit.id, period=verified.period,
                           status="current")
        if current is not None and current.created >= verified.created:
            raise _refuse(name, _("it is older than the package already held for {unit}, "
                                  "{period}").format(unit=shown(unit.name),
                                                     period=verified.period))
        row_id = insert_row(Submission, {
            "organization": unit.id, "period": verified.period, "created": verified.created,
            "manifest_sha256": verified.manifest_sha256, "signer": verified.signer,
            "certificate_sha256": verified.certificate_sha256, "files": verified.files,
            "consolidation": verified.rollup, "carried": carried_text(verified.carried)})
        if current is not None:
            ws.db.execute_sql('UPDATE "submission" SET "status" = \'superseded\', '
                              '"superseded_by_id" = ?, "updated_at" = ? WHERE "id" = ?',
                              (row_id, Submission.updated_at.db_value(utc_now()), current.id))
            gone = superseded_rows(ws, unit.id, current.id, verified.carried)
            drop_superseded_records(ws, gone)
        with audit.inserts_by_id(ws):  # the submission row above names the package
            _store_documents(ws, row_id, verified, new_files)
            store_people(unit, verified.people)
            if verified.program is not None:
                store_program(ws, unit, verified.program)
            store_records(ws, verified)
        if current is not None:
            drop_superseded_rows(ws, gone)
        return ImportResult(row_id, unit.name, verified.period,
                            "superseded_older" if current is not None else "imported")


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


class BatchCancelled(Cancelled):
    """The batch was cancelled: ``outcomes`` says what became of every file, those not
    tried included."""

    def __init__(self, message: str, outcomes: list[FileOutcome]) -> None:
        super().__init__(message)
        self.outcomes = outcomes


def _read(path: Path) -> bytes | FileOutcome:
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            return FileOutcome(path.name, "refused", reason=str(
                _refuse(path.name, _("the file is too large"))))
        return path.read_bytes()
    except OSError as exc:
        return FileOutcome(path.name, "refused", reason=_(
            "{name} cannot be read: {error}").format(name=shown(path.name),
                                                     error=exc.strerror or exc))


def _outcome(name: str, run: Callable[[], ImportResult]) -> FileOutcome:
    try:
        result = run()
    except Cancelled:
        raise
    except CtrdeskError as exc:
        return FileOutcome(name, "refused", reason=exc.message)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError,
            MemoryError, PeeweeException, sqlite3.Error) as exc:
        # A fault of the package not caught by a named check still refuses only this file.
        return FileOutcome(name, "refused", reason=str(_refuse(name, _(
            "its content cannot be read ({error})").format(error=type(exc).__name__))))
    return FileOutcome(name, result.status, shown(result.unit), result.period)


def import_file(ws: Workspace, path: Path) -> FileOutcome:
    """One package file, whatever it holds: its outcome, never an exception for its
    content (a refused file says why)."""
    data = _read(path)
    if isinstance(data, FileOutcome):
        return data
    return _outcome(path.name, lambda: import_submission(ws, data, path.name))


def _store_checked(ws: Workspace, checked: Callable[[], Checked]) -> ImportResult:
    return store_verified(ws, verify_checked(ws, checked()))


def import_files(ws: Workspace, paths: Sequence[Path],
                 progress: Callable[[float], None] | None = None,
                 workers: int | None = None) -> list[FileOutcome]:
    """Import packages one by one, each in its own transaction: a refused package is
    reported and skipped, the others are stored. Cancelling (``progress`` raising
    :class:`Cancelled`, or Ctrl+C) stops before the next package; those stored so far stay,
    whole, and :class:`BatchCancelled` carries every file's outcome.

    A large batch is checked ahead in ``workers`` worker processes (by default one less
    than the machine has cores, up to 4; 0: none) while this process stores, in order."""
    from ctrdesk.core.exchange.pool import CheckPool, workers_for
    from ctrdesk.core.store.batching import batch_commits
    from ctrdesk.core.trust import trust_roots

    count = workers_for(len(paths)) if workers is None else workers
    pool = CheckPool(paths, _read, [root.dump() for root in trust_roots(ws)], count) \
        if count > 0 and paths else None
    checks = pool.results() if pool is not None else None
    outcomes: list[FileOutcome] = []
    try:
        with batch_commits(ws, len(paths)):
            for number, path in enumerate(paths):
                if progress is not None:
                    progress(number / max(len(paths), 1))
                if checks is None:
                    outcomes.append(import_file(ws, path))
                    continue
                data, checked = next(checks)
                if checked is None:
                    outcomes.append(data)
                    continue
                outcomes.append(_outcome(path.name, partial(_store_checked, ws, checked)))
    except (Cancelled, KeyboardInterrupt) as exc:
        for path in paths[len(outcomes):]:
            outcomes.append(FileOutcome(path.name, "refused", reason=_(
                "{name}: not imported, the batch was cancelled").format(
                name=shown(path.name))))
        raise BatchCancelled(_("The import was cancelled."), outcomes) from exc
    finally:
        if pool is not None:
            pool.close()
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
        from ctrdesk.core.period import parse_period

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


def _store_documents(ws: Workspace, submission_id: int, verified: Verified,
                     new_files: list[Path]) -> None:
    """The package's PDFs into the file store, each through a temporary file renamed into
    place; ``new_files`` collects those written, for removal if the import fails."""

    from ctrdesk.core.attachments import blob_path, write_blob
    from ctrdesk.core.store.models import Attachment

    for document in verified.manifest.documents:
        data = verified.documents[document.file]
        digest = hashlib.sha256(data).hexdigest()
        target = blob_path(ws, digest)
        if not target.exists():
            try:  # sealed with the workspace's files key when it is encrypted
                write_blob(ws, data)
            except OSError as exc:  # a full disk is DiskFullError already (nothing left)
                raise _refuse(verified.name, _("its file {file} cannot be stored: {error}")
                              .format(file=document.file, error=exc.strerror or exc)) from exc
            new_files.append(target)
        signed = "-da-ky" if document.signed else ""
        insert_row(Attachment, {"sha256": digest, "filename": f"{document.number}{signed}.pdf",
                                "size": len(data), "owner_table": "submission",
                                "owner_id": submission_id, "note": document.title})
