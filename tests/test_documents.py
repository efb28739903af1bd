"""Party-format documents: what a Party Office checks, read back from the real PDFs."""

from __future__ import annotations

import io
import json
import subprocess
import unicodedata
from datetime import date

import pdfplumber
import pytest

from conftest import run_ctrdesk
from ctrdesk.core.documents.kinds import parse_period
from ctrdesk.core.documents.layout import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Document,
    Heading,
    Para,
    Signature,
    TableBlock,
    render,
)
from ctrdesk.core.documents.register import correct, create_draft, issue, list_documents, load
from ctrdesk.core.errors import ValidationError
from report_sections import SECTIONS


def _document(rows: int = 80) -> Document:
    return Document(
        superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14", doc_type="Báo cáo",
        summary="kết quả thực hiện nhiệm vụ quý I năm 2026", place="Hà Nội",
        date=date(2026, 4, 5), number="03-BC/CB", secrecy="Mật",
        body=[Heading("I. Kết quả thực hiện"),
              Para("Chi bộ đã hoàn thành các nhiệm vụ trọng tâm; đảng viên gương mẫu."),
              TableBlock(["TT", "Nhiệm vụ", "Kết quả"],
                         [[str(i), f"Nhiệm vụ số {i} về xây dựng Đảng", "Hoàn thành"]
                          for i in range(1, rows + 1)], [0.1, 0.6, 0.3])],
        signature=Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức"),
        recipients=["Đảng ủy VKSND tối cao (để báo cáo)", "Lưu Chi bộ"])


@pytest.fixture(scope="module")
def pdf():
    data, slot = render(_document())
    with pdfplumber.open(io.BytesIO(data)) as document:
        pages = [{"words": page.extract_words(extra_attrs=["fontname", "size"]),
                  "text": page.extract_text(), "width": page.width, "height": page.height,
                  "lines": page.lines}
                 for page in document.pages]
    return data, slot, pages


def _word(page, text):
    return next(w for w in page["words"] if w["text"] == text)


def _line_of(page, first_word, next_word):
    words = page["words"]
    for i, w in enumerate(words[:-1]):
        if w["text"] == first_word and words[i + 1]["text"] == next_word:
            return w
    raise AssertionError(f"{first_word} {next_word} not found")


def test_a4_with_the_guides_margins_and_page_numbers_from_page_two(pdf):
    _data, _slot, pages = pdf
    assert len(pages) >= 3  # the table splits across pages
    for page in pages:
        assert (round(page["width"]), round(page["height"])) == (595, 842)
        body = [w for w in page["words"] if w["top"] > MARGIN_TOP]
        assert min(w["x0"] for w in body) >= MARGIN_LEFT - 1
        assert max(w["x1"] for w in body) <= PAGE_WIDTH - MARGIN_RIGHT + 1
    first_top = min(w["top"] for w in pages[0]["words"])
    assert first_top >= MARGIN_TOP - 1  # nothing in the top margin of page 1: no number
    for number, page in enumerate(pages[1:], start=2):
        top = [w for w in page["words"] if w["top"] < MARGIN_TOP]
        assert [w["text"] for w in top] == [str(number)]
        assert abs((top[0]["x0"] + top[0]["x1"]) / 2 -
                   (MARGIN_LEFT + (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 2)) < 3


def test_the_header_columns_fonts_sizes_and_the_underline(pdf):
    _data, _slot, pages = pdf
    first = pages[0]
    middle = MARGIN_LEFT + (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * 0.45
    superior = _line_of(first, "ĐẢNG", "BỘ")
    issuer = _line_of(first, "CHI", "BỘ")
    party = _line_of(first, "ĐẢNG", "CỘNG")
    number = _word(first, "03-BC/CB")
    date_word = _word(first, "Hà")
    assert superior["x1"] < middle and issuer["x1"] < middle and number["x1"] < middle
    assert party["x0"] > middle - 5 and date_word["x0"] > middle - 5
    assert superior["top"] < issuer["top"] < number["top"]
    assert abs(superior["top"] - party["top"]) < 3  # both columns start level
    assert "Bold" not in superior["fontname"] and round(superior["size"]) == 14
    assert "Bold" in issuer["fontname"] and round(issuer["size"]) == 14
    assert "Bold" in party["fontname"] and round(party["size"]) == 15
    assert "Italic" in date_word["fontname"] and round(date_word["size"]) == 14
    assert round(number["size"]) == 14 and "Bold" not in number["fontname"]
    # The rule under "ĐẢNG CỘNG SẢN VIỆT NAM" is exactly as long as the words.
    words = [w for w in first["words"] if abs(w["top"] - party["top"]) < 2
             and w["x0"] > middle - 5]
    text_x0, text_x1 = min(w["x0"] for w in words), max(w["x1"] for w in words)
    rule = next(line for line in first["lines"] if party["bottom"] - 2 < line["top"] <
                party["bottom"] + 6 and abs(line["top"] - line["bottom"]) < 1
                and line["x0"] > middle - 5)
    assert abs(rule["x0"] - text_x0) < 1.5 and abs(rule["x1"] - text_x1) < 1.5
    mark = _word(first, "MẬT")
    assert "Bold" in mark["fontname"] and mark["top"] > number["top"]
    doc_type = _word(first, "BÁO")
    assert "Bold" in doc_type["fontname"] and round(doc_type["size"]) == 15
    assert abs((doc_type["x0"] + _word(first, "CÁO")["x1"]) / 2 - (
        MARGIN_LEFT + (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 2)) < 3


def test_body_table_headers_repeat_and_signature_beside_recipients(pdf):
    _data, slot, pages = pdf
    for page in pages:  # the table header row on every page the table reaches
        if any(w["text"].startswith("Nhiệm") and "số" in page["text"] for w in page["words"]):
            assert any(w["text"] == "TT" and "Bold" in w["fontname"] for w in page["words"])
    last = pages[-1]
    recipients = _word(last, "Nơi")
    authority = _line_of(last, "T/M", "CHI")
    name = _line_of(last, "Trần", "Minh")
    middle = PAGE_WIDTH / 2
    assert recipients["x1"] < middle + 20 and authority["x0"] > middle - 20
    assert abs(recipients["top"] - authority["top"]) < 4  # level with each other
    assert "Bold" in authority["fontname"] and "Bold" in name["fontname"]
    assert name["top"] - authority["top"] > 25 * MM  # room for the signature and seal
    assert slot is not None and slot.page == len(pages) - 1
    x1, _y1, _x2, y2 = slot.box
    assert x1 > middle - 20 and (PAGE_HEIGHT - y2) > authority["top"]
    recipient = _line_of(last, "-", "Đảng")
    assert round(recipient["size"]) == 12


def test_every_font_is_embedded_and_text_extracts_as_the_same_nfc(pdf, tmp_path):
    data, _slot, pages = pdf
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts
    assert "Helvetica" not in fonts
    text = "\n".join(p["text"] for p in pages)
    for phrase in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Nội, ngày 05 tháng 4 năm 2026",
                   "kết quả thực hiện nhiệm vụ quý I năm 2026", "đảng viên gương mẫu",
                   "Trần Minh Đức"):
        assert phrase in text
    assert unicodedata.normalize("NFC", text) == text
    nfd = _document(2)
    nfd.summary = unicodedata.normalize("NFD", nfd.summary)
    nfd_data, _ = render(nfd)
    with pdfplumber.open(io.BytesIO(nfd_data)) as document:
        assert "kết quả thực hiện nhiệm vụ quý I năm 2026" in document.pages[0].extract_text()


def test_a_draft_has_no_number_and_is_marked(tmp_path):
    draft = _document(3)
    draft.number, draft.draft = None, "Dự thảo 2"
    data, _ = render(draft)
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = document.pages[0].extract_text()
    assert "DỰ THẢO 2" in text and "03-BC/CB" not in text


def test_periods():
    assert parse_period("2026-Q2").label == "quý II năm 2026"
    assert parse_period("2026-H2").start == date(2026, 7, 1)
    assert parse_period("2026-9M").end == date(2026, 9, 30)
    assert parse_period("2026-02").end == date(2026, 2, 28)
    assert parse_period("2026").label == "năm 2026"
    with pytest.raises(ValidationError):
        parse_period("2026-Q5")


def test_the_register_numbers_once_freezes_and_corrects(demo_workspace):
    ws = demo_workspace
    first = create_draft(ws, "notice", record=1)
    second = create_draft(ws, "notice", record=1)
    assert issue(ws, second, date(2026, 6, 6)) == "01-TB/CB"
    assert issue(ws, first, date(2026, 6, 7)) == "02-TB/CB"
    with pytest.raises(ValidationError):
        issue(ws, first)
    from ctrdesk.core.documents.register import update_draft

    with pytest.raises(ValidationError) as caught:
        update_draft(ws, first, load(ws, first))
    assert caught.value.field == "status"
    fixed = correct(ws, first)
    assert issue(ws, fixed, date(2026, 6, 10)) == "03-TB/CB"
    register = {d["id"]: d for d in list_documents(ws) if d["kind"] == "notice"}
    assert register[fixed]["corrects"] == first
    assert len({d["pdf_sha256"] for d in register.values()}) == 3
    report = create_draft(ws, "report", period="2026-Q2", sections=SECTIONS)
    # Each kind numbers on its own: the demo issued its Q1 report as 01-BC/CB.
    assert issue(ws, report, date(2026, 7, 5)) == "02-BC/CB"
    stored = (ws.attachments_dir / register[first]["pdf_sha256"][:2] /
              register[first]["pdf_sha256"])
    with pdfplumber.open(stored) as document:
        assert "02-TB/CB" in document.pages[0].extract_text()


def test_the_demo_renders_a_full_report_with_no_other_option(tmp_path):
    out = tmp_path / "r.pdf"
    result = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "--demo", "document",
                         "render", "report", "--period", "2026-Q1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(out) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    for heading in ("ĐẶC ĐIỂM TÌNH HÌNH", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
                    "Sinh hoạt chi bộ, hội nghị", "Đối thoại", "kiểm tra, giám sát",
                    "ĐÁNH GIÁ CHUNG", "PHƯƠNG HƯỚNG", "ĐỀ XUẤT, KIẾN NGHỊ", "quý I năm 2026",
                    "DỰ THẢO"):
        assert heading in text
    docx_out = tmp_path / "r.docx"
    result = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "document", "render",
                         "report", "--period", "2026-Q1", "--out", str(docx_out))
    assert result.returncode == 0, result.stderr
    import docx

    words = "\n".join(p.text for p in docx.Document(str(docx_out)).paragraphs)
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in words
    issued = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "document", "issue",
                         "minutes", "--record", "1", "--out", str(tmp_path / "bb.pdf"),
                         "--json")
    assert json.loads(issued.stdout)["number"] == "01-BB/CB"


def test_periods_are_read_and_written_the_vietnamese_way():
    """The issue: "Quý III/2026" was refused and periods were shown as codes."""
    from ctrdesk.core.documents.kinds import parse_period, period_choices

    for typed, code, shown in (
        ("Quý III/2026", "2026-Q3", "Quý III/2026"),
        ("quý 1 năm 2026", "2026-Q1", "Quý I/2026"),
        ("QUY IV - 2026", "2026-Q4", "Quý IV/2026"),
        ("6 tháng đầu năm 2026", "2026-H1", "6 tháng đầu năm 2026"),
        ("6 tháng cuối năm 2026", "2026-H2", "6 tháng cuối năm 2026"),
        ("9 tháng đầu năm 2026", "2026-9M", "9 tháng đầu năm 2026"),
        ("Năm 2026", "2026", "Năm 2026"),
        ("Tháng 3/2026", "2026-03", "Tháng 3/2026"),
        ("2026-Q2", "2026-Q2", "Quý II/2026"),  # the codes stay readable
    ):
        period = parse_period(typed)
        assert (period.code, period.display) == (code, shown), typed
    assert parse_period("Quý III/2026").end == date(2026, 9, 30)
    for wrong in ("Quý V/2026", "Tháng 13/2026", "quý sau"):
        with pytest.raises(ValidationError) as caught:
            parse_period(wrong)
        assert "Quý I/2026" in caught.value.message and "YYYY" not in caught.value.message
    assert [p.display for p in period_choices(2026)][:3] == [
        "Quý I/2026", "6 tháng đầu năm 2026", "Quý II/2026"]
