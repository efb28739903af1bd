"""Digital signatures on PDFs with pyHanko (PAdES), from a PKCS#12 file or a PKCS#11 token,
and verification against the workspace's trust store.

Passwords and PINs are passed in by the caller (asked for by the GUI or read from an
environment variable by the CLI) and never stored. A wrong password or PIN raises a
:class:`SigningError` and writes nothing; a PIN is never retried (real tokens lock).
"""

from __future__ import annotations

import io
import logging
import math
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.stamp import sealed_height, stamp_style


class SigningError(CtrdeskError):
    exit_code = 6


# pyHanko logs tracebacks for failures it also raises (a wrong password) or reports (a
# suspicious change after signing); ctrdesk reports both as data, so its log stays quiet.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" notes


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path
    password: bytes


@dataclass(frozen=True)
class TokenKey:
    library: str  # the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
    token_label: str
    key_label: str
    pin: str
    cert_label: str | None = None


@cache
def _stamp_font() -> str:
    """Liberation Serif rescaled to 1000 units per em: pyHanko's stamp lays out 2048-unit
    fonts letter-spaced and overflowing. Made once into the user cache."""
    import platformdirs
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    from ctrdesk.core.paths import resources_dir

    target = Path(platformdirs.user_cache_dir("ctrdesk", appauthor=False)) / \
        "LiberationSerif-1000upem.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(resources_dir() / "fonts" / "LiberationSerif-Regular.ttf"))
        scale_upem(font, 1000)
        temporary = target.with_suffix(".tmp")
        font.save(str(temporary))
        temporary.replace(target)
    return str(target)


def prepare_signing() -> None:
    """Load what signing needs (pyHanko, fontTools, the PKCS#11 binding, the stamp font)
    ahead of time. Their first import holds the interpreter lock for long stretches (an SSL
    context with the system's CA list, font tables): a GUI calls this in the background
    when signing becomes possible, so the signature itself never pauses the window."""
    import pkcs11.exceptions  # noqa: F401
    import pyhanko.pdf_utils.font.opentype
    import pyhanko.sign
    import pyhanko.sign.validation
    import pyhanko.stamp  # noqa: F401
    from pyhanko.config import pkcs11 as _config  # noqa: F401

    _stamp_font()


def _signer(key: Pkcs12Key | TokenKey) -> tuple[Any, Any]:
    """A pyHanko signer and what must be closed after signing (the token session)."""
    from pyhanko.sign import signers

    if isinstance(key, Pkcs12Key):
        if not key.path.is_file():
            raise SigningError(_("The key file {path} does not exist.").format(path=key.path))
        try:
            signer = signers.SimpleSigner.load_pkcs12(str(key.path), passphrase=key.password)
        except (ValueError, TypeError) as exc:
            raise SigningError(_("The password of {name} is wrong, or the file is not a "
                                 "PKCS#12 key.").format(name=key.path.name)) from exc
        if signer is None:
            raise SigningError(_("The password of {name} is wrong, or the file is not a "
                                 "PKCS#12 key.").format(name=key.path.name))
        return signer, None
    from pkcs11.exceptions import PinIncorrect, PinLenRange, TokenNotPresent
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as hk11

    if not Path(key.library).exists():
        raise SigningError(_("The token library {path} does not exist.").format(
            path=key.library))
    try:
        # A PKCS#11 module lists its tokens when it is initialised and keeps that list: a
        # token plugged in (or made) since is not seen, and one swapped for another with
        # the same label — a renewed certificate, a colleague's token, CA tokens sharing a
        # maker's label — is still the old one, so the old certificate would sign. The
        # module is initialised afresh for every session: the token used is the one
        # present now. (ctrdesk holds no other session open meanwhile.)
        import pkcs11

        pkcs11.lib(key.library).reinitialize()
        session = hk11.open_pkcs11_session(
            key.library, token_criteria=TokenCriteria(label=key.token_label),
            user_pin=key.pin)
    except (PinIncorrect, PinLenRange) as exc:
        raise SigningError(_("The PIN of token '{token}' is wrong. It was not retried: the "
                             "token locks after a few wrong PINs.").format(
            token=key.token_label)) from exc
    except (TokenNotPresent, Exception) as exc:
        if isinstance(exc, CtrdeskError):
            raise
        raise SigningError(_("Cannot open token '{token}': {reason}").format(
            token=key.token_label, reason=exc)) from exc
    signer = hk11.PKCS11Signer(session, key_label=key.key_label,
                               cert_label=key.cert_label or key.key_label,
                               use_raw_mechanism=True)  # SoftHSM and many tokens: raw ECDSA
    return signer, session


VIETNAM_TIME = timezone(timedelta(hours=7), "+07:00")
STAMP_TIME_FORMAT = "%d/%m/%Y %H:%M:%S +07:00"
CORNER_STAMP = (62 * 72 / 25.4, 16 * 72 / 25.4)  # width, height of the receipt stamp


@dataclass(frozen=True)
class StampImages:
    """The signatory's handwritten signature (blue) and the body's seal (red), PNG with a
    transparent background, drawn in the visible signature when given."""

    signature: bytes | None = None
    seal: bytes | None = None


@dataclass(frozen=True)
class CertificateHolder:
    name: str  # the certificate's common name
    organization: str


def stamp_time(moment: datetime) -> str:
    """The signing time as the visible signature writes it: "05/04/2026 10:11:12 +07:00"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM_TIME).strftime(STAMP_TIME_FORMAT)


def same_person(certificate_name: str, block_name: str) -> bool:
    """Whether a certificate's holder is the person named in a signature block: the same
    words, whatever the case and the diacritics ("TRAN MINH DUC" is "Trần Minh Đức")."""
    from ctrdesk.core.textnorm import fold

    holder, named = fold(certificate_name), fold(block_name)
    return bool(named) and (holder == named or f" {named} " in f" {holder} ")


def signer_mismatch(certificate_name: str, block_name: str) -> str | None:
    """None when the certificate's holder is the signatory named in the block; otherwise
    the message that says who is who (the GUI shows it as a warning, the CLI refuses)."""
    if same_person(certificate_name, block_name):
        return None
    return _("The certificate belongs to \u201c{holder}\u201d but the signature block names "
             "\u201c{named}\u201d.").format(holder=certificate_name, named=block_name or "-")


def _holder(signer: Any) -> CertificateHolder:
    subject = signer.signing_cert.subject.native
    return CertificateHolder(str(subject.get("common_name", "")),
                             str(subject.get("organization_name", "")))


def certificate_holder(key: Pkcs12Key | TokenKey) -> CertificateHolder:
    """Who the key's certificate names (to compare with a signature block before signing)."""
    signer, session = _signer(key)
    try:
        return _holder(signer)
    finally:
        if session is not None:
            session.close()


def _check_certificate(signer: Any, now: datetime) -> None:
    """Refuse a certificate that is not valid now or may not make signatures."""
    certificate = signer.signing_cert
    name = _holder(signer).name
    validity = certificate["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    if now < not_before:
        raise SigningError(_("The certificate of {name} is not valid yet: it is valid from "
                             "{start}.").format(name=name, start=stamp_time(not_before)))
    if now > not_after:
        raise SigningError(_("The certificate of {name} expired on {end}: it cannot sign "
                             "any more.").format(name=name, end=stamp_time(not_after)))
    usage = certificate.key_usage_value
    if usage is not None and "digital_signature" not in usage.native:
        raise SigningError(_("The certificate of {name} is not for digital signatures (its "
                             "key usage does not include the digital signature).").format(
            name=name))


def _draft_marked(data: bytes) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader

    from ctrdesk.core.documents.layout import DRAFT_KEYWORD

    try:
        info = PdfFileReader(io.BytesIO(data), strict=False).trailer_view.get("/Info")
        keywords = str(info.get_object().get("/Keywords", "")) if info is not None else ""
    except Exception:  # a PDF without readable metadata is not ours to judge
        return False
    return DRAFT_KEYWORD in keywords


def sign_pdf(data: bytes, key: Pkcs12Key | TokenKey, *, field_name: str = "",
             page: int | None = None, box: tuple[float, float, float, float] | None = None,
             reason: str = "", location: str = "", signatory: str | None = None,
             allow_other_signer: bool = False, body: str = "",
             images: StampImages | None = None, small: bool = False) -> bytes:
    """Sign the PDF in an incremental update (earlier signatures stay valid), visibly:
    in ``box`` (a block of the document) or, without one, in a small stamp at the top
    right of the first page (a document signed on receipt, an attachment).

    A draft (DỰ THẢO) is refused, and so is a certificate that is not valid now or is not
    for signatures. With ``signatory`` (the name printed in the block) a certificate of
    somebody else is refused unless ``allow_other_signer``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    if _draft_marked(data):
        raise SigningError(_("This is a draft (DỰ THẢO): a draft is not signed. Issue it "
                             "first, then sign the issued document."))
    try:
        reader = PdfFileReader(io.BytesIO(data))
        existing = len(reader.embedded_signatures)
        first_page = reader.root["/Pages"]["/Kids"][0].get_object()
        width, height = (float(v) for v in list(first_page["/MediaBox"])[2:4])
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
    except Exception as exc:
        raise SigningError(_("This file is not a PDF that can be signed: {reason}").format(
            reason=exc)) from exc
    name = field_name or f"Signature{existing + 1}"
    signer, session = _signer(key)
    try:
        _check_certificate(signer, datetime.now(UTC))
        holder = _holder(signer)
        if signatory is not None and not allow_other_signer:
            mismatch = signer_mismatch(holder.name, signatory)
            if mismatch:
                raise SignerMismatchError(mismatch + " " + _(
                    "Sign with the signatory's own certificate, or confirm that another "
                    "person signs (--allow-other-signer)."))
        if box is None:  # the receipt stamp: top right of the first page
            stamp_w, stamp_h = CORNER_STAMP
            page, small = 0, True
            box = (width - 15 * 72 / 25.4 - stamp_w, height - 4 * 72 / 25.4 - stamp_h,
                   width - 15 * 72 / 25.4, height - 4 * 72 / 25.4)
        x1, y1, x2, y2 = (round(v) for v in box)
        block_height = y2 - y1
        y2 = y1 + math.ceil(sealed_height(images, block_height, small))  # a real-size seal
        fields.append_signature_field(writer, fields.SigFieldSpec(
            sig_field_name=name, on_page=page or 0, box=(x1, y1, x2, y2)))
        meta = signers.PdfSignatureMetadata(
            field_name=name, reason=reason or None, location=location or None,
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
        with tempfile.TemporaryDirectory(prefix="ctrdesk-stamp-") as folder:
            style = stamp_style(holder.name, body or holder.organization, images,
                                (x2 - x1, y2 - y1), small, Path(folder), _stamp_font(),
                                block_height)
            pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
            output = pdf_signer.sign_pdf(writer, in_place=False)
            return bytes(output.getvalue())
    except CtrdeskError:
        raise
    except Exception as exc:
        raise SigningError(_("Signing failed: {reason}").format(reason=exc)) from exc
    finally:
        if session is not None:
            session.close()


class SignerMismatchError(SigningError):
    """The certificate's holder is not the signatory the block names."""


# --- verification --------------------------------------------------------------------------


@dataclass
class SignatureReport:
    field: str
    signer: str
    signed_at: datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact and the cryptography holds
    trusted: bool
    modified_after: bool  # something that can change what a reader sees came after it
    coverage: str
    modification: str
    bottom_line: bool
    change: str = ""  # what was added after signing, in the user's language

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after \
            and self.bottom_line

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "signer": self.signer,
                "signed_at": self.signed_at.isoformat() if self.signed_at else None,
                "intact": self.intact, "valid": self.valid and self.intact,
                "trusted": self.trusted, "modified_after_signing": self.modified_after,
                "change_after_signing": self.change or None, "coverage": self.coverage,
                "modification_level": self.modification, "ok": self.ok}


@dataclass
class VerifyReport:
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "valid": self.ok,
                "signatures": [s.as_json() for s in self.signatures]}


def load_certificates(paths: list[Path]) -> list[Any]:
    """PEM or DER certificates (a PEM file may hold several)."""
    from asn1crypto import pem, x509

    certificates = []
    for path in paths:
        data = path.read_bytes()
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                certificates.append(x509.Certificate.load(der))
        else:
            certificates.append(x509.Certificate.load(data))
    return certificates


def _change_after(status: Any, signed_fields: set[str]) -> str:
    """What was added after a signature that can change what a reader sees; "" when only
    further signatures, timestamps or validation data were added (pyHanko's difference
    analysis: it reads a new unsigned signature field as mere form filling)."""
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    level = status.modification_level
    result = getattr(status, "diff_result", None)
    if level in (None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        if level is None and status.coverage is not None \
                and status.coverage.name != "ENTIRE_FILE":
            return _("content was added after signing that could not be analysed")
        return ""
    if level == ModificationLevel.FORM_FILLING and isinstance(result, DiffResult):
        others = sorted(set(result.changed_form_fields) - signed_fields)
        if not others:
            return ""  # later signatures in their own fields
        return _("form fields were added or filled after signing: {fields}").format(
            fields=", ".join(others))
    if level == ModificationLevel.ANNOTATIONS:
        return _("annotations or comments were added or changed after signing")
    return _("the document's content was changed after signing")


def verify_pdf(data: bytes, trust_roots: list[Any]) -> VerifyReport:
    """Every signature: intact (the signed bytes unchanged), valid (the cryptography holds),
    trusted (its chain ends in one of ``trust_roots``), and whether anything that can
    change what a reader sees was added after it: only revisions that add signatures,
    timestamps or validation data are accepted (pyHanko's bottom line and modification
    level, with every changed form field required to be a signed signature field)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(_("This file is not a readable PDF: {reason}").format(
            reason=exc)) from exc
    signed_fields = {s.field_name for s in signatures}
    report = VerifyReport()
    for signature in signatures:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        status = validate_pdf_signature(signature, context)
        level = status.modification_level
        change = _change_after(status, signed_fields)
        if not change and not status.bottom_line and status.intact and status.valid \
                and status.trusted:
            change = _("the document's content was changed after signing")
        report.signatures.append(SignatureReport(
            field=signature.field_name,
            signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact), valid=bool(status.valid) and bool(status.intact),
            trusted=bool(status.trusted), modified_after=bool(change),
            coverage=status.coverage.name if status.coverage is not None else "",
            modification=level.name if level is not None else "",
            bottom_line=bool(status.bottom_line), change=change))
    return report
