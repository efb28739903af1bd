"""The workspace's trust store: the root certificates signatures are checked against."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import TrustRoot


def add_trust_root(ws: Workspace, path: Path) -> int:
    """Trust a root certificate (PEM or DER); adding the same one twice changes nothing."""
    from ctrdesk.core.signing import load_certificates

    try:
        certificates = load_certificates([path])
    except (OSError, ValueError) as exc:
        raise ValidationError(_("{name} is not a certificate: {reason}").format(
            name=path.name, reason=exc), field="certificate") from exc
    if not certificates:
        raise ValidationError(_("{name} holds no certificate.").format(name=path.name),
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
