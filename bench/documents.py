"""Document benchmarks, each against a floor measured in the same run:

1. a 100-page report with tables through ctrdesk's layout engine, against reportlab
   rendering the same flowables without our layer (target: at most 1.3x);
2. signing (PKCS#12, RSA-2048) and verifying that report.

    python bench/documents.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from ctrdesk.core.documents import layout  # noqa: E402


def _document() -> layout.Document:
    body: list[object] = []
    for section in range(1, 46):  # about 100 pages
        body.append(layout.Heading(f"{section}. Nội dung thứ {section}", 2))
        body.append(layout.Para("Chi bộ đã lãnh đạo, chỉ đạo thực hiện nghiêm túc các nhiệm "
                                "vụ được giao, bảo đảm tiến độ và chất lượng. " * 4))
        body.append(layout.TableBlock(
            ["TT", "Nhiệm vụ", "Người thực hiện", "Kết quả"],
            [[str(i), f"Nhiệm vụ {section}.{i}: tổ chức thực hiện và báo cáo kết quả",
              "Trần Minh Đức", "Hoàn thành"] for i in range(1, 41)],
            [0.08, 0.52, 0.2, 0.2]))
    return layout.Document(
        superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14", doc_type="Báo cáo",
        summary="tổng kết công tác năm 2026", place="Hà Nội", date=date(2026, 12, 20),
        number="10-BC/CB", body=body,
        signature=layout.Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức"),
        recipients=["Đảng ủy VKSND tối cao (để báo cáo)", "Lưu Chi bộ"])


def _bare(document: layout.Document) -> bytes:
    """The same paragraphs and tables straight through reportlab (the floor)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = layout.register_fonts()
    style = ParagraphStyle("p", fontName=font, fontSize=14, leading=18)
    cell = ParagraphStyle("c", fontName=font, fontSize=12, leading=14)
    story: list[object] = []
    for block in document.body:
        if isinstance(block, layout.TableBlock):
            data = [[Paragraph(h, cell) for h in block.header]]
            data += [[Paragraph(c, cell) for c in row] for row in block.rows]
            table = Table(data, repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                       ("FONTNAME", (0, 0), (-1, -1), font)]))
            story.append(table)
        else:
            story.append(Paragraph(block.text, style))  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, initialFontName=font).build(story)
    return buffer.getvalue()


def _best(func, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    from ctrdesk.core.signing import Pkcs12Key, load_certificates, sign_pdf, verify_pdf
    from pki import make_pki

    document = _document()
    ours, (data, slot) = _best(lambda: layout.render(document))  # type: ignore[misc]
    floor, _bare_pdf = _best(lambda: _bare(document))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))
    print(f"report of {pages} pages: {ours:.2f} s ({len(data) // 1024} KB); bare reportlab "
          f"{floor:.2f} s; ratio {ours / floor:.2f}x (target <= 1.3x)")
    figures = Figures("documents")
    figures.add(f"render a {pages}-page report", ours, floor, max_ratio=1.3)
    with tempfile.TemporaryDirectory() as tmp:
        pki = make_pki(Path(tmp))
        key = Pkcs12Key(pki.pkcs12("Trần Minh Đức", b"mk"), b"mk")
        signing, signed = _best(lambda: sign_pdf(data, key, page=slot.page, box=slot.box))
        roots = load_certificates([pki.ca_pem])
        verifying, report = _best(lambda: verify_pdf(signed, roots))  # type: ignore[arg-type]
        print(f"sign (PKCS#12, RSA-2048): {signing * 1000:.0f} ms; verify: "
              f"{verifying * 1000:.0f} ms; ok: {report.ok}")  # type: ignore[union-attr]
        figures.add("sign a report (PKCS#12)", signing)
        figures.add("verify a signed report", verifying)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
