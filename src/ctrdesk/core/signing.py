"""Digital signatures on PDFs with pyHanko (PAdES), from a PKCS#12 file or a PKCS#11 token,
and verification against the workspace's trust store.

Passwords and PINs are passed in by the caller (asked for by the GUI or read from an
environment variable by the CLI) and never stored. A wrong password or PIN raises a
:class:`SigningError` and writes nothing; a PIN is never retried (real tokens lock).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _


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
    def open_session() -> Any:
        return hk11.open_pkcs11_session(
            key.library, token_criteria=TokenCriteria(label=key.token_label),
            user_pin=key.pin)

    try:
        try:
            session = open_session()
        except hk11.PKCS11Error as exc:
            if "No token matching" not in str(exc):
                raise
            # The module lists its tokens when first loaded; a token plugged in (or
            # made) since is seen only after the module is initialised again.
            import pkcs11

            pkcs11.lib(key.library).reinitialize()
            session = open_session()
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


def sign_pdf(data: bytes, key: Pkcs12Key | TokenKey, *, field_name: str = "",
             page: int | None = None, box: tuple[float, float, float, float] | None = None,
             reason: str = "", location: str = "") -> bytes:
    """Sign the PDF in an incremental update (earlier signatures stay valid); with ``box``
    the signature is visible there (the document's signature block)."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    try:
        existing = len(PdfFileReader(io.BytesIO(data)).embedded_signatures)
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
    except Exception as exc:
        raise SigningError(_("This file is not a PDF that can be signed: {reason}").format(
            reason=exc)) from exc
    name = field_name or f"Signature{existing + 1}"
    signer, session = _signer(key)
    try:
        if box is not None:
            x1, y1, x2, y2 = (round(v) for v in box)
            fields.append_signature_field(writer, fields.SigFieldSpec(
                sig_field_name=name, on_page=page or 0, box=(x1, y1, x2, y2)))
        meta = signers.PdfSignatureMetadata(
            field_name=name, reason=reason or None, location=location or None,
            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
        style = TextStampStyle(
            stamp_text=_("Signed digitally by:\n%(signer)s\n%(ts)s"),
            text_box_style=_text_box_style(GlyphAccumulatorFactory(_stamp_font())),
            border_width=0)
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


def _text_box_style(font: Any) -> Any:
    from pyhanko.pdf_utils.text import TextBoxStyle

    return TextBoxStyle(font=font, font_size=9)


# --- verification --------------------------------------------------------------------------


@dataclass
class SignatureReport:
    field: str
    signer: str
    signed_at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    modified_after: bool  # anything but further signatures was added after it
    coverage: str
    modification: str
    bottom_line: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after \
            and self.bottom_line

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "signer": self.signer,
                "signed_at": self.signed_at.isoformat() if self.signed_at else None,
                "intact": self.intact, "valid": self.valid, "trusted": self.trusted,
                "modified_after_signing": self.modified_after, "coverage": self.coverage,
                "modification_level": self.modification, "ok": self.ok}


@dataclass
class VerifyReport:
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "signatures": [s.as_json() for s in self.signatures]}


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


def verify_pdf(data: bytes, trust_roots: list[Any]) -> VerifyReport:
    """Every signature: intact (the signed bytes unchanged), valid (the cryptography holds),
    trusted (its chain ends in one of ``trust_roots``), and whether anything but further
    signatures was added after it (pyHanko's difference analysis)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(_("This file is not a readable PDF: {reason}").format(
            reason=exc)) from exc
    report = VerifyReport()
    for signature in signatures:
        context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
        status = validate_pdf_signature(signature, context)
        level = status.modification_level
        harmless = level in (None, ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                             ModificationLevel.FORM_FILLING)
        coverage = status.coverage.name if status.coverage is not None else ""
        report.signatures.append(SignatureReport(
            field=signature.field_name,
            signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact), valid=bool(status.valid),
            trusted=bool(status.trusted),
            modified_after=not harmless or (coverage != "ENTIRE_FILE"
                                            and level is None),
            coverage=coverage, modification=level.name if level is not None else "",
            bottom_line=bool(status.bottom_line),
        ))
    return report
