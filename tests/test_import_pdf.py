"""Reading printed PDFs: the side-by-side header and closing come out column by column,
page numbers and running lines are dropped, and a signature cut by a page break is whole."""

from __future__ import annotations

from corpus_score import CORPUS
from ctrdesk.core.importing.pdf_reader import TextLine, furniture
from ctrdesk.core.importing.reading import read_document


def _lines(name: str) -> list[str]:
    text = read_document(CORPUS / "files" / name).text
    return [line for line in text.split("\n") if line.strip()]


def test_the_two_header_columns_are_read_one_after_the_other():
    lines = _lines("02_khu_vuc_chuong_trinh_hanh_dong.pdf")
    assert lines[:6] == ["ĐẢNG BỘ VKSND TỈNH THANH", "HÓA", "CHI BỘ VKSND KHU VỰC 3", "*",
                         "Số 03-CTr/CB", "ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert lines[6] == "Thanh Hóa, ngày 05 tháng 3 năm 2026"
    assert not any("ĐẢNG CỘNG SẢN" in line and "ĐẢNG BỘ" in line for line in lines)


def test_a_signature_cut_by_a_page_break_is_whole_and_page_furniture_is_gone():
    lines = _lines("04_btv_chuong_trinh_quy.pdf")
    at = lines.index("T/M BAN THƯỜNG VỤ")
    assert lines[at:at + 3] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Phạm Quốc Khánh"]
    recipients = lines.index("Nơi nhận:")
    assert lines[recipients + 1] == "- Đảng ủy VKSND tối cao (để báo cáo);"
    assert not any(line.strip() in ("2", "3") for line in lines)  # page numbers


def test_running_footers_are_dropped():
    lines = _lines("02_khu_vuc_chuong_trinh_hanh_dong.pdf")
    assert not any("Chương trình hành động số 03-CTr/CB - Chi bộ" in line for line in lines)


def test_furniture_is_what_repeats_in_the_margins():
    def line(top: float, text: str, size: float = 12.0) -> TextLine:
        return TextLine(top, top + 12, 100, 300, [(100, 300, text)], size)

    pages = [
        [line(20, "ĐẢNG BỘ VKSND TỐI CAO"), line(400, "Nội dung"), line(820, "Kế hoạch số 7")],
        [line(30, "2"), line(400, "Nội dung"), line(820, "Kế hoạch số 7")],
        [line(30, "- 3 -"), line(400, "Nội dung"), line(820, "Kế hoạch số 7"),
         line(815, "ghi chú", size=8)],
    ]
    dropped = furniture(pages, [842.0] * 3)
    # The first page's top line is the header, not furniture: it does not repeat.
    assert (0, 0) not in dropped
    assert {(1, 0), (2, 0)} <= dropped  # page numbers
    assert {(0, 2), (1, 2), (2, 2)} <= dropped  # the running footer
    assert (2, 3) in dropped  # small print in the margin
    assert not any(index == 1 for _page, index in dropped)  # body text stays
