"""Reading a .docx made with Word's own features: automatic numbering of every format,
levels, restarts and start values, numbering carried by a paragraph style, bullets drawn
from the Symbol font, merged table cells, layout tables, the page header and footer, and
tracked deletions."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

from ctrdesk.core.importing import parse_file
from ctrdesk.core.importing.docx_reader import format_number
from ctrdesk.core.importing.reading import read_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _abstract(abstract_id: int, levels: list[tuple[str, str, int]]) -> str:
    xml = [f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">']
    for index, (fmt, text, start) in enumerate(levels):
        xml.append(f'<w:lvl w:ilvl="{index}"><w:start w:val="{start}"/>'
                   f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>')
    return "".join(xml) + "</w:abstractNum>"


def _num(num_id: int, abstract_id: int, start_override: tuple[int, int] | None = None) -> str:
    inner = ""
    if start_override:
        inner = (f'<w:lvlOverride w:ilvl="{start_override[0]}"><w:startOverride '
                 f'w:val="{start_override[1]}"/></w:lvlOverride>')
    return (f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{inner}</w:num>")


def _numbered(document, text: str, num_id: int, level: int = 0):
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def _word_file(path: Path) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W}}}num")
    for abstract in (
        _abstract(301, [("upperRoman", "%1.", 1), ("decimal", "%2.", 1),
                        ("decimal", "%2.%3.", 1), ("lowerLetter", "%4)", 1)]),
        _abstract(302, [("bullet", "\uf0b7", 1), ("bullet", "-", 1)]),
        _abstract(303, [("decimal", "Điều %1.", 3)]),  # a list that starts at 3
    ):
        first_num.addprevious(parse_xml(abstract))
    for num in (_num(401, 301), _num(402, 302), _num(403, 303),
                _num(404, 301, start_override=(1, 5))):
        numbering.append(parse_xml(num))
    section = document.sections[0]
    section.header.paragraphs[0].text = "KẾ HOẠCH SỐ 09-KH/ĐU - TRANG ĐẦU"
    section.footer.paragraphs[0].text = "Trang 1/3"
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ĐẢNG BỘ VKSND TỐI CAO\nĐẢNG ỦY VKSND TỈNH\n*\nSố 09-KH/ĐU"
    header.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM\nHuế, ngày 03 tháng 3 năm 2026"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("thực hiện Nghị quyết năm 2026")
    _numbered(document, "MỤC ĐÍCH, YÊU CẦU", 401, 0)
    _numbered(document, "Quán triệt Nghị quyết.", 401, 1)
    _numbered(document, "NHIỆM VỤ", 401, 0)
    _numbered(document, "Công tác tư tưởng", 401, 1)  # restarts at 1 under II
    _numbered(document, "Nắm tình hình tư tưởng", 401, 2)
    _numbered(document, "Đối thoại định kỳ", 401, 2)
    _numbered(document, "với đảng viên trẻ;", 401, 3)
    _numbered(document, "với người lao động.", 401, 3)
    _numbered(document, "Đơn vị thực hiện: Chi bộ Phòng 1.", 402, 0)  # Symbol-font bullet
    _numbered(document, "Thời gian thực hiện: Quý II/2026.", 402, 1)
    _numbered(document, "Công tác kiểm tra (Word restarts this list at 5)", 404, 1)
    paragraph = document.add_paragraph("Nội dung giữ lại")
    deleted = parse_xml(f'<w:del xmlns:w="{W}" w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
                        f'<w:r><w:delText> ĐÃ XÓA</w:delText></w:r></w:del>')
    paragraph._p.append(deleted)
    _numbered(document, "Hiệu lực thi hành.", 403, 0)
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for column, title in enumerate(("STT", "Nhiệm vụ", "Đơn vị chủ trì")):
        table.cell(0, column).text = title
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "Rà soát án"
    table.cell(2, 0).text, table.cell(2, 1).text = "2", "Tổng kết chuyên đề"
    table.cell(1, 2).text = "Chi bộ Phòng 2"
    table.cell(1, 2).merge(table.cell(2, 2))  # one lead unit for both rows
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:\n- Các chi bộ trực thuộc,\n- Lưu VPĐU."
    closing.cell(0, 1).text = "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nLê Văn An"
    document.save(path)
    return path


def test_word_numbering_is_written_out_as_word_shows_it(tmp_path):
    text = read_document(_word_file(tmp_path / "plan.docx")).text
    lines = [line for line in text.split("\n") if line.strip()]
    for shown in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Quán triệt Nghị quyết.", "II. NHIỆM VỤ",
                  "1. Công tác tư tưởng", "1.1. Nắm tình hình tư tưởng",
                  "1.2. Đối thoại định kỳ", "a) với đảng viên trẻ;", "b) với người lao động.",
                  "• Đơn vị thực hiện: Chi bộ Phòng 1.", "- Thời gian thực hiện: Quý II/2026.",
                  "5. Công tác kiểm tra (Word restarts this list at 5)",
                  "Điều 3. Hiệu lực thi hành."):
        assert shown in lines, shown
    assert "ĐÃ XÓA" not in text  # a tracked deletion is not text
    assert "TRANG ĐẦU" not in text and "Trang 1/3" not in text  # page header and footer
    # The merged "lead" cell belongs to both rows it covers.
    assert "1\tRà soát án\tChi bộ Phòng 2" in lines
    assert "2\tTổng kết chuyên đề\tChi bộ Phòng 2" in lines
    # Layout tables are read column by column, not across.
    assert lines.index("Số 09-KH/ĐU") < lines.index("ĐẢNG CỘNG SẢN VIỆT NAM")


def test_the_parsed_plan_has_its_numbers_header_and_closing(tmp_path):
    _source, program = parse_file(_word_file(tmp_path / "plan.docx"))
    assert (program.header.number, program.header.issuer, program.header.place) == (
        "09-KH/ĐU", "ĐẢNG ỦY VKSND TỈNH", "Huế")
    assert program.header.sources["number"] == "Số 09-KH/ĐU"
    assert [n.number for n in program.items if n.kind == "section"] == ["I", "II"]
    task = program.items[1].children[0]
    assert task.number == "1" and [c.number for c in task.children][:2] == ["1.1", "1.2"]
    assert [c.number for c in task.children[1].children if c.number] == ["a", "b"]
    assert task.children[1].children and task.children[1].lines
    assert program.signature is not None
    assert (program.signature.position, program.signature.name) == ("PHÓ BÍ THƯ", "Lê Văn An")
    assert program.recipients == ["Các chi bộ trực thuộc", "Lưu VPĐU"]


def test_style_numbering_and_line_breaks_inside_a_paragraph(tmp_path):
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("I. NHIỆM VỤ")
    # The "List Number" style carries its numbering in styles.xml, not on the paragraph.
    document.add_paragraph("Quán triệt Nghị quyết đến toàn thể", style="List Number")
    document.paragraphs[-1].runs[0].add_break()  # Shift+Enter in the middle of a sentence
    document.paragraphs[-1].add_run("cán bộ, đảng viên.")
    document.add_paragraph("Sơ kết việc thực hiện.", style="List Number")
    document.add_paragraph("Trách nhiệm thực hiện.", style="List Bullet")
    path = tmp_path / "styles.docx"
    document.save(path)
    lines = [x for x in read_document(path).text.split("\n") if x.strip()]
    assert lines[2:6] == ["1. Quán triệt Nghị quyết đến toàn thể", "cán bộ, đảng viên.",
                          "2. Sơ kết việc thực hiện.", "• Trách nhiệm thực hiện."]
    _source, program = parse_file(path)
    first = program.items[0].children[0]
    assert (first.number, first.title) == (
        "1", "Quán triệt Nghị quyết đến toàn thể cán bộ, đảng viên.")


def test_number_formats():
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)] == [
        "I", "IV", "IX", "XIV", "XL"]
    assert [format_number(n, "lowerLetter") for n in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert format_number(3, "decimalZero") == "03"
    assert format_number(7, "decimal") == "7"
