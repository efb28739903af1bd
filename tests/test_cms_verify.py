"""A package's signature is checked directly (the CMS read with asn1crypto, the signature
and the chain checked by `cryptography`) and decides exactly as pyHanko's CMS validation
would: for each signature below, good, tampered, untrusted, expired, badly chained or
crafted, the verifier's verdict equals pyHanko's, which stays here as the independent
checker. Where the direct check leaves a signature to pyHanko, the test says so."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms, keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ctrdesk.core.exchange.cms import CmsVerifier
from ctrdesk.core.signing import SigningError

NOW = dt.datetime.now(dt.UTC)
MANIFEST = b'{"format": "ctrdesk.submission/1", "unit": "Chi b\xe1\xbb\x99 Ph\xc3\xb2ng 1"}'


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Đảng bộ VKSND"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(common: str, key: Any, issuer: tuple[x509.Name, Any] | None = None, *,
                 ca: bool | None = False, usage: str | None = "sign",
                 days: tuple[int, int] = (-1, 365), extra: tuple = ()) -> x509.Certificate:
    """A certificate for ``key``: a CA (``ca``), a signer whose key usage is ``usage``
    ("sign": digital signature and non-repudiation, "digital": digital signature only,
    "ca": certificate and CRL signing, None: no key usage), self-signed without
    ``issuer`` (its name and key)."""
    issuer_name, issuer_key = issuer or (_name(common), key)
    builder = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(NOW + dt.timedelta(days=days[0]))
               .not_valid_after(NOW + dt.timedelta(days=days[1])))
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    flags = {"sign": (True, True, False, False, False, False, False, False, False),
             "digital": (True, False, False, False, False, False, False, False, False),
             "ca": (True, False, False, False, False, True, True, False, False)}
    if usage is not None:
        builder = builder.add_extension(x509.KeyUsage(*flags[usage]), True)
    for extension, critical in extra:
        builder = builder.add_extension(extension, critical)
    return builder.sign(issuer_key, hashes.SHA256())


def _ec() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _sign(key: Any, certificate: x509.Certificate, bag: list[x509.Certificate], *,
          digest: str = "sha256", pss: bool = False, data: bytes = MANIFEST) -> bytes:
    """pyHanko's detached signature, as ctrdesk makes them, carrying ``bag`` besides the
    signer's certificate."""
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    signer = SimpleSigner(signing_cert=_asn1(certificate),
                          signing_key=keys.PrivateKeyInfo.load(der),
                          cert_registry=SimpleCertificateStore.from_certs(
                              [_asn1(c) for c in bag]), prefer_pss=pss)
    return bytes(asyncio.run(signer.async_sign_general_data(data, digest, detached=True))
                 .dump())


def _edited(signature: bytes, edit: Any) -> bytes:
    """The signature with its SignedData changed by ``edit``."""
    content = cms.ContentInfo.load(signature)
    signed_data = content["content"]
    edit(signed_data, signed_data["signer_infos"][0])
    return bytes(cms.ContentInfo({"content_type": "signed_data",
                                  "content": signed_data}).dump(force=True))


def _ess_of_another_certificate(key: Any, other: x509.Certificate) -> Any:
    """An edit naming ``other`` in the ESS signing-certificate-v2 attribute, the
    attributes signed again with the signer's key (so only the ESS check can fail)."""
    def edit(_signed_data: Any, signer_info: Any) -> None:
        attributes = []
        for attribute in signer_info["signed_attrs"]:
            if attribute["type"].native == "signing_certificate_v2":
                attribute = cms.CMSAttribute({
                    "type": "signing_certificate_v2", "values": [tsp.SigningCertificateV2({
                        "certs": [{"hash_algorithm": {"algorithm": "sha256"},
                                   "cert_hash": hashlib.sha256(other.public_bytes(
                                       serialization.Encoding.DER)).digest()}]})]})
            attributes.append(attribute)
        signed = cms.CMSAttributes(attributes)
        signer_info["signed_attrs"] = signed
        signer_info["signature"] = key.sign(
            b"\x31" + signed.dump(force=True)[1:], ec.ECDSA(hashes.SHA256()))
    return edit


def _flip_signature(_signed_data: Any, signer_info: Any) -> None:
    value = bytearray(signer_info["signature"].native)
    value[len(value) // 2] ^= 0x01
    signer_info["signature"] = bytes(value)


def _drop_signer_certificate(leaf: x509.Certificate) -> Any:
    def edit(signed_data: Any, _signer_info: Any) -> None:
        der = leaf.public_bytes(serialization.Encoding.DER)
        signed_data["certificates"] = [c for c in signed_data["certificates"]
                                       if c.chosen.dump() != der]
    return edit


def _by_key_identifier(leaf: x509.Certificate) -> Any:
    def edit(_signed_data: Any, signer_info: Any) -> None:
        identifier = leaf.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier).value.digest
        signer_info["sid"] = cms.SignerIdentifier({"subject_key_identifier": identifier})
        signer_info["version"] = "v3"
    return edit


# How the direct check answers: as pyHanko ("same"); leaving the signature to pyHanko
# ("pyhanko"); or stricter than pyHanko, refusing trust where pyHanko grants it, so the
# verifier asks pyHanko ("stricter").
SAME, PYHANKO, STRICTER = "same", "pyhanko", "stricter"


@pytest.fixture(scope="module")
def pki() -> dict[str, Any]:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate("CA gốc", root_key, ca=True, usage="ca", days=(-30, 3650))
    issued_by_root = (root.subject, root_key)
    other_key = _ec()
    other_root = _certificate("CA khác", other_key, ca=True, usage="ca", days=(-30, 3650))
    middle_key = _ec()
    middle = _certificate("CA trung gian", middle_key, issued_by_root, ca=True, usage="ca")
    return {"root": root, "root_key": root_key, "issued_by_root": issued_by_root,
            "other_root": other_root, "other_key": other_key, "middle": middle,
            "middle_key": middle_key, "rsa_key": rsa.generate_private_key(
                public_exponent=65537, key_size=2048)}


def _case(name: str, pki: dict[str, Any]) -> tuple[bytes, bytes, list, dt.datetime, str]:
    """(data, signature, trust roots, moment, how the direct check answers)."""
    root, by_root = pki["root"], pki["issued_by_root"]
    key = _ec()
    leaf = _certificate("Chi bộ Phòng 1", key, by_root)
    good = _sign(key, leaf, [root])
    if name == "good":
        return MANIFEST, good, [root], NOW, SAME
    if name == "good, RSA":
        rsa_leaf = _certificate("Chi bộ RSA", pki["rsa_key"], by_root)
        return MANIFEST, _sign(pki["rsa_key"], rsa_leaf, [root]), [root], NOW, SAME
    if name == "good, RSA-PSS and SHA-512":
        rsa_leaf = _certificate("Chi bộ PSS", pki["rsa_key"], by_root)
        return MANIFEST, _sign(pki["rsa_key"], rsa_leaf, [root], pss=True,
                               digest="sha512"), [root], NOW, SAME
    if name == "good, SHA-384":
        return MANIFEST, _sign(key, leaf, [root], digest="sha384"), [root], NOW, SAME
    if name == "good, signer named by key identifier":
        leaf = _certificate("Chi bộ SKI", key, by_root, extra=(
            (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),))
        return MANIFEST, _edited(_sign(key, leaf, [root]), _by_key_identifier(leaf)), \
            [root], NOW, SAME
    if name == "data changed":
        return MANIFEST + b" ", good, [root], NOW, SAME
    if name == "signature bytes flipped":
        return MANIFEST, _edited(good, _flip_signature), [root], NOW, SAME
    if name == "signed under a root not trusted":
        return MANIFEST, good, [pki["other_root"]], NOW, SAME
    if name == "signer certificate expired":
        old = _certificate("Chi bộ cũ", key, by_root, days=(-400, -10))
        return MANIFEST, _sign(key, old, [root]), [root], NOW, SAME
    if name == "checked after the signer certificate expired":
        return MANIFEST, good, [root], NOW + dt.timedelta(days=400), SAME
    if name == "signer certificate not yet valid":
        early = _certificate("Chi bộ mới", key, by_root, days=(10, 365))
        return MANIFEST, _sign(key, early, [root]), [root], NOW, SAME
    if name == "through an intermediate CA":
        leaf = _certificate("Chi bộ dưới", key, (pki["middle"].subject, pki["middle_key"]))
        return MANIFEST, _sign(key, leaf, [pki["middle"], root]), [root], NOW, SAME
    if name == "intermediate CA missing from the signature":
        leaf = _certificate("Chi bộ dưới", key, (pki["middle"].subject, pki["middle_key"]))
        return MANIFEST, _sign(key, leaf, [root]), [root], NOW, SAME
    issuers = {"issuer not a CA": (False, "ca"), "issuer without basic constraints":
               (None, "ca"), "issuer may not sign certificates": (True, "digital")}
    if name in issuers:
        middle_key = _ec()
        ca, usage = issuers[name]
        middle = _certificate("CA không hợp lệ", middle_key, by_root, ca=ca, usage=usage)
        leaf = _certificate("Chi bộ dưới", key, (middle.subject, middle_key))
        return MANIFEST, _sign(key, leaf, [middle, root]), [root], NOW, SAME
    if name == "signer without non-repudiation":
        leaf = _certificate("Chi bộ", key, by_root, usage="digital")
        return MANIFEST, _sign(key, leaf, [root]), [root], NOW, SAME
    if name == "signer without key usage":
        leaf = _certificate("Chi bộ", key, by_root, usage=None)
        return MANIFEST, _sign(key, leaf, [root]), [root], NOW, SAME
    if name == "signer with a CRL distribution point":
        leaf = _certificate("Chi bộ", key, by_root, extra=((x509.CRLDistributionPoints([
            x509.DistributionPoint([x509.UniformResourceIdentifier(
                "http://crl.invalid/ca.crl")], None, None, None)]), False),))
        return MANIFEST, _sign(key, leaf, [root]), [root], NOW, SAME
    if name == "ESS names another certificate":
        return MANIFEST, _edited(good, _ess_of_another_certificate(key, root)), [root], \
            NOW, PYHANKO
    if name == "signer certificate missing":
        return MANIFEST, _edited(good, _drop_signer_certificate(leaf)), [root], NOW, PYHANKO
    if name == "signer with an unknown critical extension":
        leaf = _certificate("Chi bộ", key, by_root, extra=((x509.UnrecognizedExtension(
            x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00"), True),))
        return MANIFEST, _sign(key, leaf, [root]), [root], NOW, SAME
    if name == "signer with a weak RSA key":
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        leaf = _certificate("Chi bộ", weak, by_root)
        return MANIFEST, _sign(weak, leaf, [root]), [root], NOW, PYHANKO
    if name == "signer is itself a trust root":
        own = _certificate("Chi bộ tự ký", key, usage="sign")
        return MANIFEST, _sign(key, own, []), [own], NOW, PYHANKO
    if name == "intermediate CA requiring a certificate policy":
        middle_key = _ec()
        middle = _certificate("CA chính sách", middle_key, by_root, ca=True, usage="ca",
                              extra=((x509.PolicyConstraints(0, None), False),))
        leaf = _certificate("Chi bộ dưới", key, (middle.subject, middle_key))
        return MANIFEST, _sign(key, leaf, [middle, root]), [root], NOW, PYHANKO
    if name == "root expired, signer valid":
        old_root = _certificate("CA gốc cũ", pki["other_key"], ca=True, usage="ca",
                                days=(-800, -5))
        leaf = _certificate("Chi bộ", key, (old_root.subject, pki["other_key"]))
        return MANIFEST, _sign(key, leaf, [old_root]), [old_root], NOW, STRICTER
    raise AssertionError(name)


CASES = ["good", "good, RSA", "good, RSA-PSS and SHA-512", "good, SHA-384",
         "good, signer named by key identifier", "data changed", "signature bytes flipped",
         "signed under a root not trusted", "signer certificate expired",
         "checked after the signer certificate expired", "signer certificate not yet valid",
         "through an intermediate CA", "intermediate CA missing from the signature",
         "issuer not a CA", "issuer without basic constraints",
         "issuer may not sign certificates", "signer without non-repudiation",
         "signer without key usage", "signer with a CRL distribution point",
         "ESS names another certificate", "signer certificate missing",
         "signer with an unknown critical extension", "signer with a weak RSA key",
         "signer is itself a trust root", "intermediate CA requiring a certificate policy",
         "root expired, signer valid"]


def _pyhanko(data: bytes, signature: bytes, roots: list, moment: dt.datetime) -> tuple:
    """pyHanko's verdict: (intact, valid, trusted, signer, certificate SHA-256), or
    ("refused",) when it cannot check the signature."""
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[_asn1(r) for r in roots], allow_fetching=False,
                                moment=moment)
    try:
        status = asyncio.run(async_validate_detached_cms(
            data, cms.ContentInfo.load(signature)["content"],
            signer_validation_context=context))
    except Exception:  # any failure is a refusal
        return ("refused",)
    certificate = status.signing_cert
    return (bool(status.intact), bool(status.valid), bool(status.trusted),
            certificate.subject.human_friendly, hashlib.sha256(certificate.dump()).hexdigest())


def _verdict(check: Any) -> tuple:
    return (check.intact, check.valid, check.trusted, check.signer, check.certificate_sha256)


@pytest.mark.parametrize("case", CASES)
def test_the_verifier_decides_each_signature_as_pyhanko_does(pki, case):
    data, signature, roots, moment, direct_answer = _case(case, pki)
    expected = _pyhanko(data, signature, roots, moment)
    verifier = CmsVerifier([_asn1(r) for r in roots], moment=moment)
    try:
        try:
            verdict = _verdict(verifier.verify(data, signature))
        except SigningError:
            verdict = ("refused",)
        assert verdict == expected
        direct = verifier.direct(data, signature)
    finally:
        verifier.close()
    if direct_answer == SAME:
        assert direct is not None and _verdict(direct) == expected
    elif direct_answer == PYHANKO:
        assert direct is None
    else:  # stricter: the direct check refuses trust, pyHanko grants it and is asked
        assert direct is not None and expected[2] and not direct.trusted
        assert _verdict(direct)[:2] == expected[:2] and _verdict(direct)[3:] == expected[3:]


def test_the_cases_cover_each_verdict(pki):
    """The cases above are not all alike: each outcome pyHanko gives appears."""
    verdicts = {case: _pyhanko(*(lambda c: (c[0], c[1], c[2], c[3]))(_case(case, pki)))
                for case in ("good", "data changed", "signature bytes flipped",
                             "signed under a root not trusted", "signer certificate missing")}
    assert verdicts["good"][:3] == (True, True, True)
    assert verdicts["data changed"][:3] == (False, True, False)
    assert verdicts["signature bytes flipped"][:3] == (True, False, False)
    assert verdicts["signed under a root not trusted"][:3] == (True, True, False)
    assert verdicts["signer certificate missing"] == ("refused",)


def test_a_good_signature_is_checked_without_loading_pyhanko(pki, tmp_path):
    """A worker checking good packages never imports pyHanko (nor its start-up cost)."""
    data, signature, roots, _moment, _answer = _case("good", pki)
    (tmp_path / "data").write_bytes(data)
    (tmp_path / "signature").write_bytes(signature)
    (tmp_path / "root").write_bytes(roots[0].public_bytes(serialization.Encoding.DER))
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from ctrdesk.core.exchange.cms import CmsVerifier\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "verifier = CmsVerifier([(folder / 'root').read_bytes()])\n"
        "check = verifier.verify((folder / 'data').read_bytes(), "
        "(folder / 'signature').read_bytes())\n"
        "print(check.ok, any(m.startswith('pyhanko') for m in sys.modules))\n")
    source = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [source, *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_a_blob_that_is_no_cms_is_refused_as_before(pki):
    verifier = CmsVerifier([_asn1(pki["root"])])
    with pytest.raises(SigningError):
        verifier.verify(MANIFEST, b"\x30\x03\x02\x01")
    good = _case("good", pki)[1]
    for cut in (len(good) // 3, len(good) - 7):
        with pytest.raises(SigningError):
            verifier.verify(MANIFEST, good[:cut])
    verifier.close()


@pytest.mark.parametrize("case", ["good", "good, RSA", "through an intermediate CA"])
def test_a_damaged_signature_is_decided_as_pyhanko_decides(pki, case):
    """Each byte of the signature changed in turn (a sample of them, the same each run):
    refused, or the same verdict as pyHanko's, never another."""
    import random

    data, signature, roots, moment, _answer = _case(case, pki)
    verifier = CmsVerifier([_asn1(r) for r in roots], moment=moment)
    rng = random.Random(17)
    positions = sorted(rng.sample(range(len(signature)), 80))
    decided_directly = 0
    try:
        for position in positions:
            damaged = bytearray(signature)
            damaged[position] ^= 1 << rng.randrange(8)
            expected = _pyhanko(data, bytes(damaged), roots, moment)
            try:
                verdict = _verdict(verifier.verify(data, bytes(damaged)))
            except SigningError:
                verdict = ("refused",)
            assert verdict == expected, position
            decided_directly += verifier.direct(data, bytes(damaged)) is not None
    finally:
        verifier.close()
    assert decided_directly > 10  # the direct check saw many of them, not only pyHanko
