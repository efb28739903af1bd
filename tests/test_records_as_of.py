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
    # Entered out of order: a period lists them by date.
    for held_on, title in (("2026-06-30", "Q2 last day"), ("2026-07-01", "Q3"),
                           ("2026-04-01", "Q2 first day"), ("2026-03-31", "Q1")):
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
    save_record(ws, "ideological-issue", {
        "year": 2026, "title": "Ngại khó khi được điều động",
        "description": "Một số đảng viên ngại khó khi được điều động về đơn vị xa."})
    for concluded, deadline, done, subject in (
            ("2026-07-15", "2026-07-20", "2026-07-25", "Sau quý"),
            ("2026-06-15", "2026-06-20", "2026-07-10", "Trong quý")):
        save_record(ws, "inspection", {
            "year": 2026, "mode": "inspection", "kind": "regular", "subject": subject,
            "planned_start": concluded[:8] + "01", "concluded_on": concluded,
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
    assert quarter.member_ratings == []
    assert [i["title"] for i in quarter.issues] == ["Ngại khó khi được điều động"]
    half = period_records(ws, None, date(2026, 1, 1), date(2026, 9, 30))
    assert [s["title"] for s in half.sessions] == ["Q1", "Q2 first day", "Q2 last day", "Q3"]
    assert [state for _c, state, _d in half.concerns] == ["answered", "answered", "open"]
    assert [(r["subject"], [state for _r, state in half.recommendations]) for r in
            half.inspections] == [("Trong quý", ["done", "done"]), ("Sau quý", ["done", "done"])]


def test_ratings_belong_to_the_periods_that_reach_them_and_units_keep_their_own(workspace):
    """A member's yearly rating belongs to a period that ends on 31/12; a leader's quarterly
    ratings to the quarters the period covers; each unit reads only its own records."""
    from ctrdesk.core.organizations import add_organization, add_person, set_own_organization

    ws = workspace
    own = add_organization(ws, "Chi bộ Vụ 9", "branch")
    other = add_organization(ws, "Chi bộ Vụ 10", "branch")
    set_own_organization(ws, own)
    add_person(ws, own, "Trần Văn An")
    add_person(ws, own, "Lê Thị Bình", "secretary")
    save_record(ws, "rating", {"year": 2026, "person": "Trần Văn An", "level": "good"})
    save_record(ws, "rating", {"year": 2025, "person": "Trần Văn An", "level": "complete"})
    add_person(ws, other, "Phạm Văn Cường")
    save_record(ws, "rating", {"year": 2026, "person": "Phạm Văn Cường", "level": "good",
                               "organization": other})
    for quarter in ("Q1", "Q2", "Q3", "Q4"):
        save_record(ws, "rating", {"year": 2026, "period": quarter, "subject_kind": "leader",
                                   "person": "Lê Thị Bình", "level": "excellent"})
    save_record(ws, "rating", {"year": 2026, "subject_kind": "organization",
                               "subject": "Chi bộ Vụ 9", "level": "good"})
    save_record(ws, "session", {"kind": "thematic", "title": "Của Vụ 10",
                                "held_on": "2026-05-05", "planned_start": "2026-05-05",
                                "organization": other})
    save_record(ws, "session", {"kind": "regular", "title": "Của Vụ 9",
                                "held_on": "2026-05-06", "planned_start": "2026-05-06"})

    def ratings(start: date, end: date) -> tuple[list[str], list[str]]:
        found = period_records(ws, own, start, end)
        return ([r["subject"] for r in found.member_ratings],
                sorted(r["period"] for r in found.leader_ratings))

    assert ratings(date(2026, 4, 1), END) == ([], ["Q2"])
    assert ratings(date(2026, 1, 1), date(2026, 3, 31)) == ([], ["Q1"])
    assert ratings(date(2026, 5, 1), date(2026, 7, 31)) == ([], ["Q2", "Q3"])
    assert ratings(date(2026, 1, 1), date(2026, 9, 30)) == ([], ["Q1", "Q2", "Q3"])
    assert ratings(date(2026, 7, 1), date(2026, 12, 31)) == (["Trần Văn An"], ["Q3", "Q4"])
    assert ratings(date(2026, 1, 1), date(2026, 12, 31)) == (["Trần Văn An"],
                                                             ["Q1", "Q2", "Q3", "Q4"])
    # A period across two years takes every quarter of its last year, that year only.
    assert ratings(date(2025, 10, 1), END) == ([], ["Q1", "Q2", "Q3", "Q4"])
    assert ratings(date(2025, 1, 1), date(2025, 12, 31)) == (["Trần Văn An"], [])
    assert [s["title"] for s in period_records(ws, own, date(2026, 4, 1), END).sessions] \
        == ["Của Vụ 9"]
    assert [s["title"] for s in period_records(ws, other, date(2026, 4, 1), END).sessions] \
        == ["Của Vụ 10"]
    assert len(period_records(ws, None, date(2026, 4, 1), END).sessions) == 2
    for year, organization, title in ((2026, own, "Của Vụ 9 năm nay"),
                                      (2025, own, "Của Vụ 9 năm trước"),
                                      (2026, other, "Của Vụ 10 năm nay")):
        save_record(ws, "ideological-issue", {"year": year, "title": title,
                                              "organization": organization,
                                              "description": f"{title}: nội dung riêng."})
    assert [i["title"] for i in period_records(ws, own, date(2026, 4, 1), END).issues] \
        == ["Của Vụ 9 năm nay"]
