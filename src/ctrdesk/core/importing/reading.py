"""From a file to text: UTF-8 or legacy-encoded text, .docx and text PDFs.

Every refusal is a :class:`~ctrdesk.core.errors.ParseError` with a message the user can
act on (an empty file, a scanned PDF, a password, a file far too large); nothing here
writes anywhere. Tables become tab-separated lines, page breaks become blank lines: the
parser reads all three formats the same way.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ctrdesk.core.errors import ParseError
from ctrdesk.core.i18n import _
from ctrdesk.core.importing.legacy import to_unicode

MAX_BYTES = 25 * 1024 * 1024  # a program is a few hundred KB; anything this big is not one
MAX_PDF_PAGES = 500


@dataclass(frozen=True)
class SourceDocument:
    text: str
    filename: str
    sha256: str
    format: str  # txt, docx, pdf
    legacy_encoding: str | None = None


def read_document(
    path: str | Path,
    progress: Callable[[float], None] | None = None,
    max_bytes: int = MAX_BYTES,
) -> SourceDocument:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(_("Cannot read {name}: {reason}").format(
            name=name, reason=exc.strerror or exc)) from exc
    if path.is_dir():
        raise ParseError(_("{name} is a folder, not a document.").format(name=name))
    if size == 0:
        raise ParseError(_("{name} is empty.").format(name=name))
    if size > max_bytes:
        raise ParseError(_(
            "{name} is {size} MB: too large to be a program (the limit is {limit} MB)."
        ).format(name=name, size=size // (1024 * 1024), limit=max_bytes // (1024 * 1024)))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    kind = _sniff(data, path.suffix.lower(), name)
    if kind == "pdf":
        text = _pdf_text(data, name, progress)
    elif kind == "docx":
        text = _docx_text(data, name)
    else:
        text = _decode_text(data, name)
    text, legacy = to_unicode(text)
    if not text.strip():
        raise ParseError(_("{name} contains no text.").format(name=name))
    return SourceDocument(text, name, digest, kind, legacy)


def _sniff(data: bytes, suffix: str, name: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(_(
            "{name} is an old Word (.doc) or encrypted Office file. Open it in Word and save it "
            "as .docx (without a password), then import that."
        ).format(name=name))
    if suffix == ".docx":
        raise ParseError(_("{name} is not a valid .docx file (it is not a zip package).")
                         .format(name=name))
    if suffix == ".pdf":
        raise ParseError(_("{name} is not a valid PDF file.").format(name=name))
    return "txt"


def _decode_text(data: bytes, name: str) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                          (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.02:
        raise ParseError(_("{name} is a binary file, not a text document.").format(name=name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Legacy 8-bit Vietnamese (TCVN3, VNI) was typed on Windows: cp1252 keeps each
        # byte as one character (and the curly quotes), the legacy converter does the rest.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


# --- .docx ------------------------------------------------------------------------


def _docx_text(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            if "word/document.xml" not in names:
                raise ParseError(_("{name} is a zip file but not a Word document.")
                                 .format(name=name))
            total = sum(info.file_size for info in package.infolist())
            if total > 20 * MAX_BYTES:
                raise ParseError(_("{name} unpacks to an unreasonable size: refused.")
                                 .format(name=name))
            # Imported here: lxml and the PDF stack cost start-up time.
            from lxml import etree

            from ctrdesk.core.importing.docx_reader import docx_lines

            try:
                return "\n".join(docx_lines(package))
            except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile,
                    RuntimeError) as exc:
                raise ParseError(_("{name} could not be read as a Word document: {reason}")
                                 .format(name=name, reason=exc)) from exc
    except zipfile.BadZipFile as exc:
        raise ParseError(_("{name} is not a valid .docx file (damaged zip package).")
                         .format(name=name)) from exc


# --- PDF ------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str, progress: Callable[[float], None] | None) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from ctrdesk.core.importing.pdf_reader import PageError, read_pages

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise ParseError(_("{name} is protected by a password. Remove the protection, "
                           "then import it again.").format(name=name)) from exc
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look at what it wraps.
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(inner, PDFPasswordIncorrect) or "encrypt" in type(inner).__name__.lower():
            raise ParseError(_("{name} is protected by a password. Remove the protection, "
                               "then import it again.").format(name=name)) from exc
        raise ParseError(_("{name} is not a readable PDF file: {reason}")
                         .format(name=name, reason=exc)) from exc
    with pdf:
        pages = pdf.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ParseError(_("{name} has {count} pages: too many for a program.")
                             .format(name=name, count=len(pages)))
        try:
            out, characters, images = read_pages(pages, progress)
        except PageError as exc:
            raise ParseError(_("Page {page} of {name} could not be read: {reason}")
                             .format(page=exc.page, name=name, reason=exc)) from exc
        if characters < 20 * max(len(pages), 1):
            if images:
                raise ParseError(_(
                    "{name} is a scanned PDF (pictures of pages, no text). Ask the sender for "
                    "the .docx or a text PDF, or run it through text recognition first."
                ).format(name=name))
            raise ParseError(_("{name} contains no readable text.").format(name=name))
    return "\n".join(out)
