"""Paper-ready documents: nothing cut, headings never last on a page, the signature block
never alone on its page, the program's task table readable on landscape pages."""

from __future__ import annotations

from datetime import date

import pytest

from ctrdesk.core.documents.kinds import build
from ctrdesk.core.documents.layout import (
    Document,
    Heading,
    Para,
    Signature,
    TableBlock,
    render,
    render_slots,
)
from docutil import lines, missing_words, pdf_pages, pdf_words, source_words

KINDS = {"program": {}, "report": {"period": "2026-Q1"}, "minutes": {"record": 1},
         "notice": {"record": 1}}


def _long_texts(ws) -> dict[int, str]:
    """Every task of the unit program made 500 characters long, each with its own first
    and last word, so a cut anywhere shows."""
    from ctrdesk.core.store.models import Program, ProgramItem, Target

    texts: dict[int, str] = {}
    filler = ("đảng viên thực hiện nghiêm túc nhiệm vụ được giao, báo cáo kết quả định kỳ "
              "với chi bộ và cấp ủy cấp trên theo quy định ")
    with ws.writing("test.long"):
        program = Program.get(Program.kind == "unit_program")
        items = list(ProgramItem.select().where(ProgramItem.program == program.id))
        for item in items:
            body = f"Đầu{item.id} " + filler * 6
            text = body[:490].rsplit(" ", 1)[0] + f" Cuối{item.id}"
            item.title, item.text = "", text
            item.resources = "Kinh phí hoạt động của chi bộ; cán bộ, công chức của Vụ " * 3
            item.save()
            if item.kind == "item":
                texts[item.id] = text
        for target in Target.select().where(Target.program == program.id):
            target.text = (f"Chỉ tiêu {target.id}: " + filler * 3).strip() + f" Hết{target.id}"
            target.save()
    assert len(texts) >= 30  # a program of thirty and more tasks
    return texts


@pytest.fixture
def long_workspace(demo_workspace):
    _long_texts(demo_workspace)
    return demo_workspace


def _check_page_flow(doc: Document, data: bytes) -> None:
    pages = pdf_pages(data)
    headings = [" ".join(Heading(b.text, b.level).text.upper().split() if b.level == 1
                         else b.text.split())
                for b in doc.body if isinstance(b, Heading)]
    for number, page in enumerate(pages[:-1], start=1):
        page_lines = lines(page)
        if not page_lines:
            continue
        last = page_lines[-1]
        text = " ".join(w["text"] for w in last)
        if all("Bold" in w["fontname"] for w in last) and last[0]["size"] > 13:
            assert not any(text in h for h in headings), \
                f"page {number} ends with the heading '{text}'"
    slot = render_slots(doc).slots.get("signatory")
    if slot is not None:  # body text above the signature block on its page
        page = pages[slot.page]
        top_of_block = page["height"] - slot.box[3] - 60  # the authority and position
        assert [line for line in lines(page) if line[0]["top"] < top_of_block - 10], \
            "the signature block stands alone on its page"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_shows_every_word_and_flows_like_paper(demo_workspace, kind):
    document = build(demo_workspace, kind, **KINDS[kind])
    data, _slot = render(document)
    assert not missing_words(document, data)
    _check_page_flow(document, data)


@pytest.mark.parametrize("kind", ["program", "report"])
def test_500_character_tasks_of_a_thirty_item_program_are_never_cut(long_workspace, kind):
    texts = _long_texts(long_workspace)
    document = build(long_workspace, kind, **KINDS[kind])
    data, _slot = render(document)
    missing = missing_words(document, data)
    assert not missing, f"missing from the PDF: {list(missing)[:10]}"
    words = set(pdf_words(data))  # without the punctuation that follows a word
    said = source_words(document)
    # The program lists every task; the report names tasks by group where few, or done or
    # overdue, and names each of them whole.
    named = [i for i in texts if kind == "program" or f"Đầu{i}" in said]
    assert named
    for item_id in named:  # the first and the last word of every long task it names
        assert f"Đầu{item_id}" in words and f"Cuối{item_id}" in words
    assert "…" not in "".join(w["text"] for page in pdf_pages(data) for w in page["words"])
    _check_page_flow(document, data)


def test_the_programs_task_table_is_on_landscape_pages_readable_without_result_columns(
        demo_workspace):
    document = build(demo_workspace, "program")
    data, _slot = render(document)
    pages = pdf_pages(data)
    landscape = [p for p in pages if p["width"] > p["height"]]
    assert landscape and pages[0]["width"] < pages[0]["height"]
    row_numbers: set[int] = set()
    for page in landscape:
        texts = [w["text"] for w in page["words"]]
        assert "TT" in texts and "T" not in texts  # "TT" never breaks into "T/T"
        assert "Nhiệm" in texts and "Trách" in texts
        column = next(w for w in page["words"] if w["text"] == "TT")
        row_numbers |= {int(w["text"]) for w in page["words"] if w["text"].isdigit()
                        and w["x1"] <= column["x1"] + 8}  # whole numbers in their column
    bold = {w["text"] for p in pages for w in p["words"] if "Bold" in w["fontname"]}
    assert "Mức" in bold and "Đánh" not in bold and "Kết" not in bold  # a plan: no results
    targets = next(b for b in document.body if isinstance(b, TableBlock))
    assert targets.header == ["TT", "Chỉ tiêu", "Mức"]
    table = next(b for b in document.body if isinstance(b, TableBlock) and b.landscape)
    assert table.group_rows
    appendix = document.appendices[0].blocks[0]
    tasks = len(table.rows) - len(table.group_rows)
    assert set(range(1, tasks + 1)) <= row_numbers
    assert len(appendix.rows) and appendix.landscape
    for row in table.group_rows:  # a group heading names no person and no action
        assert all(not cell for cell in table.rows[row][1:])
    # The heading of the task table went with it onto the landscape page.
    first = next(p for p in pages if p["width"] > p["height"])
    assert "NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN" in first["text"]


def _filler_document(paragraphs: int, tail: str) -> Document:
    body: list = []
    for n in range(paragraphs):
        body.append(Para(f"Đoạn {n}: chi bộ tổ chức sinh hoạt định kỳ, đánh giá kết quả "
                         "thực hiện nhiệm vụ và đề ra phương hướng cho tháng tiếp theo."))
    if tail == "heading":
        body += [Heading("II. Phương hướng, nhiệm vụ thời gian tới"),
                 Para("Tiếp tục thực hiện nghiêm các nhiệm vụ trọng tâm của chi bộ " * 4)]
    return Document(superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14",
                    doc_type="Báo cáo", summary="kết quả thực hiện nhiệm vụ quý I năm 2026",
                    place="Hà Nội", date=date(2026, 4, 5), number="03-BC/CB", body=body,
                    signature=Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức"),
                    recipients=["Đảng ủy VKSND tối cao (để báo cáo)", "Lưu Chi bộ"])


def test_a_heading_is_never_the_last_line_of_a_page():
    for paragraphs in range(14, 30):  # the heading falls at every height of page 1 and 2
        document = _filler_document(paragraphs, "heading")
        data, _slot = render(document)
        for page in pdf_pages(data)[:-1]:
            last = " ".join(w["text"] for w in lines(page)[-1])
            assert "PHƯƠNG HƯỚNG" not in last, f"{paragraphs} paragraphs: heading last"


def test_the_signature_block_never_stands_alone_on_its_page():
    for paragraphs in range(14, 34):
        document = _filler_document(paragraphs, "")
        rendered = render_slots(document)
        pages = pdf_pages(rendered.pdf)
        slot = rendered.slots["signatory"]
        page = pages[slot.page]
        body_lines = [line for line in lines(page) if any(
            w["text"].startswith("Đoạn") for w in line)]
        assert body_lines, f"{paragraphs} paragraphs: the signature block is alone"
        assert slot.page == len(pages) - 1
