"""A period is written the Vietnamese way or as its code, and read back either way."""

from __future__ import annotations

from datetime import date

import pytest

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.period import parse_period


@pytest.mark.parametrize(("typed", "code", "display", "start", "end"), [
    ("2026-Q1", "2026-Q1", "Quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("Quý I/2026", "2026-Q1", "Quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
    ("quý 3 năm 2026", "2026-Q3", "Quý III/2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("Quý IV/2025", "2025-Q4", "Quý IV/2025", date(2025, 10, 1), date(2025, 12, 31)),
    ("6 tháng đầu năm 2026", "2026-H1", "6 tháng đầu năm 2026", date(2026, 1, 1),
     date(2026, 6, 30)),
    ("6 tháng cuối năm 2026", "2026-H2", "6 tháng cuối năm 2026", date(2026, 7, 1),
     date(2026, 12, 31)),
    ("9 tháng đầu năm 2026", "2026-9M", "9 tháng đầu năm 2026", date(2026, 1, 1),
     date(2026, 9, 30)),
    ("Năm 2026", "2026", "Năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026", "2026", "Năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("Tháng 2/2028", "2028-02", "Tháng 2/2028", date(2028, 2, 1), date(2028, 2, 29)),
    ("2026-12", "2026-12", "Tháng 12/2026", date(2026, 12, 1), date(2026, 12, 31)),
    ("2026-01", "2026-01", "Tháng 1/2026", date(2026, 1, 1), date(2026, 1, 31)),
    ("  quý   ii / 2026 ".replace(" / ", "/"), "2026-Q2", "Quý II/2026", date(2026, 4, 1),
     date(2026, 6, 30)),
])
def test_codes_and_vietnamese_give_the_same_period(typed, code, display, start, end):
    period = parse_period(typed)
    assert (period.code, period.display, period.start, period.end) == (code, display, start,
                                                                       end)
    assert parse_period(period.display) == period == parse_period(period.code)
    assert parse_period(period) is period  # parsed once, passed on as is
    assert str(period) == code


@pytest.mark.parametrize("typed", ["Quý V/2026", "2026-Q5", "2026-13", "quý I", "tuần 3/2026",
                                   "", "Tháng 13/2026"])
def test_a_wrong_period_is_refused_with_the_ways_to_write_it(typed):
    with pytest.raises(ValidationError) as refused:
        parse_period(typed)
    assert refused.value.field == "period"
    assert refused.value.message == (
        f"“{typed}” không phải kỳ báo cáo: hãy viết như “Quý I/2026”, “6 tháng đầu năm 2026”, "
        "“9 tháng đầu năm 2026”, “Tháng 5/2026” hoặc “Năm 2026” (hoặc các mã 2026-Q1, "
        "2026-H1, 2026-9M, 2026-05, 2026).")


def test_documents_still_find_the_period_where_they_looked_for_it():
    from ctrdesk.core.documents.kinds import parse_period as from_documents

    assert from_documents is parse_period


@pytest.mark.parametrize(("code", "label"), [
    ("2026", "năm 2026"),
    ("2026-Q1", "quý I năm 2026"),
    ("2026-Q2", "quý II năm 2026"),
    ("2026-Q4", "quý IV năm 2026"),
    ("2026-H1", "6 tháng đầu năm 2026"),
    ("2026-H2", "6 tháng cuối năm 2026"),
    ("2026-9M", "9 tháng đầu năm 2026"),
    ("2026-05", "tháng 5 năm 2026"),
])
def test_a_period_reads_inside_a_sentence(code, label):
    """"… kết quả thực hiện nhiệm vụ quý I năm 2026": the words a report's sentence takes."""
    assert parse_period(code).label == label


def test_a_year_offers_its_periods_in_the_order_reports_come():
    from ctrdesk.core.period import period_choices

    assert [p.display for p in period_choices(2027)] == [
        "Quý I/2027", "6 tháng đầu năm 2027", "Quý II/2027", "9 tháng đầu năm 2027",
        "Quý III/2027", "Quý IV/2027", "6 tháng cuối năm 2027", "Năm 2027"]
