"""What the documents say: the state of their period, a report written like a BC, the
committee's own words, numbers per term, minutes as real ones are written.

The demo workspace has dated history across two quarters: progress noted on 31/03 and
30/06, a reading of 30/06, a dialogue on 20/04, an inspection concluded in May."""

from __future__ import annotations

import io
import json
from datetime import date

import pdfplumber
import pytest

from conftest import run_ctrdesk
from ctrdesk.core.documents.kinds import build
from ctrdesk.core.documents.layout import Bullet, Heading, TableBlock, render
from ctrdesk.core.documents.register import (
    create_draft,
    issue,
    list_documents,
    render_pdf,
    set_sections,
)
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.programs.execution import record_progress
from ctrdesk.core.records.service import save_record
from ctrdesk.core.store.models import Program, ProgramItem
from report_sections import SECTIONS


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _unit_program(ws) -> int:
    with ws.reading():
        return Program.get(Program.kind == "unit_program").id


def _task(ws, words: str) -> ProgramItem:
    with ws.reading():
        return ProgramItem.get((ProgramItem.program == _unit_program(ws))
                               & ProgramItem.text.contains(words))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo workspace, shared by the tests that only read it."""
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    build_demo(ws)
    yield ws
    ws.close()


@pytest.fixture
def history(demo_workspace):
    """The demo plus a task started in Q1 and finished in Q2, and a concern raised in Q1
    that was answered only in Q2."""
    ws = demo_workspace
    task = _task(ws, "Tiếp tục rà soát, sắp xếp tổ chức bộ máy bên trong")
    record_progress(ws, task.id, status="in_progress", progress=30, note="Đã khảo sát.",
                    noted_on=date(2026, 3, 10))
    record_progress(ws, task.id, status="done", note="Đã trình đề án.",
                    noted_on=date(2026, 5, 10))
    save_record(ws, "dialogue", {
        "held_on": "2026-03-20", "title": "Đối thoại quý I",
        "concerns": [{"content": "Đề nghị trang bị máy tính mới", "answer_due": "2026-03-25",
                      "answer": "Đã trang bị.", "answered_on": "2026-04-08"}]})
    return ws


def test_the_q1_report_shows_only_what_was_true_at_the_end_of_q1(history):
    ws = history
    q1 = _flat(_text(render(build(ws, "report", period="2026-Q1"))[0]))
    q2 = _flat(_text(render(build(ws, "report", period="2026-Q2"))[0]))
    name = "Tiếp tục rà soát, sắp xếp tổ chức bộ máy bên trong"
    assert f"{name} bảo đảm tinh gọn, hoạt động hiệu năng, hiệu lực, hiệu quả: đang thực " \
           "hiện (30%)" in q1
    assert "hoàn thành" not in q1.split("1. Thực hiện các nhiệm vụ")[1].split("2. Kết quả")[0]
    assert f"{name} bảo đảm tinh gọn, hoạt động hiệu năng, hiệu lực, hiệu quả: hoàn thành " \
           "(100%)" in q2
    # The reading of 30/06 is not in Q1; it is in Q2.
    assert "85,7% (6/7)" not in q1 and "85,7% (6/7)" in q2
    # The concern raised in March was still unanswered (and overdue) at the end of Q1.
    assert "tiếp nhận 1 phản ánh, kiến nghị: đã trả lời 0, đang giải quyết 0, quá hạn 1" in q1
    assert "Đề nghị trang bị máy tính mới (quá hạn trả lời" in q1
    # The dialogue of 20/04 and the inspection concluded in May belong to Q2 only.
    assert "Đề nghị tổ chức tập huấn kỹ năng số" not in q1
    assert "Tổ đảng Phòng Tổng hợp" not in q1 and "Tổ đảng Phòng Tổng hợp" in q2


def test_the_program_issued_in_march_shows_the_state_of_that_day(history, tmp_path):
    ws = history
    draft = create_draft(ws, "program", on=date(2026, 3, 2))
    issue(ws, draft, date(2026, 3, 2))
    text = _flat(_text(render_pdf(ws, draft)[0]))
    assert "Hà Nội, ngày 02 tháng 3 năm 2026" in text
    # A plan shows no result columns: no reading of June (85,7%) in a program of March.
    assert "85.7%" not in text and "85,7%" not in text and "Chưa có số liệu" not in text


def test_the_q1_package_carries_the_state_at_the_end_of_q1(history):
    from ctrdesk.core.exchange.package import _program_payload

    ws = history
    task = _task(ws, "Tiếp tục rà soát, sắp xếp tổ chức bộ máy bên trong")
    payload = _program_payload(ws, _unit_program(ws), date(2026, 3, 31))
    item = next(i for i in payload["items"] if i["uuid"] == task.uuid)
    assert (item["status"], item["progress"]) == ("in_progress", 30)
    assert all(r["as_of"] <= "2026-03-31" for t in payload["targets"] for r in t["readings"])
    later = _program_payload(ws, _unit_program(ws), date(2026, 6, 30))
    assert next(i for i in later["items"] if i["uuid"] == task.uuid)["status"] == "done"
    assert any(t["readings"] for t in later["targets"])


def test_a_status_changed_by_hand_is_dated(demo_workspace):
    from ctrdesk.core.programs.asof import item_states
    from ctrdesk.core.programs.execution import update_item_fields

    ws = demo_workspace
    task = _task(ws, "Tăng cường hợp tác quốc tế trong lĩnh vực tư pháp")
    update_item_fields(ws, task.id, status="done", progress=100)
    states = item_states(ws, _unit_program(ws), date.today())
    assert states[task.id].status == "done"
    assert item_states(ws, _unit_program(ws), date(2026, 3, 31))[task.id].status \
        == "not_started"


HEADINGS = ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "V. ĐỀ XUẤT, KIẾN NGHỊ")


@pytest.mark.parametrize(("period", "review", "label"), [
    ("2026-03", "", "kết quả thực hiện nhiệm vụ tháng 3 năm 2026"),
    ("2026-Q1", "", "kết quả thực hiện nhiệm vụ quý I năm 2026"),
    ("2026-H1", "so_ket", "sơ kết kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026"),
    ("2026-9M", "", "kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2026"),
    ("2026", "tong_ket", "tổng kết kết quả thực hiện nhiệm vụ năm 2026"),
])
def test_each_report_kind_reads_like_a_bc(demo, period, review, label):
    from ctrdesk.core.programs.asof import tasks_of

    ws = demo
    document = build(ws, "report", period=period, sections=SECTIONS, review=review)
    text = _flat(_text(render(document)[0]))
    assert label in text
    opening = text.split("I. ĐẶC ĐIỂM")[0]
    assert "Thực hiện Chương trình số 01-CTr/CB ngày 02/03/2026 của Chi bộ Vụ 14" in opening
    assert "(cụ thể hóa chương trình hành động ngày 12/02/2026 của Đảng ủy VKSND tối cao)" \
        in opening
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions), "the sections are in order"
    for words in ("Tình hình đơn vị ổn định.", "Đảng viên đoàn kết, thống nhất.",
                  "- Tổ chức đối thoại định kỳ.", "Đề nghị cấp trên tổ chức tập huấn."):
        assert words in text
    assert "(Nội dung do chi ủy soạn thảo.)" not in text
    for figure in ("Sinh hoạt chi bộ, hội nghị", "Đối thoại, tiếp nhận và giải quyết",
                   "Công tác kiểm tra, giám sát", "Đánh giá, xếp loại",
                   "Kết quả thực hiện các chỉ tiêu"):
        assert figure in text
    # Group headings are never counted as tasks.
    with ws.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == _unit_program(ws)))
    tasks = tasks_of(items)
    headings = [i for i in items if i.role and i.kind != "target" and i not in tasks]
    assert headings and all(any(c.parent_id == h.id for c in tasks) or
                            any(c.parent_id == h.id for c in headings) for h in headings)
    assert f"thực hiện {len(tasks)} nhiệm vụ (không kể các đề mục nhóm)" in text
    bullets = [b.text for b in document.body if isinstance(b, Bullet)]
    for heading in headings:
        assert not any(b.startswith((heading.title or heading.text)[:60]) for b in bullets)
    # Every target row has its own text and its threshold.
    table = next(b for b in document.body if isinstance(b, TableBlock)
                 and b.header[:3] == ["TT", "Chỉ tiêu", "Mức"])
    assert all(row[1].strip() and row[2].strip() for row in table.rows)
    assert len({row[1] for row in table.rows}) == len(table.rows)


def test_ratings_come_with_a_period_that_reaches_the_years_end(demo):
    year = build(demo, "report", period="2025")
    text = " ".join(getattr(b, "text", "") for b in year.body)
    assert "Đánh giá, xếp loại 7 đảng viên năm 2025" in text
    assert "tối đa được phép 1 (đúng tỷ lệ quy định)" in text


def test_the_demo_holds_a_finished_q1_report(demo):
    ws = demo
    register = {d["number"]: d for d in list_documents(ws)}
    report = register["01-BC/CB"]
    assert report["status"] == "issued" and report["issued_on"] == "2026-04-05"
    assert report["term"] == "2025-2030"
    text = _flat(_text(render_pdf(ws, report["id"])[0]))
    assert "(Nội dung do chi ủy soạn thảo.)" not in text
    assert "Vụ 14 triển khai nhiệm vụ trong bối cảnh" in text
    assert "1. Ưu điểm" in text and "2. Hạn chế, nguyên nhân" in text
    assert "Số 01-BC/CB" in text and "Hà Nội, ngày 05 tháng 4 năm 2026" in text
    # The demo's Q1 report is true to Q1: the item done on 30/06 is not done in it.
    assert "34 nhiệm vụ (không kể các đề mục nhóm): đang thực hiện 3, chưa thực hiện 31." \
        in text


def test_issuing_refuses_empty_sections_naming_them(demo_workspace):
    ws = demo_workspace
    draft = create_draft(ws, "report", period="2026-Q2",
                         sections={"situation": "Ổn định.", "proposals": " "})
    with pytest.raises(ValidationError) as caught:
        issue(ws, draft, date(2026, 7, 5))
    message = str(caught.value)
    assert "III. Đánh giá chung" in message and "IV. Phương hướng" in message
    assert "V. Đề xuất, kiến nghị" in message and "I. Đặc điểm" not in message
    set_sections(ws, draft, SECTIONS)  # kept with the draft, and the draft filled again
    assert issue(ws, draft, date(2026, 7, 5)) == "02-BC/CB"
    assert "(Nội dung do chi ủy soạn thảo.)" not in _text(render_pdf(ws, draft)[0])


def test_the_cli_takes_the_sections_from_a_json_file(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    sections = tmp_path / "sections.json"
    sections.write_text(json.dumps(SECTIONS, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "q2.pdf"
    result = run_ctrdesk("--db", db, "--demo", "document", "render", "report", "--period",
                         "2026-Q2", "--sections", str(sections), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Tình hình đơn vị ổn định." in out.read_bytes().decode("latin-1") or \
        "Tình hình đơn vị ổn định." in _text(out.read_bytes())
    refused = run_ctrdesk("--db", db, "document", "issue", "report", "--period", "2026-Q2",
                          "--out", str(tmp_path / "x.pdf"), "--date", "2026-07-05")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "III. Đánh giá chung" in refused.stderr
    issued = run_ctrdesk("--db", db, "document", "issue", "report", "--period", "2026-Q2",
                         "--sections", str(sections), "--out", str(tmp_path / "bc.pdf"),
                         "--date", "2026-07-05", "--json")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["number"] == "02-BC/CB"
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    result = run_ctrdesk("--db", db, "document", "render", "report", "--sections", str(bad),
                         "--out", str(tmp_path / "y.pdf"))
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_numbers_run_over_a_term_across_years_and_restart_with_a_new_term(demo_workspace):
    from ctrdesk.core.documents.terms import add_term

    ws = demo_workspace  # its term: 01/10/2025 - 30/09/2030
    numbers = [issue(ws, create_draft(ws, "notice", record=1), day)
               for day in (date(2026, 12, 30), date(2027, 1, 4), date(2030, 9, 30))]
    assert numbers == ["01-TB/CB", "02-TB/CB", "03-TB/CB"]  # no restart on 1 January
    with pytest.raises(ValidationError):  # terms never overlap
        add_term(ws, date(2030, 9, 1), date(2035, 9, 30))
    add_term(ws, date(2030, 10, 1), date(2035, 9, 30))
    new_term = [issue(ws, create_draft(ws, "notice", record=1), day)
                for day in (date(2030, 10, 2), date(2031, 1, 5))]
    assert new_term == ["01-TB/CB", "02-TB/CB"]
    register = [d for d in list_documents(ws) if d["kind"] == "notice"]
    assert sorted((d["term"], d["number"]) for d in register) == [
        ("2025-2030", "01-TB/CB"), ("2025-2030", "02-TB/CB"), ("2025-2030", "03-TB/CB"),
        ("2030-2035", "01-TB/CB"), ("2030-2035", "02-TB/CB")]
    from peewee import IntegrityError

    from ctrdesk.core.store.models import Document as DocumentRow

    with pytest.raises(IntegrityError), ws.writing("test"):  # the index guards it too
        first = DocumentRow.get(DocumentRow.number == "01-TB/CB")
        DocumentRow.create(organization=first.organization_id, kind="notice", symbol="TB",
                           year=2027, sequence=1, number="01-TB/CB", status="issued",
                           series=first.series)


def test_a_term_covering_numbers_given_twice_is_refused(workspace):
    from ctrdesk.core.documents.terms import add_term
    from ctrdesk.core.organizations import add_organization, set_own_organization
    from ctrdesk.core.store.models import Document as DocumentRow

    ws = workspace
    unit = add_organization(ws, "Chi bộ Vụ 2", "branch", abbreviation="CB")
    set_own_organization(ws, unit)
    with ws.writing("test"):  # numbered per year before terms were known
        for year in (2026, 2027):
            DocumentRow.create(organization=unit, kind="report", symbol="BC", year=year,
                               sequence=1, number="01-BC/CB", status="issued",
                               issued_on=date(year, 4, 5), series=str(year))
    with pytest.raises(ValidationError):
        add_term(ws, date(2025, 10, 1), date(2030, 9, 30))


def test_the_term_commands(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    assert run_ctrdesk("--db", db, "--demo", "term", "add", "--start", "2030-10-01",
                       "--end", "2035-09-30").returncode == 0
    listed = run_ctrdesk("--db", db, "term", "list", "--json")
    assert [t["name"] for t in json.loads(listed.stdout)] == ["2025-2030", "2030-2035"]
    register = run_ctrdesk("--db", db, "document", "list")
    assert "2025-2030" in register.stdout
    bad = run_ctrdesk("--db", db, "term", "add", "--start", "2031-01-01", "--end",
                      "2030-01-01")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_targets_split_from_one_sentence_keep_their_own_text(demo):
    from ctrdesk.core.programs.asof import target_states

    states = target_states(demo, _unit_program(demo), None)
    texts = [s.text for s in states]
    assert len(set(texts)) == len(texts)
    best = next(s for s in states if s.target.value == 99)
    share = next(s for s in states if s.target.value == 20 and "đảng viên" in s.text)
    assert "99% đảng viên trở lên" in best.text and "xuất sắc" not in best.text
    assert "20% đảng viên hoàn thành xuất sắc" in share.text and "99%" not in share.text


def test_minutes_say_what_real_ones_do(demo):
    from ctrdesk.core.records.service import list_records

    ws = demo
    thematic = next(r for r in list_records(ws, "session", with_figures=False)
                    if r["kind"] == "thematic" and r["held_on"])
    document = build(ws, "minutes", record=thematic["id"])
    text = _flat(_text(render(document)[0]))
    for words in ("Vào hồi 14 giờ 00, ngày 12/03/2026, tại Phòng họp Vụ 14",
                  "Chủ trì: đồng chí Trần Minh Đức, Vụ trưởng",
                  "Thư ký: đồng chí Vũ Đình Phong",
                  "Đồng chí Nguyễn Thị Lan: vắng mặt (Đi công tác)",
                  "Khách mời: Đồng chí Nguyễn Văn Bình",
                  "Đồng chí Lê Thị Thu Hà phát biểu: trình bày báo cáo đề dẫn",
                  "tán thành 6/6 đồng chí có mặt (100%); không tán thành 0",
                  "Hội nghị kết thúc vào hồi 16 giờ 30 cùng ngày",
                  "CHỦ TRÌ", "THƯ KÝ"):
        assert words in text, words
    headings = [b.text for b in document.body if isinstance(b, Heading)]
    assert headings == ["I. Thành phần", "II. Nội dung", "III. Diễn biến hội nghị",
                        "IV. Kết luận", "V. Biểu quyết"]
    assert document.signature.name == "Trần Minh Đức"
    assert document.left_signature.name == "Vũ Đình Phong"


def test_a_planned_meeting_cannot_be_rendered_as_held_minutes(demo):
    from ctrdesk.core.records.service import list_records

    planned = next(r for r in list_records(demo, "session", with_figures=False)
                   if r["status"] == "planned")
    with pytest.raises(ValidationError) as caught:
        build(demo, "minutes", record=planned["id"])
    assert caught.value.field == "record"


def test_a_conclusion_notice_says_who_inspected_when_and_what_must_be_done(demo):
    document = build(demo, "notice", record=1)
    text = _flat(_text(render(document)[0]))
    for words in ("từ ngày 04/05/2026 đến ngày 22/05/2026, Đoàn kiểm tra (Lê Thị Thu Hà",
                  "về việc thực hiện quy chế làm việc",
                  "Thi hành kỷ luật khiển trách đối với Đảng viên A.",
                  "Tổ đảng Phòng Tổng hợp: Báo cáo kết quả khắc phục (hạn 30/09/2026).",
                  "- Tổ đảng Phòng Tổng hợp (để thực hiện)"):
        assert words in text, words


def test_a_notice_of_an_inspection_not_concluded_is_refused(demo_workspace):
    from ctrdesk.core.records.service import save_record as save

    record_id, _warnings = save(demo_workspace, "inspection", {
        "year": 2026, "subject": "Tổ đảng Phòng 2", "planned_start": "2026-10-01"})
    with pytest.raises(ValidationError):
        build(demo_workspace, "notice", record=record_id)
