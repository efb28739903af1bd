"""Reading rendered documents back in tests: every word of a document's content, the words
of its PDF, the lines of each page, and the text of visible signatures."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import pdfplumber

from ctrdesk.core.documents.model import (
    Bullet,
    Document,
    Heading,
    Para,
    TableBlock,
    heading_text,
    plain_text,
)

PUNCTUATION = ".,;:()\u201c\u201d\"'"


def _tokens(text: str) -> list[str]:
    out = []
    for word in plain_text(text).replace("\u00a0", " ").split():
        word = word.removesuffix("./.").strip(PUNCTUATION)
        if word and word not in ("-", "./", "./.", "/."):
            out.append(word)
    return out


def document_strings(doc: Document) -> list[str]:
    """Every text the document says, as the source of truth for "nothing is cut"."""
    strings = [doc.superior.upper(), doc.issuer.upper(), doc.doc_type.upper(), doc.summary]
    strings += list(doc.recipients)

    def blocks(items: list[Any]) -> None:
        for block in items:
            if isinstance(block, Heading):
                strings.append(heading_text(block))
            elif isinstance(block, Para | Bullet):
                strings.append(block.text)
            elif isinstance(block, TableBlock):
                strings.extend(block.header)
                strings.extend(str(cell) for row in block.rows for cell in row)

    blocks(doc.body)
    for appendix in doc.appendices:
        strings += [appendix.label.upper(), appendix.title, appendix.reference]
        blocks(appendix.blocks)
    for signature in (doc.signature, doc.left_signature):
        if signature:
            strings += [signature.authority.upper(), signature.position.upper(), signature.name]
    return [s for s in strings if s]


def source_words(doc: Document) -> Counter[str]:
    return Counter(w for s in document_strings(doc) for w in _tokens(s))


def pdf_pages(data: bytes) -> list[dict[str, Any]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [{"words": page.extract_words(extra_attrs=["fontname", "size"]),
                 "width": page.width, "height": page.height,
                 "text": page.extract_text() or ""} for page in pdf.pages]


def pdf_words(data: bytes) -> Counter[str]:
    return Counter(w for page in pdf_pages(data) for word in page["words"]
                   for w in _tokens(word["text"]))


def missing_words(doc: Document, data: bytes) -> Counter[str]:
    """The words of the document that its PDF does not show (as many times as it says
    them): empty when nothing is cut."""
    return source_words(doc) - pdf_words(data)


def lines(page: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The page's words grouped into lines, top to bottom, without the page number."""
    grouped: list[list[dict[str, Any]]] = []
    for word in sorted(page["words"], key=lambda w: (round(w["top"]), w["x0"])):
        if grouped and abs(grouped[-1][0]["top"] - word["top"]) < 3:
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return [line for line in grouped
            if not (len(line) == 1 and re.fullmatch(r"\d+", line[0]["text"])
                    and line[0]["top"] < 60)]


def stamp_text(data: bytes) -> str:
    """The text of the PDF's first page with its annotations' appearances (the visible
    signatures) flattened into it, read by pdfium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(io.BytesIO(data))
    pages = [document[index] for index in range(len(document))]
    for page in pages:
        raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY)
    flattened = io.BytesIO()
    document.save(flattened)
    for page in pages:
        page.close()
    document.close()
    reread = pdfium.PdfDocument(flattened.getvalue())
    texts = []
    for index in range(len(reread)):
        page = reread[index]
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    reread.close()
    return "\n".join(texts)
