"""Detached CMS (PKCS#7) signatures over a package's manifest, with pyHanko."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from ctrdesk.core.i18n import _
from ctrdesk.core.signing import Pkcs12Key, SigningError, TokenKey, _signer


@dataclass(frozen=True)
class CmsCheck:
    intact: bool
    valid: bool
    trusted: bool
    signer: str
    certificate_sha256: str
    certificate_der: bytes = b""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def sign_detached(data: bytes, key: Pkcs12Key | TokenKey) -> bytes:
    """A DER CMS SignedData over ``data`` (not included), by the certificate of the key
    file or of the USB token."""
    signer, session = _signer(key)
    try:
        content = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    except Exception as exc:
        raise SigningError(_("Signing failed: {reason}").format(reason=exc)) from exc
    finally:
        if session is not None:
            session.close()
    return bytes(content.dump())


def verify_detached(data: bytes, signature: bytes, trust_roots: list[Any]) -> CmsCheck:
    """The detached ``signature`` over ``data``, checked against ``trust_roots``."""
    verifier = CmsVerifier(trust_roots)
    try:
        return verifier.verify(data, signature)
    finally:
        verifier.close()


class CmsVerifier:
    """Checks detached signatures against one set of trust roots. A batch checks a
    thousand packages: its validation context (the roots, parsed once, and the moment of
    validation, fixed when the batch starts) and its event loop are made once."""

    def __init__(self, trust_roots: list[Any]) -> None:
        from pyhanko_certvalidator import ValidationContext

        self.context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        self.loop = asyncio.new_event_loop()

    def verify(self, data: bytes, signature: bytes) -> CmsCheck:
        import hashlib

        from asn1crypto import cms
        from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

        try:
            content = cms.ContentInfo.load(signature)
            signed_data = content["content"]
            if content["content_type"].native != "signed_data":
                raise ValueError("not SignedData")
        except Exception as exc:
            raise SigningError(_("The package signature is not a CMS signature: {reason}")
                               .format(reason=exc)) from exc
        try:
            if len(signed_data["signer_infos"]) != 1:
                raise ValueError("a package signature has exactly one signer")
            status = self.loop.run_until_complete(async_validate_detached_cms(
                data, signed_data, signer_validation_context=self.context))
        except Exception as exc:  # a hostile blob can fail anywhere inside the CMS parser
            raise SigningError(_("The package signature cannot be checked: {reason}")
                               .format(reason=type(exc).__name__)) from exc
        certificate = status.signing_cert
        der = certificate.dump() if certificate else b""
        return CmsCheck(bool(status.intact), bool(status.valid), bool(status.trusted),
                        certificate.subject.human_friendly if certificate else "",
                        hashlib.sha256(der).hexdigest() if certificate else "", der)

    def close(self) -> None:
        self.loop.close()
