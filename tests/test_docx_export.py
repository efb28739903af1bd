"""The .docx a Party office finishes in Word: read back with python-docx for the styles the
guide asks for, and converted to PDF by LibreOffice (headless) to compare its pages and
its text with ctrdesk's own PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ctrdesk.core.documents.docx_export import docx_bytes
from ctrdesk.core.documents.kinds import build
from ctrdesk.core.documents.layout import FIRST_LINE_INDENT, LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH
from ctrdesk.core.documents.model import Para, TableBlock
from ctrdesk.core.documents.tables import column_widths
from docutil import _tokens, pdf_pages, pdf_words, source_words

KINDS = {"program": {}, "report": {"period": "2026-Q1"}, "minutes": {"record": 1},
         "notice": {"record": 1}}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _all_text(document) -> str:
    """Every w:t of the body, headers excluded: paragraphs and table cells alike."""
    return " ".join(node.text or "" for node in document.element.body.iter(f"{W}t"))


def _find(document, text: str):
    return next(p for p in _all_paragraphs(document) if p.text.strip() == text)


def _all_paragraphs(document):
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("docx") / "demo.sqlite")
    build_demo(ws)
    built = {kind: build(ws, kind, **options) for kind, options in KINDS.items()}
    ws.close()
    return built


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_docx_keeps_the_guides_styles(documents, kind):
    source = documents[kind]
    document = docx.Document(io.BytesIO(docx_bytes(source)))
    assert document.core_properties.language == "vi-VN"
    styles = document.styles.element
    languages = {node.get(f"{W}val") for node in styles.iter(f"{W}lang")}
    assert languages == {"vi-VN"}  # Word does not mark Vietnamese words as misspelled
    assert document.paragraphs[0].text == "DỰ THẢO" and document.paragraphs[0].runs[0].bold
    header = document.tables[0]
    assert not header.style or header.style.name != "Table Grid"
    borders = header._tbl.tblPr.find(f"{W}tblBorders")
    assert all(side.get(f"{W}val") == "nil" for side in borders)
    left, right = header.rows[0].cells
    issuer = next(p for p in left.paragraphs if p.text == source.issuer.upper())
    assert all(r.bold for r in issuer.runs) and issuer.runs[0].font.size == Pt(14)
    assert left.paragraphs[-1].text.replace("\u00a0", " ").startswith("Số")
    party = right.paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    run = party.runs[0]
    assert run.bold and run.underline and run.font.size == Pt(15)
    assert all(r.italic for r in right.paragraphs[1].runs)
    assert right.paragraphs[1].text.startswith("Hà Nội, ngày")
    rule = _find(document, "-----")
    assert rule.alignment == WD_ALIGN_PARAGRAPH.CENTER
    doc_type = _find(document, source.doc_type.upper())
    assert doc_type.runs[0].bold and doc_type.runs[0].font.size == Pt(15)
    paragraphs = [b for b in source.body if isinstance(b, Para) and b.indent]
    if paragraphs:
        body = next(p for p in document.paragraphs
                    if p.text.startswith(paragraphs[0].text[:30]))
        assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(body.paragraph_format.first_line_indent - Pt(FIRST_LINE_INDENT)) < Pt(0.5)
    # Page numbers: a PAGE field in the header, none on the first page.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    instructions = "".join(n.text or "" for n in section.header._element.iter(f"{W}instrText"))
    assert "PAGE" in instructions
    assert not section.first_page_header.paragraphs[0].text
    # Every word of the document is there: body, tables, appendices, signatures.
    text = _all_text(document)
    missing = source_words(source) - Counter(_tokens(text))
    assert not missing, list(missing)[:10]
    assert text.rstrip().split("Nơi nhận")[0].rstrip().endswith("./.") or \
        "./." in text


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_docx_tables_repeat_their_header_with_the_pdfs_column_widths(documents, kind):
    source = documents[kind]
    document = docx.Document(io.BytesIO(docx_bytes(source)))
    blocks = [b for b in source.body if isinstance(b, TableBlock)]
    blocks += [b for a in source.appendices for b in a.blocks if isinstance(b, TableBlock)]
    grids = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grids) == len(blocks)
    for block, table in zip(blocks, grids, strict=True):
        assert [c.text for c in table.rows[0].cells] == block.header
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
        expected = column_widths(block, LANDSCAPE_TEXT_WIDTH if block.landscape
                                 else TEXT_WIDTH)
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert grid == [round(w * 20) for w in expected]
        assert len(set(grid)) > 1  # widths follow the content
    if kind == "program":
        orientations = [s.orientation for s in document.sections]
        assert WD_ORIENT.LANDSCAPE in orientations
        assert "PHỤ LỤC" in [p.text for p in document.paragraphs]
    if kind == "minutes":
        text = _all_text(document)
        assert "THƯ KÝ" in text and source.left_signature.name in text
        assert "CHỦ TRÌ" in text


def _libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_libreoffice() is None,
                    reason="LibreOffice is not installed (tools/test.sh installs "
                           "libreoffice-writer-nogui)")
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_libreoffice_lays_the_docx_out_like_ctrdesks_pdf(documents, kind, tmp_path):
    from ctrdesk.core.documents.layout import render

    source = documents[kind]
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(docx_bytes(source))
    profile = tmp_path / "profile"
    subprocess.run([_libreoffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    converted = (tmp_path / f"{kind}.pdf").read_bytes()
    ours, _slot = render(source)
    assert abs(len(pdf_pages(converted)) - len(pdf_pages(ours))) <= 1

    # Table headers repeat once a page: their words are compared for presence only.
    tables = [b for b in source.body if isinstance(b, TableBlock)]
    tables += [b for a in source.appendices for b in a.blocks if isinstance(b, TableBlock)]
    repeated = {w for b in tables for h in b.header for w in _tokens(h)}

    def words(data: bytes) -> Counter[str]:
        parts: Counter[str] = Counter()
        for word, count in pdf_words(data).items():
            for part in word.split("-"):  # LibreOffice may break a line after a hyphen
                if part and not part.isdigit():  # page numbers differ with the breaks
                    parts[part] += count
        return Counter({w: (1 if w in repeated else n) for w, n in parts.items()})

    theirs, mine = words(converted), words(ours)
    assert not (mine - theirs), list((mine - theirs).items())[:10]
    assert not (theirs - mine), list((theirs - mine).items())[:10]


def test_export_command_writes_the_docx(tmp_path):
    from conftest import run_ctrdesk

    out = tmp_path / "ctr.docx"
    result = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "--demo", "document",
                         "render", "program", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert Path(out).stat().st_size > 10_000
    assert "PHỤ LỤC" in _all_text(docx.Document(str(out)))
