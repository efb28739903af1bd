"""Times, thresholds and units as offices write them in prose, each read into the
interchange values and keeping the words it came from."""

from __future__ import annotations

from datetime import date

import pytest

from ctrdesk.core.importing.thresholds import find_thresholds
from ctrdesk.core.importing.timespec import find_milestone, parse_time
from ctrdesk.core.importing.unitlists import parse_unit_roles, roles_in_sentence

D = date.fromisoformat


@pytest.mark.parametrize(("words", "kind", "start", "end"), [
    # A range keeps its start, not only its last date.
    ("Từ ngày 21/7 đến ngày 31/7/2025", "range", "2025-07-21", "2025-07-31"),
    ("từ ngày 10/4 đến ngày 25/4/2026", "range", "2026-04-10", "2026-04-25"),
    ("Từ tháng 7 đến tháng 9/2026", "range", "2026-07-01", "2026-09-30"),
    ("Năm 2026 - 2030", "range", "2026-01-01", "2030-12-31"),
    ("Tuần thứ hai tháng 5/2026", "week", "2026-05-08", "2026-05-14"),  # the week
    ("Tuần đầu tháng 01/2026", "week", "2026-01-01", "2026-01-07"),
    ("Tuần cuối tháng 6/2026", "week", "2026-06-24", "2026-06-30"),
    ("quý II/2026", "quarter", "2026-04-01", "2026-06-30"),
    ("6 tháng đầu năm 2026", "half", "2026-01-01", "2026-06-30"),
    ("Tháng 8 năm 2026", "month", "2026-08-01", "2026-08-31"),
    ("Trước ngày 30/8/2025", "date", None, "2025-08-30"),
])
def test_times_in_prose(words, kind, start, end):
    spec = parse_time(words)
    assert spec is not None and spec.text == words
    assert (spec.kind, spec.start, spec.end) == (kind, start and D(start), end and D(end))


@pytest.mark.parametrize(("words", "kind", "start", "end"), [
    ("6 tháng đầu năm", "half", "2026-01-01", "2026-06-30"),
    ("6 tháng cuối năm", "half", "2026-07-01", "2026-12-31"),
    ("Quý II", "quarter", "2026-04-01", "2026-06-30"),
    ("trước ngày 15/3", "date", None, "2026-03-15"),
    ("Từ ngày 21/6 đến ngày 30/6", "range", "2026-06-21", "2026-06-30"),
    ("Từ tháng 10 đến tháng 11", "range", "2026-10-01", "2026-11-30"),
])
def test_relative_periods_resolve_against_the_documents_year(words, kind, start, end):
    spec = parse_time(words, 2026)
    assert spec is not None
    assert (spec.kind, spec.start, spec.end) == (kind, start and D(start), end and D(end))
    # Without the document's year no date is invented: the words are kept as they are.
    alone = parse_time(words)
    assert alone is not None and (alone.kind, alone.start, alone.end) == ("other", None, None)


def test_regular_times():
    for words in ("Hằng quý", "hằng tháng", "Thường xuyên", "định kỳ 6 tháng"):
        spec = parse_time(words)
        assert spec is not None and spec.kind == "regular", words


def test_a_time_inside_a_tasks_own_sentence():
    found = find_milestone("Báo cáo kết quả với Ban Thường vụ trước ngày 10/7/2026.")
    assert found is not None and (found.kind, found.end) == ("date", D("2026-07-10"))
    assert found.text == "Trước ngày 10/7/2026"
    found = find_milestone("Tổng hợp kết quả, báo cáo trong tháng 6/2026.")
    assert found is not None and (found.kind, found.start) == ("month", D("2026-06-01"))
    found = find_milestone("Thời gian kiểm tra: từ ngày 15/6 đến ngày 30/6/2026.")
    assert found is not None and (found.start, found.end) == (D("2026-06-15"), D("2026-06-30"))


@pytest.mark.parametrize(("words", "op", "value"), [
    ("không dưới 85% tổ chức đảng", ">=", 85),  # not "<"
    ("không thấp hơn 15%", ">=", 15),
    ("tối thiểu 95%", ">=", 95),
    ("đạt ít nhất 90%", ">=", 90),
    ("99% đảng viên trở lên", ">=", 99),
    ("không quá 2% tổng số đảng viên", "<=", 2),
    ("tối đa 20% đảng viên", "<=", 20),
    ("không vượt quá 3%", "<=", 3),
    ("dưới 5%", "<", 5),
    ("trên 90%", ">", 90),
])
def test_thresholds_in_words(words, op, value):
    (found,) = find_thresholds(words)
    assert (found.op, found.value, found.unit) == (op, value, "percent")
    assert found.text  # the words it came from


@pytest.mark.parametrize(("words", "lead", "coordinating"), [
    ("Ban Xây dựng Đảng Đảng ủy chủ trì, phối hợp với Văn phòng Đảng ủy và các chi bộ "
     "trực thuộc.", ["Ban Xây dựng Đảng Đảng ủy"], ["Văn phòng Đảng ủy", "các chi bộ trực thuộc"]),
    ("Chi bộ Phòng 1 chủ trì; Chi bộ Phòng 2, Chi bộ Văn phòng phối hợp.", ["Chi bộ Phòng 1"],
     ["Chi bộ Phòng 2", "Chi bộ Văn phòng"]),
    ("Tổ Kiểm sát hình sự chủ trì, Tổ Kiểm sát dân sự phối hợp", ["Tổ Kiểm sát hình sự"],
     ["Tổ Kiểm sát dân sự"]),
    ("Chi ủy chủ trì, phối hợp với Công đoàn cơ sở và Chi đoàn Thanh niên.", ["Chi ủy"],
     ["Công đoàn cơ sở", "Chi đoàn Thanh niên"]),
])
def test_units_in_prose(words, lead, coordinating):
    roles = parse_unit_roles(words)
    assert (roles.lead, roles.coordinating) == (lead, coordinating)


def test_units_named_in_a_tasks_sentence_stop_where_the_action_begins():
    roles = roles_in_sentence("Văn phòng Đảng ủy chủ trì, phối hợp với Ủy ban Kiểm tra Đảng ủy "
                              "theo dõi, kiểm tra việc thực hiện Quy định này.")
    assert roles is not None
    assert (roles.lead, roles.coordinating) == (["Văn phòng Đảng ủy"], ["Ủy ban Kiểm tra Đảng ủy"])
    # A person who "chairs" a session is not a unit.
    assert roles_in_sentence("Người đứng đầu trực tiếp chủ trì ít nhất 01 buổi sinh hoạt.") is None
