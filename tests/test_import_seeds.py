"""Importing the two seed programs recovers their structure exactly, from .txt, .docx and .pdf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ctrdesk.core.importing import parse_file
from ctrdesk.core.importing.parsed import Node, ParsedProgram
from seeds import SEEDS, make_docx, make_pdf

FORMATS = ("txt", "docx", "pdf")
_CACHE: dict[tuple[str, str], ParsedProgram] = {}


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("seeds")
    files: dict[tuple[str, str], Path] = {}
    for name, source in SEEDS.items():
        files[(name, "txt")] = source
        files[(name, "docx")] = make_docx(source, folder / f"{name}.docx")
        files[(name, "pdf")] = make_pdf(source, folder / f"{name}.pdf")
    return files


def parsed(seed_files, name: str, fmt: str) -> ParsedProgram:
    key = (name, fmt)
    if key not in _CACHE:
        _CACHE[key] = parse_file(seed_files[key])[1]
    return _CACHE[key]


def by_number(nodes: list[Node], number: str) -> Node:
    matches = [n for n in nodes if n.number == number]
    assert len(matches) == 1, f"{number}: {[n.number for n in nodes]}"
    return matches[0]


def descendant(nodes: list[Node], *path: str) -> Node:
    node = by_number(nodes, path[0])
    for number in path[1:]:
        node = by_number(node.children, number)
    return node


def threshold(node: Node) -> tuple[str, float, float | None, str]:
    assert node.threshold is not None, node.title or node.text
    t = node.threshold
    return (t.op, t.value, t.max, t.unit)


# --- the action program (seed 000) ------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_header_signature_and_recipients(seed_files, fmt):
    program = parsed(seed_files, "action", fmt)
    assert program.kind == "action_program"
    assert program.header.place == "Hà Nội"
    assert program.header.date == date(2026, 2, 12)
    assert program.header.doc_type == "CHƯƠNG TRÌNH HÀNH ĐỘNG"
    assert program.header.summary == (
        "thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng")
    assert program.header.preamble[0].startswith("Thực hiện Nghị quyết Đại hội")
    assert program.signature is not None
    assert (program.signature.authority, program.signature.position,
            program.signature.name) == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Huy Tiến")
    assert program.recipients == [
        "Đảng ủy các CQ Đảng TW (để báo cáo)",
        "Các Đ/c Ủy viên Ban Chấp hành Đảng bộ VKSND tối cao",
        "Các cơ quan TMGV của Đảng ủy",
        "Đảng ủy, chi ủy trực thuộc",
        "Các tổ chức CT-XH cơ quan",
        "Đảng ủy VKSND cấp tỉnh",
        "Lưu VPĐU",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_sections_and_appendices(seed_files, fmt):
    program = parsed(seed_files, "action", fmt)
    tops = [(n.kind, n.number) for n in program.items]
    assert tops == [("section", "I"), ("section", "II"), ("section", "III"), ("section", "IV"),
                    ("appendix", "PHỤ LỤC 1"), ("appendix", "PHỤ LỤC 2")]
    purposes = by_number(program.items, "I")
    assert [n.number for n in purposes.children] == ["1", "2", "3"]
    # Item 3 was split by a page break: both halves are one item.
    assert purposes.children[2].title.endswith("trong giai đoạn mới.")
    assert "quyền công dân, bảo vệ chế độ xã hội chủ nghĩa" in purposes.children[2].title


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_six_key_targets(seed_files, fmt):
    targets = by_number(parsed(seed_files, "action", fmt).items, "II").children
    assert [(t.kind, t.number) for t in targets] == [("target", str(n)) for n in range(1, 7)]
    admissions = targets[1].children
    assert [threshold(t) for t in admissions] == [("=", 100, None, "percent"),
                                                  ("range", 60, 80, "count")]
    ratings = [threshold(t) for t in targets[5].children]
    assert ratings == [(">=", 99, None, "percent"), (">=", 20, None, "percent"),
                       ("=", 100, None, "percent"), (">=", 20, None, "percent")]
    assert [threshold(t) for t in targets[0].children] == [("=", 100, None, "percent")] * 2
    for single in targets[2:5]:
        assert threshold(single) == ("=", 100, None, "percent")
        assert single.children == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_task_groups_units_and_times(seed_files, fmt):
    tasks = by_number(parsed(seed_files, "action", fmt).items, "III").children
    assert [t.number for t in tasks] == ["1", "2", "3", "4", "5", "6"]
    assert [c.number for c in tasks[0].children] == ["1.1", "1.2", "1.3", "1.4"]
    with_units = [tasks[0].children[i] for i in range(4)] + tasks[1:]
    assert len(with_units) == 9
    for task in with_units:
        assert task.units_text, task.number
        assert task.time is not None and task.time.kind == "regular", task.number
        assert task.time.text == "Thường xuyên"
    group = ["Đảng ủy, chi ủy trực thuộc", "đảng ủy VKSND tỉnh, thành phố"]
    assert tasks[0].children[0].implementing == group
    assert tasks[0].children[2].implementing == ["Ủy ban Kiểm tra Đảng ủy VKSND tối cao", *group]
    task2 = tasks[1]
    assert task2.lead == ["Chi ủy Vụ 14"]
    assert task2.coordinating == ["các đảng ủy, chi ủy trực thuộc",
                                  "đảng ủy VKSND tỉnh, thành phố", "các đơn vị có liên quan"]
    assert task2.implementing == []
    milestone = [c for c in task2.children if c.time is not None]
    assert len(milestone) == 1 and milestone[0].time is not None
    assert milestone[0].text.startswith("Nghiên cứu, xây dựng Dự án Bộ luật Tố tụng hình sự")
    assert (milestone[0].time.kind, milestone[0].time.start, milestone[0].time.end) == (
        "year", date(2027, 1, 1), date(2027, 12, 31))
    assert tasks[2].lead == ["Chi ủy Vụ 15"]
    assert tasks[2].coordinating[0] == "Ban Tổ chức đảng ủy"
    assert tasks[3].implementing == [f"Vụ {n}" for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12)] + [
        "đảng ủy VKSND tỉnh, thành phố"]
    assert tasks[4].lead == ["Chi ủy Cục 2"]
    assert tasks[5].lead == ["Chi ủy Vụ 13"]
    # Bullets are the tasks' children; the unit and time lines are not.
    assert len(tasks[0].children[0].children) == 3
    assert all(c.kind == "item" and not c.number for c in tasks[1].children)


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_appendix_1_targets_with_sub_rows(seed_files, fmt):
    appendix = by_number(parsed(seed_files, "action", fmt).items, "PHỤ LỤC 1")
    assert appendix.title == ("CÁC CHỈ TIÊU CÔNG TÁC THEO YÊU CẦU CỦA QUỐC HỘI, "
                              "GIAI ĐOẠN 2026 - 2030")
    rows = [n for n in appendix.children if n.kind == "target"]
    assert [r.number for r in rows] == [str(n) for n in range(1, 13)]
    expected = [("=", 100), ("=", 100), (">", 90), (">", 95), (">", 70), (">", 75), (">", 60),
                (">", 80), (">", 90), (">", 70), (">", 90), (">", 60)]
    assert [(threshold(r)[0], threshold(r)[1]) for r in rows] == expected
    assert all(threshold(r)[3] == "percent" for r in rows)
    assert [c.text for c in rows[4].children] == [
        "Hình sự", "Hành chính", "Dân sự, kinh doanh thương mại, lao động"]
    assert [c.text for c in rows[6].children] == ["Hình sự", "Dân sự, hành chính"]
    assert rows[11].text == "Tỷ lệ thu hồi tài sản tham nhũng"


@pytest.mark.parametrize("fmt", FORMATS)
def test_action_program_appendix_2_has_31_tasks_with_lead_partner_and_deadline(seed_files, fmt):
    program = parsed(seed_files, "action", fmt)
    appendix = by_number(program.items, "PHỤ LỤC 2")
    rows = [n for n in appendix.children if n.kind == "item"]
    assert [r.number for r in rows] == [str(n) for n in range(1, 32)]
    for row in rows:
        assert row.lead, row.number
        assert row.coordinating, row.number
        assert row.time is not None and row.time.kind != "other", row.number
    assert rows[0].lead == ["Chi bộ Vụ 14"]
    assert rows[2].coordinating == ["Các đơn vị có liên quan", "Đảng ủy VKSND cấp tỉnh"]
    assert (rows[2].time.kind, rows[2].time.start, rows[2].time.end) == (
        "range", date(2026, 1, 1), date(2027, 12, 31))
    assert rows[6].lead == ["Chi bộ Cục 2"]
    assert rows[15].lead == ["Ban Tổ chức Đảng ủy"] and rows[15].coordinating == ["Chi bộ Vụ 15"]
    assert rows[19].coordinating == ["Đảng bộ Trường Đại học Kiểm sát", "các đơn vị có liên quan"]
    assert rows[25].lead == ["Vụ 14"]
    assert rows[29].lead == ["Cục 3"] and rows[29].time.kind == "regular"
    # The table header repeated on every page is not a row.
    if fmt == "txt":
        assert [i.reason for i in program.ignored].count("repeated_header") == 4
    assert not any("NHIỆM VỤ CỤ THỂ" in r.text for r in rows)


# --- the standing committee's work program (seed 003) -------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_program_header_and_targets(seed_files, fmt):
    program = parsed(seed_files, "work", fmt)
    assert program.kind == "work_program"
    assert program.header.doc_type == "CHƯƠNG TRÌNH"
    assert program.header.summary == (
        "Công tác của Ban Thường vụ Đảng ủy Viện kiểm sát nhân dân tối cao năm 2026")
    assert program.signature is not None
    assert program.signature.authority == "T/M BAN THƯỜNG VỤ"
    assert program.signature.name == "Nguyễn Huy Tiến"
    assert len(program.recipients) == 7
    key = descendant(program.items, "II", "1")
    assert key.title == "Chỉ tiêu chủ yếu"
    targets = key.children
    assert len(targets) == 5 and all(t.kind == "target" for t in targets)
    first = [threshold(t) for t in targets[0].children]
    assert first[-1] == ("range", 20, 25, "count")
    assert threshold(targets[1]) == ("=", 100, None, "percent")
    assert targets[2].threshold is None  # "đạt và vượt các chỉ tiêu của Quốc hội giao"


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_program_focus_tasks_with_advising_units_and_times(seed_files, fmt):
    focus = descendant(parsed(seed_files, "work", fmt).items, "II", "2")
    assert focus.kind == "item"
    assert [t.number for t in focus.children] == [f"2.{n}" for n in range(1, 8)]
    for task in focus.children:
        assert task.units_label == "advising", task.number
        assert task.implementing, task.number
        assert task.time is not None, task.number
    times = [t.time.kind for t in focus.children if t.time]
    assert times == ["regular", "regular", "by_plan", "regular", "regular", "regular",
                     "by_plan"]
    t22, t23, t24 = focus.children[1:4]
    assert t22.implementing == ["Các đảng ủy, chi ủy trực thuộc", "đảng ủy VKSND cấp tỉnh"]
    assert t23.implementing == ["Chi ủy Vụ 14", "Chi ủy Vụ 15", "Chi ủy Thanh tra",
                                "Đảng ủy Cơ quan Điều tra", "Đảng ủy Trường Đại học kiểm sát"]
    assert t24.implementing[:2] == ["Chi ủy Vụ 1", "Chi ủy Vụ 2"]
    assert "Chi ủy Vụ 13" in t24.implementing and "Chi ủy Vụ 14" not in t24.implementing
    assert t24.implementing[-5:] == ["Đảng ủy Viện phúc thẩm 1", "Đảng ủy Viện phúc thẩm 2",
                                     "Đảng ủy Viện phúc thẩm 3", "Đảng ủy Cơ quan Điều tra",
                                     "Đảng ủy VKSND cấp tỉnh"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_work_program_twelve_monthly_meetings_with_agenda(seed_files, fmt):
    meetings = by_number(parsed(seed_files, "work", fmt).items, "III").children
    assert [m.kind for m in meetings] == ["meeting"] * 12
    for month, meeting in enumerate(meetings, start=1):
        assert meeting.time is not None
        assert meeting.time.kind == "week"
        assert (meeting.time.start, meeting.time.end) == (date(2026, month, 1),
                                                          date(2026, month, 7))
        assert meeting.children and all(a.kind == "agenda" for a in meeting.children)
        assert [a.number for a in meeting.children] == [
            str(n) for n in range(1, len(meeting.children) + 1)]
    january = meetings[0]
    assert len(january.children) == 6
    assert january.children[2].text.startswith(
        "Cho ý kiến đối với dự thảo Nghị quyết về việc kiểm điểm")  # rejoined across a break
    march = meetings[2]
    assert [a.number for a in march.children] == ["1", "2", "3"]
    assert [s.number for s in march.children[1].children] == ["1", "2", "3", "4", "5", "6"]
    assert march.children[1].text.endswith("gồm:")
    assert march.children[1].children[0].text.startswith("Báo cáo kết quả công tác Đảng")
