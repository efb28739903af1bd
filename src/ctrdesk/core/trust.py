"""The workspace's trust store and enrollment of its units' keys.

- Root certificates: signatures are checked against them (a chain to a trusted root).
- Unit certificates: for each subordinate unit, the certificates allowed to sign its
  packages. A trusted chain is not enough: a package is accepted only when its signer is
  enrolled for the unit it names. A certificate is retired with a date (key rollover).
- Revocation lists (CRLs) carried in by hand: a signer revoked before the signing time
  is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.exchange.schema import UnitRef
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Organization,
    RevocationList,
    TrustRoot,
    UnitCertificate,
)

ENROLLMENT_FORMAT = "ctrdesk.enrollment/1"
MAX_TRUST_FILE = 16 * 1024 * 1024


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_TRUST_FILE:
            raise ValidationError(_("{name} is too large.").format(name=shown(path.name)),
                                  field="file")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(_("{name} cannot be read: {error}").format(
            name=shown(path.name), error=exc.strerror or exc), field="file") from exc


def add_trust_root(ws: Workspace, path: Path) -> int:
    """Trust a root certificate (PEM or DER); adding the same one twice changes nothing."""
    from ctrdesk.core.signing import load_certificates

    try:
        certificates = load_certificates([path])
    except (OSError, ValueError) as exc:
        raise ValidationError(_("{name} is not a certificate: {reason}").format(
            name=shown(path.name), reason=exc), field="certificate") from exc
    if not certificates:
        raise ValidationError(_("{name} holds no certificate.").format(name=shown(path.name)),
                              field="certificate")
    with ws.writing("trust.add"):
        last = 0
        for certificate in certificates:
            der = certificate.dump()
            digest = hashlib.sha256(der).hexdigest()
            row = TrustRoot.get_or_none(TrustRoot.sha256 == digest)
            if row is None:
                row = TrustRoot.create(subject=certificate.subject.human_friendly,
                                       sha256=digest, der=der)
            last = int(row.id)
        return last


def trust_roots(ws: Workspace) -> list[Any]:
    from asn1crypto import x509

    with ws.reading():
        return [x509.Certificate.load(bytes(row.der)) for row in TrustRoot.select()]


def list_trust_roots(ws: Workspace) -> list[dict[str, object]]:
    with ws.reading():
        return [{"id": r.id, "subject": r.subject, "sha256": r.sha256}
                for r in TrustRoot.select().order_by(TrustRoot.id)]


# --- revocation lists --------------------------------------------------------------------


def _load_crl(data: bytes, name: str) -> Any:
    from cryptography import x509

    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError as exc:
        raise ValidationError(_("{name} is not a certificate revocation list (CRL).").format(
            name=shown(name)), field="crl") from exc


def _crl_issued_by(crl: Any, issuer: Any) -> bool:
    try:
        return bool(crl.issuer == issuer.subject and crl.is_signature_valid(
            issuer.public_key()))
    except (TypeError, ValueError):
        return False


def add_crl(ws: Workspace, path: Path) -> int:
    """Keep a CRL (PEM or DER) issued and signed by a trusted root."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    crl = _load_crl(_read(path), path.name)
    roots = [x509.load_der_x509_certificate(r.dump()) for r in trust_roots(ws)]
    if not any(_crl_issued_by(crl, root) for root in roots):
        raise ValidationError(_("{name} is not issued by an authority this workspace trusts; "
                                "add its root certificate first.").format(
            name=shown(path.name)), field="crl")
    der = crl.public_bytes(Encoding.DER)
    digest = hashlib.sha256(der).hexdigest()
    with ws.writing("trust.crl.add"):
        row = RevocationList.get_or_none(RevocationList.sha256 == digest)
        if row is None:
            row = RevocationList.create(issuer=crl.issuer.rfc4514_string(), sha256=digest,
                                        this_update=crl.last_update_utc.replace(tzinfo=None),
                                        der=der)
        return int(row.id)


def load_crls(ws: Workspace) -> list[bytes]:
    """The CRLs of the trust store, DER, for any verification that needs them."""
    with ws.reading():
        return [bytes(r.der) for r in RevocationList.select().order_by(RevocationList.id)]


def list_crls(ws: Workspace) -> list[dict[str, object]]:
    with ws.reading():
        return [{"id": r.id, "issuer": r.issuer, "this_update": r.this_update.isoformat(),
                 "sha256": r.sha256} for r in RevocationList.select().order_by(
                     RevocationList.id)]


def revoked_since(crls: list[bytes], certificate_der: bytes,
                  issuers: list[Any]) -> datetime | None:
    """When the certificate was revoked (UTC), per a CRL signed by one of ``issuers``
    (asn1crypto or cryptography certificates); None when no CRL revokes it."""
    from cryptography import x509

    certificate = x509.load_der_x509_certificate(certificate_der)
    authorities = [i if isinstance(i, x509.Certificate) else
                   x509.load_der_x509_certificate(i.dump()) for i in issuers]
    for der in crls:
        crl = x509.load_der_x509_crl(der)
        if crl.issuer != certificate.issuer or not any(
                _crl_issued_by(crl, a) for a in authorities):
            continue
        entry = crl.get_revoked_certificate_by_serial_number(certificate.serial_number)
        if entry is not None:
            return entry.revocation_date_utc
    return None


# --- unit certificates (enrollment) ---------------------------------------------------------


@dataclass(frozen=True)
class Enrolled:
    id: int
    unit_id: int
    unit: str
    subject: str
    sha256: str
    not_after: datetime | None
    retired_on: date | None
    not_before: datetime | None = None

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "unit_id": self.unit_id, "unit": self.unit,
                "subject": self.subject, "sha256": self.sha256,
                "not_after": self.not_after.isoformat() if self.not_after else None,
                "retired_on": self.retired_on.isoformat() if self.retired_on else None,
                "not_before": self.not_before.isoformat() if self.not_before else None}


def _certificates_in(data: bytes, name: str) -> tuple[list[bytes], str | None]:
    """The certificates (DER) of a certificate file or of an enrollment file, and the unit
    UUID the enrollment file names."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    unit_uuid = None
    if data.lstrip().startswith(b"{"):
        from ctrdesk.core.exchange.schema import SchemaError, decode

        try:
            enrollment = decode(name, data, Enrollment)
        except SchemaError as exc:
            raise ValidationError(_("{name} is not an enrollment file: {field}: {problem}")
                                  .format(name=shown(name), field=exc.field,
                                          problem=exc.problem), field="file") from exc
        unit_uuid = enrollment.unit.uuid
        data = enrollment.certificate.encode()
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ValidationError(_("{name} is not a certificate: {reason}").format(
            name=shown(name), reason=exc), field="certificate") from exc
    return [c.public_bytes(Encoding.DER) for c in certificates], unit_uuid


def enroll_certificate(ws: Workspace, unit_id: int, path: Path) -> int:
    """Allow the certificate in ``path`` (PEM, DER, or a unit's enrollment file) to sign
    for the unit; the same certificate again changes nothing. A certificate speaks for one
    unit only."""
    from cryptography import x509

    ders, named_unit = _certificates_in(_read(path), path.name)
    if len(ders) != 1:
        raise ValidationError(_("{name} must hold exactly one certificate.").format(
            name=shown(path.name)), field="certificate")
    der = ders[0]
    certificate = x509.load_der_x509_certificate(der)
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        is_ca = constraints.value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if is_ca:
        raise ValidationError(_("{name} is an authority's certificate; enroll the unit's own "
                                "signing certificate.").format(name=shown(path.name)),
                              field="certificate")
    digest = hashlib.sha256(der).hexdigest()
    subject = certificate.subject.rfc4514_string()
    from asn1crypto import x509 as asn1_x509

    subject = asn1_x509.Certificate.load(der).subject.human_friendly
    with ws.writing("unit.cert.add"):
        unit = Organization.get_or_none(Organization.id == unit_id)
        if unit is None:
            raise NotFoundError(_("No unit with id {id}.").format(id=unit_id))
        if named_unit is not None and named_unit != unit.uuid:
            raise ValidationError(_("{name} is the enrollment of another unit, not of {unit}.")
                                  .format(name=shown(path.name), unit=unit.name),
                                  field="unit")
        row = UnitCertificate.get_or_none(UnitCertificate.sha256 == digest)
        if row is not None:
            if row.organization_id != unit.id:  # type: ignore[attr-defined]
                raise ValidationError(_("This certificate is already enrolled for another "
                                        "unit ({unit}).").format(
                    unit=row.organization.name), field="certificate")
            if row.der is None:
                row.der = der
                row.save()
            return int(row.id)
        return int(UnitCertificate.create(organization=unit, sha256=digest, subject=subject,
                                          der=der).id)


def list_unit_certificates(ws: Workspace, unit_id: int | None = None) -> list[Enrolled]:
    from cryptography import x509

    query = (UnitCertificate.select(UnitCertificate, Organization).join(Organization)
             .order_by(Organization.name, UnitCertificate.id))
    if unit_id is not None:
        query = query.where(UnitCertificate.organization == unit_id)
    with ws.reading():
        rows = list(query)
    out = []
    for row in rows:
        certificate = x509.load_der_x509_certificate(bytes(row.der)) if row.der else None
        out.append(Enrolled(row.id, row.organization_id, row.organization.name,  # type: ignore[attr-defined]
                            row.subject, row.sha256,
                            certificate.not_valid_after_utc if certificate else None,
                            row.retired_on,
                            certificate.not_valid_before_utc if certificate else None))
    return out


def retire_certificate(ws: Workspace, certificate: str, on: date | None = None) -> int:
    """Retire an enrolled certificate (by id or SHA-256 prefix): packages made on or after
    ``on`` (today by default) are no longer accepted with it."""
    on = on or datetime.now(UTC).date()
    with ws.writing("unit.cert.retire"):
        if certificate.isdigit():
            rows = list(UnitCertificate.select().where(UnitCertificate.id == int(certificate)))
        else:
            rows = list(UnitCertificate.select().where(
                UnitCertificate.sha256.startswith(certificate.lower())))
        if len(rows) != 1:
            raise NotFoundError(_("No single enrolled certificate matches {which}.").format(
                which=shown(certificate)))
        rows[0].retired_on = on
        rows[0].save()
        return int(rows[0].id)


def key_certificate(key: Any) -> bytes:
    """The certificate (DER) of a signing key: a key file or a USB token."""
    from ctrdesk.core.signing import _signer

    signer, session = _signer(key)
    try:
        return bytes(signer.signing_cert.dump())
    finally:
        if session is not None:
            session.close()


def enrollment_file(ws: Workspace, certificate_der: bytes) -> bytes:
    """What a unit gives its upper level to be enrolled: its identity and its certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from ctrdesk.core.organizations import own_organization

    own = own_organization(ws)
    if own is None:
        raise ValidationError(_("Choose the unit this workspace belongs to (Settings) first."),
                              field="organization")
    pem = x509.load_der_x509_certificate(certificate_der).public_bytes(Encoding.PEM).decode()
    return json.dumps({"format": ENROLLMENT_FORMAT, "unit": {"uuid": own.uuid,
                                                             "name": own.name},
                       "certificate": pem}, ensure_ascii=False, indent=1).encode()


class Enrollment(Struct, forbid_unknown_fields=True):
    """A unit's enrollment file: who it is and the certificate it signs with."""

    format: Literal["ctrdesk.enrollment/1"]
    unit: UnitRef
    certificate: Annotated[str, Meta(max_length=64_000)]
