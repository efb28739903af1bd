"""The committee's records: each kind saved, edited, listed, linked, attached, and its figures."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.organizations import list_people, own_organization
from ctrdesk.core.records.calendar import (
    due,
    plan_sessions_from_program,
    readings_from_records,
    thematic_sessions_by_head,
)
from ctrdesk.core.records.kinds import concern_state, rating_distribution
from ctrdesk.core.records.service import (
    export_records,
    get_record,
    list_records,
    save_many,
    save_record,
)
from ctrdesk.core.store.models import ALL_MODELS


def _tables(ws) -> dict[str, int]:
    with ws.reading():
        return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def _names(ws) -> list[str]:
    return [str(p["full_name"]) for p in list_people(ws, own_organization(ws).id)]


def _session(ws, **changes):
    names = _names(ws)
    data = {"kind": "thematic", "title": "Sinh hoạt chuyên đề quý III",
            "planned_start": "2026-07-01", "held_on": "2026-07-10", "chair": names[0],
            "chair_is_head": True, "membership": 7,
            "attendance": [{"person": n, "present": True} for n in names[:5]]
            + [{"person": names[5], "present": False, "reason": "Ốm"}],
            "agenda": [{"number": "1", "text": "Báo cáo đề dẫn"}],
            "follow_ups": [{"text": "Hoàn thiện kế hoạch", "deadline": "2026-08-01"}]}
    data.update(changes)
    return data


def test_a_session_is_saved_edited_listed_linked_and_attached(demo_workspace, tmp_path):
    ws = demo_workspace
    before = thematic_sessions_by_head(ws, 2026)
    record_id, _info = save_record(ws, "session", _session(ws, program_items=[3, 4]))
    record = get_record(ws, "session", record_id)
    assert record["status"] == "held"  # a held date makes it held
    assert record["figures"]["present"] == 5 and record["figures"]["quorum_needed"] == 5
    assert record["figures"]["quorum_met"] is True
    assert record["program_items"] == [3, 4]
    assert thematic_sessions_by_head(ws, 2026) == before + 1
    # Edit: one more absent member loses the quorum (4 of 7 < 2/3).
    record["attendance"][0]["present"] = False
    record["attendance"][0]["reason"] = "Đi công tác"
    save_record(ws, "session", record, record_id)
    edited = get_record(ws, "session", record_id)
    assert edited["figures"]["present"] == 4 and edited["figures"]["quorum_met"] is False
    assert edited["uuid"] == record["uuid"]
    # Lists filter by year and by words (without diacritics too).
    assert any(r["id"] == record_id for r in list_records(ws, "session", year=2026))
    assert not any(r["id"] == record_id for r in list_records(ws, "session", year=2025))
    assert [r["id"] for r in list_records(ws, "session", search="chuyen de quy III")] == [
        record_id]
    from ctrdesk.core.attachments import attach

    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF minutes")
    attach(ws, "meeting", record_id, minutes)
    assert get_record(ws, "session", record_id)["attachments"][0]["filename"] == "bien-ban.pdf"


@pytest.mark.parametrize(("changes", "field", "label"), [
    ({"held_on": "2025-12-20"}, "held_on", "Ngày họp"),  # before the year it was planned for
    ({"membership": 4}, "attendance", "Điểm danh"),  # more people than members
    ({"title": ""}, "title", "Trích yếu"),
    ({"kind": "party"}, "kind", "Loại"),
    ({"chair": "Người Lạ"}, "chair", "Chủ trì"),
    ({"follow_ups": [{"text": "x", "deadline": "2026-07-01"}]}, "follow_ups[1].deadline",
     "Việc cần làm sau họp, dòng 1: Thời hạn"),
    ({"attendance": [{"person": "Trần Minh Đức"}, {"person": "Trần Minh Đức"}]},
     "attendance[2].person", "Điểm danh, dòng 2: Đảng viên"),
    ({"program_items": [999999]}, "program_items", "999999"),
])
def test_invalid_sessions_are_refused_naming_the_field_and_store_nothing(demo_workspace,
                                                                        changes, field, label):
    ws = demo_workspace
    before = _tables(ws)
    with pytest.raises(ValidationError) as caught:
        save_record(ws, "session", _session(ws, **changes))
    assert caught.value.field == field  # what the form marks
    # What the user reads names the field as the form does, never by its internal name.
    assert caught.value.message.startswith(label) or label in caught.value.message
    assert field.split("[")[0].split(".")[0] not in caught.value.message
    assert _tables(ws) == before


def test_every_wrong_field_of_a_form_is_reported_at_once_in_the_users_words(demo_workspace):
    """The session the issue describes: no title, an impossible date, a stranger in the
    attendance list — three messages at once, none naming an internal field."""
    from ctrdesk.core.errors import InvalidInput

    ws = demo_workspace
    before = _tables(ws)
    record = _session(ws, title="", planned_start="31/02/2026",
                      attendance=[{"person": _names(ws)[0]}, {"person": ""}])
    with pytest.raises(InvalidInput) as caught:
        save_record(ws, "session", record)
    problems = caught.value.problems
    assert [p.field for p in problems] == ["title", "planned_start", "attendance[2].person"]
    assert [p.message for p in problems] == [
        "Trích yếu là bắt buộc.",
        "Dự kiến từ: 31/02/2026 không phải là một ngày có thật.",
        "Điểm danh, dòng 2: Đảng viên là bắt buộc.",
    ]
    for internal in ("title", "planned_start", "attendance", "person", "YYYY"):
        assert internal not in caught.value.message
    assert _tables(ws) == before


def test_dates_are_read_as_users_write_them_and_impossible_ones_refused():
    from ctrdesk.core.validation import parse_date

    assert parse_date("31/12/2026") == date(2026, 12, 31)
    assert parse_date("1/2/2026") == date(2026, 2, 1)
    assert parse_date("29/02/2028") == date(2028, 2, 29)
    assert parse_date("2026-12-31") == date(2026, 12, 31)
    for wrong in ("31/02/2026", "29/02/2026", "31/04/2026", "00/01/2026", "12/13/2026",
                  "2026-02-30", "hôm qua", "31/12"):
        with pytest.raises(ValidationError) as caught:
            parse_date(wrong, field="deadline")
        assert caught.value.message.startswith("Thời hạn: ") and wrong in caught.value.message


def test_meeting_without_quorum_is_shown_as_such(demo_workspace):
    names = _names(demo_workspace)
    record_id, _ = save_record(demo_workspace, "session", _session(
        demo_workspace, kind="regular", chair_is_head=False,
        attendance=[{"person": n, "present": i < 3} for i, n in enumerate(names)]))
    figures = get_record(demo_workspace, "session", record_id)["figures"]
    assert (figures["present"], figures["quorum_needed"], figures["quorum_met"]) == (3, 5,
                                                                                     False)


def test_dialogue_concerns_days_to_answer_and_overdue(demo_workspace):
    ws = demo_workspace
    names = _names(ws)
    raised = date.today() - timedelta(days=20)
    record_id, _ = save_record(ws, "dialogue", {
        "held_on": raised.isoformat(), "title": "Đối thoại quý", "participant_count": 7,
        "concerns": [
            {"content": "Câu hỏi A", "raised_by": names[1], "answer": "Đã trả lời tại chỗ",
             "answered_on": raised.isoformat()},  # the same day: 0 days
            {"content": "Câu hỏi B", "anonymous": True, "answer": "Đã trả lời",
             "answered_on": (raised + timedelta(days=6)).isoformat()},
            {"content": "Câu hỏi C", "answer_due": (raised + timedelta(days=10)).isoformat()},
            {"content": "Câu hỏi D", "answer_due": (date.today() + timedelta(days=5))
             .isoformat()},
        ]})
    figures = get_record(ws, "dialogue", record_id)["figures"]
    assert figures["days_to_answer"] == [0, 6, None, None]
    assert (figures["answered"], figures["overdue"], figures["open"]) == (2, 1, 1)
    assert figures["average_days_to_answer"] == 3.0
    assert concern_state({"answered_on": raised.isoformat()}, raised) == ("answered", 0)
    assert any(e.kind == "concern" and e.overdue and e.text == "Câu hỏi C" for e in due(ws))
    before = _tables(ws)
    for bad, field in (
        ({"answer": "x", "answered_on": (raised - timedelta(days=1)).isoformat()},
         "concerns[1].answered_on"),
        ({"anonymous": True, "raised_by": names[0]}, "concerns[1].raised_by"),
        ({"answered_on": raised.isoformat()}, "concerns[1].answer"),
    ):
        with pytest.raises(ValidationError) as caught:
            save_record(ws, "dialogue", {"held_on": raised.isoformat(), "title": "Sai",
                                         "concerns": [{"content": "Nội dung", **bad}]})
        assert caught.value.field == field
    assert _tables(ws) == before


def test_inspection_conclusion_announcement_discipline_and_follow_up(demo_workspace):
    ws = demo_workspace
    data = {"year": 2026, "mode": "supervision", "kind": "signs_of_violation",
            "subject": "Đảng viên B", "concluded_on": "2026-08-01",
            "conclusion": "Có vi phạm", "announced_on": "2026-08-05", "violations": 1,
            "measures": [{"subject": "Đảng viên B", "measure": "warning"}],
            "recommendations": [{"text": "Kiểm điểm", "deadline": "2026-08-20",
                                 "status": "done", "done_on": "2026-08-18"},
                                {"text": "Báo cáo khắc phục", "deadline": "2026-09-01"}]}
    record_id, _ = save_record(ws, "inspection", data)
    figures = get_record(ws, "inspection", record_id)["figures"]
    assert figures["measures"]["warning"] == 1 and figures["recommendations_done"] == 1
    assert figures["recommendations_overdue"] == 1 and figures["announced"]
    assert get_record(ws, "inspection", record_id)["status"] == "concluded"
    for bad, field in (({"announced_on": "2026-07-01"}, "announced_on"),
                       ({"violations": 0}, "violations"),
                       ({"conclusion": ""}, "conclusion"),
                       ({"measures": [{"subject": "X", "measure": "fine"}]},
                        "measures[1].measure")):
        with pytest.raises(ValidationError) as caught:
            save_record(ws, "inspection", {**data, **bad})
        assert caught.value.field == field


def test_ideological_issue_copied_from_another_unit_or_year_is_flagged(demo_workspace):
    ws = demo_workspace
    from ctrdesk.core.organizations import list_organizations

    vu2 = next(o.id for o in list_organizations(ws) if o.name == "Chi bộ Vụ 2")
    save_record(ws, "ideological-issue", {
        "organization": vu2, "year": 2026, "title": "Ngại khó khi được điều động",
        "description": "Một số đảng viên ngại khó khi được điều động, luân chuyển công tác "
                       "về các đơn vị xa trung tâm, còn tâm lý so sánh."})
    # The same text, reordered with a small edit, from our unit: flagged with the score.
    _id, info = save_record(ws, "ideological-issue", {
        "year": 2026, "title": "Ngại khó khi được điều động",
        "description": "Còn tâm lý so sánh; một số đảng viên ngại khó khi được điều động, "
                       "luân chuyển công tác về các đơn vị xa trung tâm."})
    assert info["similar"][0]["organization"] == "Chi bộ Vụ 2"
    assert info["similar"][0]["score"] >= 0.85 and "%" in info["warnings"][0]
    figures = get_record(ws, "ideological-issue", _id)["figures"]
    assert figures["similarity"] >= 0.85 and "Chi bộ Vụ 2" in figures["similar_to"]
    # An issue of our own, different in substance, is not flagged.
    _id, info = save_record(ws, "ideological-issue", {
        "year": 2026, "title": "Chưa mạnh dạn góp ý trong sinh hoạt",
        "description": "Đảng viên trẻ còn e dè khi phát biểu phê bình cấp trên."})
    assert info == {}


def test_ratings_distribution_and_the_excellent_quota(demo_workspace):
    ws = demo_workspace
    names = _names(ws)
    assert rating_distribution(["excellent"] + ["good"] * 4)["quota_ok"] is True
    assert rating_distribution(["excellent"] * 2 + ["good"] * 3)["quota_ok"] is False
    before = _tables(ws)
    breaking = [{"year": 2026, "person": n, "level": "excellent" if i < 2 else "good"}
                for i, n in enumerate(names)]  # 2 excellent of 7: only 1 allowed
    with pytest.raises(ValidationError) as caught:
        save_many(ws, "rating", breaking)
    assert (caught.value.field == "level" and "Record" in caught.value.message) \
        or "Bản ghi" in caught.value.message
    assert _tables(ws) == before  # nothing of the list was stored
    fine = [{**r, "level": "excellent" if i == 0 else "good"} for i, r in enumerate(breaking)]
    save_many(ws, "rating", fine)
    rows = list_records(ws, "rating", year=2026)
    assert sorted(r["level"] for r in rows if r["subject_kind"] == "member") == \
        ["excellent"] + ["good"] * 6
    with pytest.raises(ValidationError) as caught:
        save_record(ws, "rating", {"year": 2026, "person": names[0], "level": "good"})
    assert caught.value.field == "subject"  # already rated
    with pytest.raises(ValidationError) as caught:
        save_record(ws, "rating", {"year": 2026, "period": "Q2", "person": names[1],
                                   "level": "good"})
    assert caught.value.field == "period"  # members are rated yearly


def test_planned_sessions_from_the_work_program_and_readings_from_records(demo_workspace):
    ws = demo_workspace
    # The demo branch keeps its own monthly meetings, not the standing committee's…
    assert not [r for r in list_records(ws, "session", with_figures=False)
                if r["kind"] == "standing"]
    regular = [r for r in list_records(ws, "session", with_figures=False)
               if r["kind"] == "regular"]
    assert len(regular) == 12 and all("thường kỳ tháng" in r["title"] for r in regular)
    # …which planning from the parent's work program adds, once.
    assert len(plan_sessions_from_program(ws, 2)) == 12
    assert plan_sessions_from_program(ws, 2) == []
    sessions = [r for r in list_records(ws, "session", with_figures=False)
                if r["kind"] == "standing"]
    assert len(sessions) == 12
    december = next(r for r in sessions if r["title"].endswith("12/2026"))
    record = get_record(ws, "session", december["id"])
    assert record["status"] == "planned" and record["planned_start"] == "2026-12-01"
    assert [a["number"] for a in record["agenda"]] == ["1", "2", "3"]
    assert [s["number"] for s in record["agenda"][1]["children"]] == ["1", "2"]
    readings = readings_from_records(ws, 3, 2025)
    rated = next(r for r in readings if "99%" in r.target_text or "hoàn thành tốt" in
                 r.target_text)
    assert (rated.numerator, rated.denominator) == (7, 7)
    study = readings_from_records(ws, 3, 2026)
    assert any(r.source.startswith(("attendance", "tham dự", "dự")) or "“" in r.source
               for r in study)


def test_record_commands(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    people = json.loads(run_ctrdesk("--db", db, "--demo", "org", "list", "--json").stdout)
    assert people
    record = tmp_path / "dialogue.json"
    record.write_text(json.dumps({"held_on": "2026-10-01", "title": "Đối thoại tháng 10",
                                  "concerns": [{"content": "Kiến nghị X"}]},
                                 ensure_ascii=False), encoding="utf-8")
    added = run_ctrdesk("--db", db, "record", "add", "dialogue", "--from-json", str(record),
                        "--json")
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_ctrdesk("--db", db, "record", "list", "dialogue", "--json").stdout)
    assert any(r["title"] == "Đối thoại tháng 10" for r in listed)
    exported = run_ctrdesk("--db", db, "record", "export", "rating")
    assert exported.stdout.splitlines()[0].startswith("id,uuid,organization,year")
    assert len(exported.stdout.splitlines()) >= 9
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"held_on": "2026-10-01", "title": "X", "concerns": [
        {"content": "Y", "answer": "Z", "answered_on": "2026-09-01"}]}), encoding="utf-8")
    refused = run_ctrdesk("--db", db, "record", "add", "dialogue", "--from-json", str(bad))
    assert refused.returncode == 2 and "Ngày trả lời" in refused.stderr
    assert "dòng 1" in refused.stderr and "answered_on" not in refused.stderr
    assert "Traceback" not in refused.stderr
    calendar = json.loads(run_ctrdesk("--db", db, "calendar", "--json").stdout)
    assert calendar and calendar[0]["overdue"]
    assert export_records  # the same function the command calls


@pytest.mark.parametrize("search", [None, "chi bộ", "đồng chí"])
def test_a_list_without_figures_shows_the_same_records_as_with_them(demo_workspace, search):
    """Without figures a list reads only the columns it shows; it lists the same records
    with the same values, people by name, page by page."""
    from ctrdesk.core.records.service import kinds

    ws = demo_workspace
    for kind in kinds():
        full = list_records(ws, kind, search=search)
        assert full or search, kind  # the demo has records of every kind
        plain = [{k: v for k, v in row.items() if k != "figures"} for row in full]
        assert list_records(ws, kind, search=search, with_figures=False) == plain
        assert list_records(ws, kind, search=search, with_figures=False, limit=2,
                            offset=1) == plain[1:3]
