"""The two seed programs in the three forms users receive them: .txt, .docx and .pdf.

The .docx and .pdf forms are made from the text in the test setup (python-docx and
reportlab), the way an office would: paragraphs as paragraphs, tab-separated rows as
real tables, page breaks where the text had them.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ACTION_PROGRAM, WORK_PROGRAM

SEEDS = {"action": ACTION_PROGRAM, "work": WORK_PROGRAM}


def _runs(text: str) -> list[tuple[str, list[str]]]:
    """('p', [line]) for paragraphs and ('table', [rows]) for runs of tab-separated lines."""
    out: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if out and out[-1][0] == "table":
                out[-1][1].append(line)
            else:
                out.append(("table", [line]))
        elif line.strip():
            out.append(("p", [line]))
        elif out and out[-1][0] == "table":
            out.append(("gap", []))
    return out


def make_docx(source: Path, target: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, lines in _runs(source.read_text(encoding="utf-8")):
        if kind == "p":
            document.add_paragraph(lines[0].strip())
        elif kind == "table":
            rows = [line.split("\t") for line in lines]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c in range(width):
                    table.cell(r, c).text = cells[c].strip() if c < len(cells) else ""
    document.save(target)
    return target


def make_pdf(source: Path, target: Path) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font_path()
    pdfmetrics.registerFont(TTFont("SeedSerif", str(font)))
    body = ParagraphStyle("body", fontName="SeedSerif", fontSize=12, leading=14,
                          spaceAfter=9)
    cell = ParagraphStyle("cell", fontName="SeedSerif", fontSize=10, leading=12)
    story = []
    for kind, lines in _runs(source.read_text(encoding="utf-8")):
        if kind == "p":
            story.append(Paragraph(escape(lines[0].strip()), body))
        elif kind == "table":
            rows = [line.split("\t") for line in lines]
            width = max(len(r) for r in rows)
            data = [[Paragraph(escape(r[c].strip()) if c < len(r) else "", cell)
                     for c in range(width)] for r in rows]
            widths = [12 * mm] + [(150 * mm) / (width - 1)] * (width - 1) if width > 1 \
                else [160 * mm]
            table = Table(data, colWidths=widths, repeatRows=0)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 9))
    SimpleDocTemplate(str(target), pagesize=A4, leftMargin=30 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm).build(story)
    return target


def _font_path() -> Path:
    from ctrdesk.core.paths import resources_dir

    bundled = resources_dir() / "fonts" / "LiberationSerif-Regular.ttf"
    if bundled.exists():
        return bundled
    for candidate in (Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
                      Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
                      Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")):
        if candidate.exists():
            return candidate
    raise RuntimeError("no TrueType font with Vietnamese letters found for the PDF fixture")
