"""Detached CMS (PKCS#7) signatures over a package's manifest.

Signing goes through pyHanko. Checking a package's signature takes a direct path: the
CMS structure read from its DER (:mod:`.cms_reading`), the digest and the signature
checked with `cryptography`, the signer's chain built and checked by `cryptography`'s
path validation against the trust roots. That path decides only what it can decide as
pyHanko would: a signature it finds intact, valid and trusted. Every other signature (one
it does not fully understand, an unusual attribute, algorithm, extension or certificate,
and every signature it would refuse) is checked again by pyHanko's CMS validation, whose
verdict and wording stand. A thousand good packages thus cost about a millisecond of
signature checking each, with the same decisions as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _
from ctrdesk.core.signing import SigningError

if TYPE_CHECKING:
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

# Critical extensions pyHanko's path validation understands (and `cryptography`'s too).
SUPPORTED_CRITICAL = frozenset({
    "2.5.29.35", "2.5.29.19", "2.5.29.31", "2.5.29.37", "2.5.29.46", "2.5.29.14",
    "2.5.29.15", "2.5.29.32", "2.5.29.17", "1.3.6.1.5.5.7.1.1"})
# Extensions whose path processing (policies, name constraints) is left to pyHanko.
DEFERRED_EXTENSIONS = frozenset({"2.5.29.30", "2.5.29.33", "2.5.29.36", "2.5.29.54"})


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
    import asyncio

    from ctrdesk.core.signing import _signer

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
    """Checks detached signatures against one set of trust roots (asn1crypto or
    `cryptography` certificates) at one moment, fixed when the verifier is made: a batch
    checks a thousand packages with one verifier."""

    def __init__(self, trust_roots: list[Any], *, moment: datetime | None = None) -> None:
        self.trust_roots = list(trust_roots)
        self.moment = moment or datetime.now(UTC)
        self._roots_der = {_der(root) for root in self.trust_roots}
        self._chains: Any = None
        self._pyhanko: Any = None  # (roots as pyHanko takes them, event loop), when needed
        try:
            self._chains = _chain_verifier(self._roots_der, self.moment)
        except Exception:  # no root `cryptography` takes: pyHanko checks every signature
            self._chains = None

    def verify(self, data: bytes, signature: bytes) -> CmsCheck:
        from asn1crypto import cms

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
            check = self.direct(data, signature)
            if check is None or not check.ok:
                check = self._pyhanko_check(data, signature)
        except Exception as exc:  # a hostile blob can fail anywhere inside the CMS parser
            raise SigningError(_("The package signature cannot be checked: {reason}")
                               .format(reason=type(exc).__name__)) from exc
        return check

    def direct(self, data: bytes, signature: bytes) -> CmsCheck | None:
        """The direct check's verdict, or None where it leaves the signature to pyHanko."""
        if self._chains is None:
            return None
        try:
            return self._direct(data, signature)
        except Exception:  # anything unexpected: pyHanko's verdict stands
            return None

    def _direct(self, data: bytes, signature: bytes) -> CmsCheck | None:
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature
        from cryptography.x509.verification import VerificationError

        from ctrdesk.core.exchange import cms_reading as der

        parts = der.read_signed_data(signature)
        values = parts.attributes
        digest_name = der.DIGEST_NAMES.get(parts.digest.oid)
        if digest_name is None or parts.digest.parameters not in (b"", der.NULL) or \
                "content_type" not in values or "message_digest" not in values or \
                der.oid_value(values["content_type"]) != der.DATA:
            return None
        if "signing_time" in values:
            from asn1crypto import cms

            cms.Time.load(values["signing_time"]).native  # noqa: B018 - pyHanko reads it
        if "cms_algorithm_protection" in values:
            digest_der, signature_contents = der.protection(values["cms_algorithm_protection"])
            if digest_der != parts.digest.der or \
                    signature_contents != parts.signature_algorithm.contents:
                return None
        found = _signer_certificate(parts)
        if found is None:
            return None
        leaf_der, issuer, serial, others_der = found
        if not _ess_matches(values, leaf_der, issuer, serial):
            return None
        leaf = x509.load_der_x509_certificate(leaf_der)
        verify = _signature_verifier(parts.signature_algorithm, digest_name, leaf)
        if verify is None:
            return None
        intact = hashlib.new(digest_name, data).digest() == \
            der.octets(values["message_digest"])
        # What was signed: the attributes as a SET OF, as pyHanko re-encodes them.
        contents = parts.attributes_content
        try:
            verify(parts.signature, b"\x31" + _der_length(len(contents)) + contents)
            valid = True
        except InvalidSignature:
            valid = False
        trusted = False
        if intact and valid:
            if leaf_der in self._roots_der:
                return None  # a trust root signing itself: pyHanko's own rules
            try:
                chain = self._chains.verify(
                    leaf, [x509.load_der_x509_certificate(d) for d in others_der]).chain
            except VerificationError:
                chain = None
            if chain is not None:
                if not _plain_chain(chain):
                    return None
                trusted = _signs_content(leaf)
        from asn1crypto import x509 as asn1_x509

        signer = asn1_x509.Certificate.load(leaf_der).subject.human_friendly
        return CmsCheck(intact, valid, trusted, signer, hashlib.sha256(leaf_der).hexdigest(),
                        leaf_der)

    def _pyhanko_check(self, data: bytes, signature: bytes) -> CmsCheck:
        """pyHanko's CMS validation of the signature, with the same roots and moment."""
        import asyncio

        from asn1crypto import cms, x509
        from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
        from pyhanko_certvalidator import ValidationContext

        if self._pyhanko is None:
            roots = [root if isinstance(root, x509.Certificate) else
                     x509.Certificate.load(_der(root)) for root in self.trust_roots]
            self._pyhanko = (roots, asyncio.new_event_loop())
        roots, loop = self._pyhanko
        # A context of its own: what one package carries never bears on another's verdict.
        context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=self.moment)
        signed_data = cms.ContentInfo.load(signature)["content"]  # untouched by the above
        status = loop.run_until_complete(async_validate_detached_cms(
            data, signed_data, signer_validation_context=context))
        certificate = status.signing_cert
        der = certificate.dump() if certificate else b""
        return CmsCheck(bool(status.intact), bool(status.valid), bool(status.trusted),
                        certificate.subject.human_friendly if certificate else "",
                        hashlib.sha256(der).hexdigest() if certificate else "", der)

    def close(self) -> None:
        if self._pyhanko is not None:
            self._pyhanko[1].close()
            self._pyhanko = None


def _der(certificate: Any) -> bytes:
    if isinstance(certificate, bytes):
        return certificate
    if hasattr(certificate, "dump"):  # asn1crypto
        return bytes(certificate.dump())
    from cryptography.hazmat.primitives.serialization import Encoding

    return bytes(certificate.public_bytes(Encoding.DER))


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(octets)]) + octets


def _chain_verifier(roots_der: set[bytes], moment: datetime) -> Any:
    """`cryptography`'s path validation for signers: any chain to one of the roots, every
    certificate valid at ``moment``, issuers CAs (basic constraints asserting it, which
    `cryptography` checks itself) allowed to sign certificates when their key usage says.
    The web profile's rules on extensions (names, key identifiers, extended key usage)
    do not apply; its rules on algorithms and key sizes do (pyHanko is asked where they
    refuse)."""
    from cryptography import x509
    from cryptography.x509.verification import (
        Criticality,
        ExtensionPolicy,
        PolicyBuilder,
        Store,
    )

    roots = []
    for der in sorted(roots_der):
        try:
            roots.append(x509.load_der_x509_certificate(der))
        except ValueError:
            continue  # no chain ends there here: pyHanko is asked
    ca_policy = ExtensionPolicy.permit_all() \
        .require_present(x509.BasicConstraints, Criticality.AGNOSTIC, None) \
        .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, _signs_certificates)
    return PolicyBuilder().store(Store(roots)).time(moment) \
        .extension_policies(ca_policy=ca_policy, ee_policy=ExtensionPolicy.permit_all()) \
        .build_client_verifier()


def _signs_certificates(_policy: Any, _certificate: Any, usage: Any) -> None:
    if usage is not None and not usage.key_cert_sign:
        raise ValueError("the issuer may not sign certificates")


def _plain_chain(chain: list[Any]) -> bool:
    """A chain whose every certificate pyHanko's path validation checks as `cryptography`
    did: no critical extension either does not know, no policy or name constraints."""
    for certificate in chain:
        for extension in certificate.extensions:
            oid = extension.oid.dotted_string
            if oid in DEFERRED_EXTENSIONS or (extension.critical
                                              and oid not in SUPPORTED_CRITICAL):
                return False
    return True


def _signs_content(leaf: Any) -> bool:
    """pyHanko's key usage rule for a CMS signer: non-repudiation."""
    from cryptography import x509

    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return bool(usage.content_commitment)


def _signer_certificate(parts: Any) -> tuple[bytes, bytes, bytes, list[bytes]] | None:
    """The certificate the signer identifier names (its DER, issuer and serial) and the
    others carried; None unless exactly one certificate matches on exact bytes."""
    from ctrdesk.core.exchange.cms_reading import issuer_and_serial

    named = [(certificate, *issuer_and_serial(certificate))
             for certificate in parts.certificates]
    if parts.issuer is not None:
        matches = [m for m in named if m[1] == parts.issuer and m[2] == parts.serial]
    else:
        from cryptography import x509

        def identifier(certificate: bytes) -> bytes | None:
            try:
                return bytes(x509.load_der_x509_certificate(certificate).extensions
                             .get_extension_for_class(x509.SubjectKeyIdentifier).value.digest)
            except x509.ExtensionNotFound:
                return None

        matches = [m for m in named if identifier(m[0]) == parts.key_identifier]
    if len(matches) != 1:
        return None
    leaf, issuer, serial = matches[0]
    return leaf, issuer, serial, [m[0] for m in named if m[0] is not leaf]


def _ess_matches(values: dict[str, bytes], leaf_der: bytes, issuer: bytes,
                 serial: bytes) -> bool:
    """The ESS signing-certificate(-v2) attribute, if any, names the signer's
    certificate (pyHanko refuses the signature otherwise)."""
    from ctrdesk.core.exchange.cms_reading import ess_certificate

    if "signing_certificate_v2" in values:
        hash_name, digest, names = ess_certificate(values["signing_certificate_v2"], True)
    elif "signing_certificate" in values:
        hash_name, digest, names = ess_certificate(values["signing_certificate"], False)
    else:
        return True
    if not hash_name or hashlib.new(hash_name, leaf_der).digest() != digest:
        return False
    return names is None or names == (issuer, serial)


def _signature_verifier(algorithm: Any, digest_name: str, leaf: Any) -> Any:
    """A function checking a signature with the leaf's key (raising InvalidSignature),
    for the algorithms and keys whose use pyHanko's policy allows; None otherwise."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    from ctrdesk.core.exchange.cms_reading import NULL, SIGNATURE_NAMES

    hash_for: dict[str, hashes.HashAlgorithm] = {
        "sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
    name, implied = SIGNATURE_NAMES.get(algorithm.oid, ("", None))
    key = leaf.public_key()
    if implied not in (None, digest_name):
        return None
    if name == "rsassa_pkcs1v15" and algorithm.parameters in (b"", NULL):
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            return None
        return lambda signature, signed: key.verify(signature, signed, padding.PKCS1v15(),
                                                    hash_for[digest_name])
    if name == "ecdsa" and algorithm.parameters in (b"", NULL):
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return None
        return lambda signature, signed: key.verify(signature, signed,
                                                    ec.ECDSA(hash_for[digest_name]))
    if name == "rsassa_pss":
        pss = _pss(algorithm.der, digest_name)
        if pss is None or not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            return None
        return lambda signature, signed: key.verify(signature, signed, pss,
                                                    hash_for[digest_name])
    return None


def _pss(algorithm_der: bytes, digest_name: str) -> Any:
    """The PSS padding the algorithm's parameters describe, when they use the message
    digest's hash throughout (as pyHanko's policy requires)."""
    from asn1crypto import algos
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    native = algos.SignedDigestAlgorithm.load(algorithm_der)["parameters"].native
    mask = native["mask_gen_algorithm"]
    if native["hash_algorithm"]["algorithm"] != digest_name or \
            mask["algorithm"] != "mgf1" or mask["parameters"]["algorithm"] != digest_name or \
            native["trailer_field"] != "trailer_field_bc":
        return None
    hash_for: dict[str, hashes.HashAlgorithm] = {
        "sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
    return padding.PSS(padding.MGF1(hash_for[digest_name]), native["salt_length"])
