"""A period's records as they stood at its end: what a report of the period says.

A concern answered after the period was still unanswered then; a recommendation done after
the period was still open (or overdue) then; a meeting or an inspection outside the period's
dates is not of it.
"""

from __future__ import annotations

from datetime import date

import pytest

from ctrdesk.core.records.period import (
    PeriodRecords,
    as_of_concern,
    as_of_follow_up,
    period_records,
)
from ctrdesk.core.records.service import save_record

END = date(2026, 6, 30)  # the end of 2026-Q2


@pytest.mark.parametrize(("row", "state"), [
    ({"status": "done", "done_on": "2026-06-30"}, "done"),  # done on the last day
    ({"status": "done", "done_on": "2026-06-01", "deadline": "2026-05-01"}, "done"),
    ({"status": "done"}, "done"),  # done, no date kept: trusted as done
    ({"status": "done", "done_on": "2026-07-01", "deadline": "2026-06-15"}, "overdue"),
    ({"status": "done", "done_on": "2026-07-01", "deadline": "2026-06-30"}, "open"),
    ({"status": "done", "done_on": "2026-07-01"}, "open"),
    ({"status": "dropped", "deadline": "2026-01-01"}, "dropped"),
    ({"status": "open", "deadline": "2026-06-29"}, "overdue"),
    ({"status": "open", "deadline": "2026-06-30"}, "open"),  # due that day: not late yet
    ({"status": "open", "deadline": None}, "open"),
    ({"status": "open", "deadline": ""}, "open"),
    ({}, "open"),
])
def test_a_follow_up_is_read_as_it_stood_on_the_periods_last_day(row, state):
    assert as_of_follow_up(row, END) == state


@pytest.mark.parametrize(("concern", "state"), [
    ({"answered_on": "2026-06-10"}, ("answered", 9)),
    ({"answered_on": "2026-06-30"}, ("answered", 29)),
    ({"answered_on": "2026-07-02", "answer_due": "2026-06-20"}, ("overdue", None)),
    ({"answered_on": "2026-07-02", "answer_due": "2026-07-01"}, ("open", None)),
    ({"answered_on": "2026-07-02"}, ("open", None)),
    ({"answer_due": "2026-06-29"}, ("overdue", None)),
    ({"answer_due": "2026-06-30"}, ("open", None)),
    ({"answered_on": None, "answer_due": None}, ("open", None)),
])
def test_a_concern_answered_after_the_period_was_unanswered_at_its_end(concern, state):
    kept = dict(concern)
    assert as_of_concern(concern, date(2026, 6, 1), END) == state
    assert concern == kept  # the record itself keeps its answer


def test_thematic_sessions_are_counted_and_those_chaired_by_the_head_apart():
    records = PeriodRecords(sessions=[
        {"kind": "thematic", "chair_is_head": True},
        {"kind": "thematic", "chair_is_head": False},
        {"kind": "regular", "chair_is_head": True},
        {"kind": "thematic", "chair_is_head": True},
    ])
    assert (records.thematic, records.thematic_by_head) == (3, 2)
    assert PeriodRecords().thematic == PeriodRecords().thematic_by_head == 0
    assert PeriodRecords(sessions=[{"kind": "regular", "chair_is_head": True}]) \
        .thematic_by_head == 0


def _workspace_with_a_half_year_of_records(ws) -> None:
    for held_on, title in (("2026-03-31", "Q1"), ("2026-04-01", "Q2 first day"),
                           ("2026-06-30", "Q2 last day"), ("2026-07-01", "Q3")):
        save_record(ws, "session", {"kind": "thematic", "title": title, "held_on": held_on,
                                    "planned_start": held_on})
    save_record(ws, "dialogue", {"held_on": "2026-05-04", "title": "Đối thoại quý II",
                                 "concerns": [
                                     {"content": "A", "answer": "Đã trả lời",
                                      "answered_on": "2026-05-10"},
                                     {"content": "B", "answer": "Trả lời sau",
                                      "answered_on": "2026-07-03",
                                      "answer_due": "2026-06-04"}]})
    save_record(ws, "dialogue", {"held_on": "2026-07-04", "title": "Đối thoại quý III",
                                 "concerns": [{"content": "C"}]})
    for concluded, deadline, done, subject in (
            ("2026-06-15", "2026-06-20", "2026-07-10", "Trong quý"),
            ("2026-07-15", "2026-07-20", "2026-07-25", "Sau quý")):
        save_record(ws, "inspection", {
            "year": 2026, "mode": "inspection", "kind": "regular", "subject": subject,
            "planned_start": "2026-06-01", "concluded_on": concluded,
            "conclusion": "Có vi phạm", "violations": 1,
            "recommendations": [{"text": "Khắc phục", "deadline": deadline,
                                 "status": "done", "done_on": done}]})


def test_a_period_holds_the_records_of_its_dates_as_they_stood_at_its_end(workspace):
    ws = workspace
    _workspace_with_a_half_year_of_records(ws)
    quarter = period_records(ws, None, date(2026, 4, 1), END)
    assert [s["title"] for s in quarter.sessions] == ["Q2 first day", "Q2 last day"]
    assert quarter.thematic == 2
    assert [d["title"] for d in quarter.dialogues] == ["Đối thoại quý II"]
    assert [(c["content"], state, days) for c, state, days in quarter.concerns] == [
        ("A", "answered", 6), ("B", "overdue", None)]
    assert [i["subject"] for i in quarter.inspections] == ["Trong quý"]
    assert [(r["text"], state) for r, state in quarter.recommendations] == [
        ("Khắc phục", "overdue")]
    assert quarter.member_ratings == [] and quarter.issues == []
    half = period_records(ws, None, date(2026, 1, 1), date(2026, 9, 30))
    assert [s["title"] for s in half.sessions] == ["Q1", "Q2 first day", "Q2 last day", "Q3"]
    assert [state for _c, state, _d in half.concerns] == ["answered", "answered", "open"]
    assert [state for _r, state in half.recommendations] == ["done", "done"]
