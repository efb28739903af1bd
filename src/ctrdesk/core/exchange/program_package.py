"""Programs down (``.ctrprog``): a parent's program and its unit list, signed.

The zip holds ``program.json`` (``ctrdesk.program/1`` with the UUIDs the parent holds the
program, its items and targets under), ``units.json`` (the parent's unit list) and the same
kind of signed manifest as a submission: ``manifest.json`` naming the issuing unit and the
SHA-256 of both files, ``manifest.p7s`` its detached CMS signature by the issuing level's
key. A unit stores it only when the signature is intact and from a signer its trust store
trusts, every file matches, and every file follows its schema; it is told who issued it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ctrdesk.core.errors import CtrdeskError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Organization, OrganizationAlias, Program, ProgramItem, Target

FORMAT = "ctrdesk.program-package/1"
FORMAT_NAME = "ctrdesk.program-package"
SUPPORTED_VERSION = 1
MEMBERS = ("program.json", "units.json")


@dataclass(frozen=True)
class ProgramPackageImport:
    program_id: int
    issuer: str  # the issuing unit the manifest names
    signer: str  # the certificate's subject
    new: bool

    def as_json(self) -> dict[str, object]:
        return {"program_id": self.program_id, "issuer": self.issuer, "signer": self.signer,
                "new": self.new}


def export_program_package(ws: Workspace, program_id: int, key: Any = None,
                           created: datetime | None = None) -> bytes:
    """The parent program (ctrdesk.program/1) and the unit list, signed with ``key``
    (a key file or a token) for units to import exactly. Without a key nothing is made:
    units accept only signed programs."""
    ws.require("program.package.sign")
    if key is None:
        raise ValidationError(_("A program package is signed by the issuing level: choose "
                                "the signing key (key file or USB token)."), field="key")
    from ctrdesk.core.exchange.cms import sign_detached
    from ctrdesk.core.importing.interchange import program_to_json
    from ctrdesk.core.organizations import list_organizations, own_organization
    from ctrdesk.core.programs.service import get_program_row, load_program

    own = own_organization(ws)
    if own is None:
        raise ValidationError(_("Choose the unit this workspace belongs to (Settings) before "
                                "sending a program down."), field="organization")
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
    files = {"program.json": json.dumps(data, ensure_ascii=False, indent=1).encode(),
             "units.json": json.dumps(units, ensure_ascii=False, indent=1).encode()}
    created = created or datetime.now(UTC).replace(microsecond=0)
    manifest = json.dumps({
        "format": FORMAT, "version": SUPPORTED_VERSION,
        "issuer": {"uuid": own.uuid, "name": own.name}, "program": row.uuid,
        "created": created.isoformat(),
        "files": {n: hashlib.sha256(d).hexdigest() for n, d in sorted(files.items())},
    }, ensure_ascii=False, indent=1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", manifest)
        package.writestr("manifest.p7s", sign_detached(manifest, key))
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _refuse(name: str, reason: str) -> CtrdeskError:
    from ctrdesk.core.exchange.zipread import refuse

    return refuse(name, reason)


def _verified(ws: Workspace, data: bytes, name: str) -> tuple[Any, Any, list[Any], str]:
    """Every check of a program package, before anything is stored."""
    from ctrdesk.core.exchange.schema import (
        Envelope,
        ProgramBody,
        ProgramManifest,
        SchemaError,
        Units,
        decode,
    )
    from ctrdesk.core.exchange.zipread import BoundedZip, check_signed_manifest
    from ctrdesk.core.trust import trust_roots

    def typed(member: str, raw: bytes, type_: Any) -> Any:
        try:
            return decode(member, raw, type_)
        except SchemaError as exc:
            raise _refuse(name, _("{member}: the field {field} is not valid: {problem}")
                          .format(member=exc.member, field=shown(exc.field),
                                  problem=shown(exc.problem))) from exc

    package = BoundedZip(data, name)
    if "manifest.json" not in package.names or "manifest.p7s" not in package.names:
        raise _refuse(name, _("this is not a signed program package (no manifest "
                              "signature)"))
    manifest_bytes = package.read("manifest.json")
    envelope = typed("manifest.json", manifest_bytes, Envelope)
    if envelope.format.split("/")[0] != FORMAT_NAME:
        raise _refuse(name, _("this is not a signed program package (no manifest "
                              "signature)"))
    if envelope.version > SUPPORTED_VERSION:
        raise _refuse(name, _("it was made by a newer ctrdesk (format version {version}); "
                              "update ctrdesk to read it").format(version=envelope.version))
    manifest = typed("manifest.json", manifest_bytes, ProgramManifest)
    check = check_signed_manifest(name, manifest_bytes, package.read("manifest.p7s"),
                                  trust_roots(ws))
    if set(manifest.files) != set(MEMBERS) or package.names != {*MEMBERS, "manifest.json",
                                                                "manifest.p7s"}:
        raise _refuse(name, _("it does not hold exactly a program and a unit list"))
    raw: dict[str, bytes] = {}
    for member in MEMBERS:
        raw[member] = package.read(member)
        if hashlib.sha256(raw[member]).hexdigest() != manifest.files[member]:
            raise _refuse(name, _("the file {file} was changed after signing").format(
                file=member))
    body = typed("program.json", raw["program.json"], ProgramBody)
    if body.uuid != manifest.program:
        raise _refuse(name, _("program.json: uuid: not the program the manifest names"))
    units = typed("units.json", raw["units.json"], Units)
    return manifest, body, units, check.signer


def import_program_package_checked(ws: Workspace, data: bytes, name: str = "package"
                                   ) -> ProgramPackageImport:
    """Store a parent's program exactly (same UUIDs as at the parent) and its unit list,
    after every check; say who issued it."""
    from ctrdesk.core.exchange.schema import plain
    from ctrdesk.core.importing.interchange import program_from_json
    from ctrdesk.core.programs.service import store_program

    manifest, body, units, signer = _verified(ws, data, name)
    try:
        program = program_from_json(plain(body))
    except CtrdeskError as exc:
        raise _refuse(name, exc.message) from exc
    issuer = manifest.issuer.name
    with ws.writing("program.package.import"):
        known = {o.uuid: o for o in Organization.select()}
        by_id = {u.id: u for u in units}
        for unit in units:  # parents come first in the list
            if unit.uuid in known:
                continue
            parent_row = by_id.get(unit.parent_id) if unit.parent_id is not None else None
            parent = known.get(parent_row.uuid) if parent_row is not None else None
            known[unit.uuid] = Organization.create(
                uuid=unit.uuid, name=unit.name, kind=unit.kind,
                abbreviation=unit.abbreviation, parent=parent)
            for alias in unit.aliases:
                OrganizationAlias.create(organization=known[unit.uuid], name=alias)
        existing = Program.get_or_none(Program.uuid == body.uuid)
        if existing is not None:
            return ProgramPackageImport(int(existing.id), issuer, signer, False)
        source = body.source
        program_id = store_program(ws, program, source_filename=source.filename if source
                                   else "", source_sha256=source.sha256 if source else "",
                                   allow_duplicate=True)
        Program.update(uuid=body.uuid).where(Program.id == program_id).execute()
        items = list(ProgramItem.select().where(ProgramItem.program == program_id)
                     .order_by(ProgramItem.position, ProgramItem.id))
        # Items were stored in tree order; give them the parent's UUIDs in the same order.
        ordered = _tree_order(items)
        taken = _taken(body.item_uuids, ProgramItem) | _taken(
            [u for u in body.target_uuids if u], Target)
        if taken:
            raise _refuse(name, _("program.json: the row {uuid} already exists in this "
                                  "workspace").format(uuid=sorted(taken)[0]))
        for item, uuid in zip(ordered, body.item_uuids, strict=False):
            ProgramItem.update(uuid=uuid).where(ProgramItem.id == item.id).execute()
        for item, target_uuid in zip(ordered, body.target_uuids, strict=False):
            if target_uuid:  # targets keep the parent's UUIDs too: units report against them
                Target.update(uuid=target_uuid).where(Target.item == item.id).execute()
        return ProgramPackageImport(program_id, issuer, signer, True)


def import_program_package(ws: Workspace, data: bytes, name: str = "package") -> int:
    """Store a parent's signed program package; the stored program's id."""
    return import_program_package_checked(ws, data, name).program_id


def _taken(uuids: list[str], model: Any) -> set[str]:
    from peewee import chunked

    found: set[str] = set()
    for batch in chunked(uuids, 500):
        found.update(u for (u,) in model.select(model.uuid).where(
            model.uuid.in_(batch)).tuples())
    return found


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
