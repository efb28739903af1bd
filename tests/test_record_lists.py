"""A long record list is read in a few queries and can be read a page at a time: the
figures shown in the list are those of each record opened on its own."""

from __future__ import annotations

from ctrdesk.core.records.service import get_record, kinds, list_records


def test_the_figures_of_a_list_are_those_of_each_record_opened(demo_workspace):
    ws = demo_workspace
    shown = 0
    for name, kind in kinds().items():
        if kind.figures is None:
            continue
        listed = list_records(ws, name)
        for summary in listed:
            opened = get_record(ws, name, summary["id"])
            assert summary["figures"] == opened["figures"], (name, summary["id"])
            shown += 1
    assert shown > 10


def test_a_list_is_read_a_page_at_a_time_in_the_same_order(demo_workspace):
    ws = demo_workspace
    everything = list_records(ws, "session")
    assert len(everything) >= 6
    pages = [list_records(ws, "session", limit=4, offset=start)
             for start in range(0, len(everything), 4)]
    assert [r for page in pages for r in page] == everything
    assert list_records(ws, "session", offset=2) == everything[2:]
    assert list_records(ws, "session", limit=0) == []
    word = everything[0]["title"].split()[0] if everything[0].get("title") else ""
    if word:
        found = list_records(ws, "session", search=word)
        assert list_records(ws, "session", search=word, limit=1, offset=1) == found[1:2]


def test_records_read_together_are_those_read_one_by_one(demo_workspace):
    from ctrdesk.core.records.service import get_records

    ws = demo_workspace
    for name in kinds():
        ids = [r["id"] for r in list_records(ws, name, with_figures=False)]
        assert get_records(ws, name, ids) == [get_record(ws, name, i) for i in ids], name
        assert get_records(ws, name, ids[::-1]) == [get_record(ws, name, i)
                                                    for i in ids[::-1]], name


def test_a_period_holds_exactly_the_records_of_its_dates(demo_workspace):
    """What a report counts: the sessions held, the dialogues held and the inspections
    concluded in the period, oldest first, each as opened on its own."""
    from datetime import date

    from ctrdesk.core.records.period import period_records

    ws = demo_workspace

    def within(value, start, end):
        return bool(value) and start <= date.fromisoformat(str(value)) <= end

    def opened(kind, keep, start, end):
        listed = reversed(list_records(ws, kind, with_figures=False))
        records = [get_record(ws, kind, r["id"]) for r in listed]
        return [r for r in records if keep(r, start, end)]

    seen = 0
    for year in range(date.today().year - 2, date.today().year + 1):
        for start, end in ((date(year, 1, 1), date(year, 12, 31)),
                           (date(year, 4, 1), date(year, 6, 30))):
            found = period_records(ws, None, start, end)
            assert found.sessions == opened("session", lambda r, s, e: r["status"] == "held"
                                            and within(r["held_on"], s, e), start, end)
            assert found.dialogues == opened(
                "dialogue", lambda r, s, e: within(r["held_on"], s, e), start, end)
            assert found.inspections == opened(
                "inspection", lambda r, s, e: within(r["concluded_on"], s, e), start, end)
            seen += len(found.sessions) + len(found.dialogues) + len(found.inspections)
    assert seen > 5
