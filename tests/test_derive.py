"""Deriving a unit's own program: roles from the parent's words, 05 rõ, progress, targets."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.organizations import list_organizations, list_people
from ctrdesk.core.programs.derive import create_unit_program, propose
from ctrdesk.core.programs.execution import (
    attainment,
    check_program,
    effective_status,
    progress_notes,
    record_progress,
    record_reading,
    set_target,
    update_item_fields,
)
from ctrdesk.core.programs.service import list_programs
from ctrdesk.core.store.models import ProgramItem, Target

ACTION, WORK = 1, 2  # the demo's two parent programs


def unit(ws, name: str) -> int:
    return next(o.id for o in list_organizations(ws) if o.name == name)


def roles(ws, program_id: int, unit_name: str) -> dict[tuple[str, ...], str]:
    return {tuple(p.path): p.role for p in propose(ws, program_id, unit(ws, unit_name))}


def test_chi_bo_vu_14_in_the_action_program(demo_workspace):
    proposal = propose(demo_workspace, ACTION, unit(demo_workspace, "Chi bộ Vụ 14"))
    by_path = {tuple(p.path): p for p in proposal}
    role = {path: p.role for path, p in by_path.items()}
    lead = sorted(p for p, r in role.items() if r == "lead" and len(p) == 2
                  and p[0] in ("III", "PHỤ LỤC 2"))
    assert lead == [("III", "2"), *[("PHỤ LỤC 2", str(n)) for n in (1, 2, 26, 3, 4, 5, 6)]]
    assert by_path[("III", "2")].evidence == "Chi ủy Vụ 14"
    assert by_path[("PHỤ LỤC 2", "26")].evidence == "Vụ 14"
    for task in ("3", "5", "6"):
        assert role[("III", task)] == "coordinating"
        assert by_path[("III", task)].evidence == "các đảng ủy, chi ủy trực thuộc"
    for sub in ("1.1", "1.2", "1.3", "1.4"):
        assert role[("III", "1", sub)] == "implementing"
        assert "chi ủy trực thuộc" in by_path[("III", "1", sub)].evidence
    assert role[("III", "4")] == "not_concerned"
    assert "Vụ 12" in by_path[("III", "4")].evidence
    # The bullets of a task inherit its role.
    assert role[("III", "2", "-5")] == "lead"
    assert role[("III", "4", "-1")] == "not_concerned"
    # Rows only "các đơn vị có liên quan" could include are suggested, with those words.
    assert role[("PHỤ LỤC 2", "7")] == "suggested"
    assert by_path[("PHỤ LỤC 2", "7")].evidence == "Các đơn vị có liên quan"
    assert role[("PHỤ LỤC 2", "16")] == "not_concerned"


def test_chi_bo_vu_4_and_chi_bo_cuc_2(demo_workspace):
    vu4 = roles(demo_workspace, ACTION, "Chi bộ Vụ 4")
    assert vu4[("III", "4")] == "implementing"
    assert vu4[("III", "2")] == "coordinating"  # through the group, never as Vụ 14
    assert not [p for p, r in vu4.items() if r == "lead"]
    cuc2 = roles(demo_workspace, ACTION, "Chi bộ Cục 2")
    lead = sorted(p for p, r in cuc2.items() if r == "lead" and len(p) == 2)
    assert lead == [("III", "5"), ("PHỤ LỤC 2", "7"), ("PHỤ LỤC 2", "8"), ("PHỤ LỤC 2", "9")]


def test_focus_tasks_of_the_work_program(demo_workspace):
    vu14 = roles(demo_workspace, WORK, "Chi bộ Vụ 14")
    assert vu14[("II", "2", "2.2")] == "implementing"  # "Các đảng ủy, chi ủy trực thuộc"
    assert vu14[("II", "2", "2.3")] == "implementing"  # named: "Các chi ủy: Vụ 14, …"
    assert vu14[("II", "2", "2.4")] == "not_concerned"  # Vụ 1–13, not 14
    vu13 = roles(demo_workspace, WORK, "Chi bộ Vụ 13")
    assert vu13[("II", "2", "2.4")] == "implementing"
    assert vu13[("II", "2", "2.3")] == "not_concerned"  # names Vụ 14, Vụ 15, not Vụ 13
    hanoi = roles(demo_workspace, WORK, "Đảng ủy VKSND thành phố Hà Nội")
    assert hanoi[("II", "2", "2.2")] == "implementing"  # "đảng ủy VKSND cấp tỉnh"
    assert hanoi[("II", "2", "2.3")] == "not_concerned"


def _derive_vu14(ws) -> int:
    # The demo already has Vụ 14's program: a fresh draft is "derive again".
    return create_unit_program(ws, ACTION, unit(ws, "Chi bộ Vụ 14"), again=True)


def test_the_draft_unit_program_links_back_to_the_parent_items(demo_workspace):
    program_id = _derive_vu14(demo_workspace)
    summary = next(p for p in list_programs(demo_workspace) if p.id == program_id)
    assert summary.kind == "unit_program" and summary.status == "draft"
    with demo_workspace.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        parent_items = {i.id: i for i in ProgramItem.select().where(
            ProgramItem.program == ACTION)}
        unit_targets = list(Target.select().where(Target.program == program_id))
    assert all(i.source_item_id in parent_items for i in items)
    numbers = {(parent_items[i.source_item_id].number, i.role) for i in items if i.number}
    assert ("2", "lead") in numbers and ("4", "not_concerned") not in numbers
    assert not any(parent_items[i.source_item_id].number == "4" and
                   parent_items[i.source_item_id].kind == "item" and
                   parent_items[i.source_item_id].parent_id is not None and
                   parent_items[parent_items[i.source_item_id].parent_id].number == "III"
                   for i in items)
    # Targets: percentages carry over, counts wait to be apportioned.
    admissions = [t for t in unit_targets if t.unit == "count"]
    assert len(admissions) == 1 and admissions[0].value == 0
    assert admissions[0].parent_target.max_value == 80
    assert any(t.unit == "percent" and t.value == 99 and t.op == ">=" for t in unit_targets)


def test_the_completeness_check_lists_what_05_ro_lacks_until_it_passes(demo_workspace):
    ws = demo_workspace
    program_id = _derive_vu14(ws)
    findings = check_program(ws, program_id)
    assert {f.field for f in findings} == {"responsible_person", "action", "deadline",
                                           "resources", "accountable", "target"}
    regular = [f for f in findings if (f.field == "deadline" and "check-in" in f.message)
               or "định kỳ" in f.message]
    assert regular, "a 'Thường xuyên' task asks for a check-in period"
    secretary = next(p["id"] for p in list_people(ws, unit(ws, "Chi bộ Vụ 14"))
                     if p["role"] == "secretary")
    for item_id in {f.item_id for f in findings if f.field != "target"}:
        update_item_fields(ws, item_id, responsible_person=secretary,
                           action="Tổ chức quán triệt, phân công cụ thể",
                           recurrence="quarterly", resources="Kinh phí chi bộ",
                           accountable="Bí thư chi bộ")
    with ws.reading():
        count_target = Target.get((Target.program == program_id) & (Target.unit == "count"))
    set_target(ws, count_target.id, op="range", value=1, max_value=2)
    assert check_program(ws, program_id) == []
    with pytest.raises(ValidationError) as caught:
        set_target(ws, count_target.id, op="range", value=3, max_value=2)
    assert caught.value.field == "max_value"


def test_a_person_of_another_unit_cannot_be_made_responsible(demo_workspace):
    ws = demo_workspace
    program_id = _derive_vu14(ws)
    outsider = next(p["id"] for p in list_people(ws) if p["organization"] != "Chi bộ Vụ 14")
    item = check_program(ws, program_id)[0].item_id
    with pytest.raises(ValidationError) as caught:
        update_item_fields(ws, item, responsible_person=outsider)
    assert caught.value.field == "responsible_person"


def test_progress_notes_evidence_overdue_and_readings(demo_workspace, tmp_path):
    ws = demo_workspace
    program_id = _derive_vu14(ws)
    item_id = next(f.item_id for f in check_program(ws, program_id) if f.field == "action")
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4 minutes of the session")
    record_progress(ws, item_id, status="in_progress", progress=40,
                    note="Đã tổ chức quán triệt", noted_on=date(2026, 3, 2),
                    attachments=[evidence])
    [note] = progress_notes(ws, item_id)
    assert (note["status"], note["progress"], note["noted_on"]) == ("in_progress", 40,
                                                                   "2026-03-02")
    assert note["attachments"][0]["filename"] == "bien-ban.pdf"
    assert len(note["attachments"][0]["sha256"]) == 64
    stored = ws.attachments_dir / note["attachments"][0]["sha256"][:2] / \
        note["attachments"][0]["sha256"]
    assert stored.read_bytes() == evidence.read_bytes()
    with pytest.raises(ValidationError):
        record_progress(ws, item_id, progress=140)
    assert progress_notes(ws, item_id) == [note]  # the refused note stored nothing

    yesterday = date.today() - timedelta(days=1)
    assert effective_status("in_progress", yesterday) == "overdue"
    assert effective_status("done", yesterday) == "done"
    assert effective_status("not_started", date.today()) == "not_started"

    with ws.reading():
        percent = Target.get((Target.program == program_id) & (Target.value == 99))
    record_reading(ws, percent.id, date(2026, 6, 30), numerator=24, denominator=25)
    result = attainment(ws, percent.id)
    assert result.reading == 96.0 and result.attained is False
    record_reading(ws, percent.id, date(2026, 9, 30), numerator=25, denominator=25)
    assert attainment(ws, percent.id).attained is True
    with pytest.raises(ValidationError):
        record_reading(ws, percent.id, date(2026, 9, 30), numerator=26, denominator=25)


def test_the_cli_derives_checks_and_records(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    out = run_ctrdesk("--db", db, "--demo", "program", "derive", "1", "--unit", "Vụ 14",
                      "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    by_path = {tuple(i["path"]): i for i in data["items"]}
    assert by_path[("III", "2")]["role"] == "lead"
    assert by_path[("PHỤ LỤC 2", "5")]["role"] == "lead"
    assert by_path[("III", "4")]["role"] == "not_concerned"
    assert {"path", "kind", "text", "role", "evidence"} <= set(data["items"][0])
    # The demo's Vụ 14 already has its program: deriving again is refused, naming it…
    row7 = by_path[("PHỤ LỤC 2", "7")]["item_id"]
    twice = run_ctrdesk("--db", db, "program", "derive", "1", "--unit", "Chi ủy Vụ 14",
                        "--create")
    assert twice.returncode == 2 and "Chi bộ Vụ 14" in twice.stderr
    # …unless asked for: change a role from the proposal, then create the draft.
    created = run_ctrdesk("--db", db, "program", "derive", "1", "--unit", "Chi ủy Vụ 14",
                          "--role", f"{row7}=coordinating", "--create", "--again", "--json")
    assert created.returncode == 0, created.stderr
    program_id = json.loads(created.stdout)["program_id"]
    check = run_ctrdesk("--db", db, "program", "check", str(program_id), "--json")
    assert check.returncode == 1
    findings = json.loads(check.stdout)["findings"]
    assert any(f["path"] == ["PHỤ LỤC 2", "7"] for f in findings)
    item = findings[0]["item_id"]
    update = run_ctrdesk("--db", db, "item", "update", str(item), "--status", "in_progress",
                         "--progress", "30", "--note", "Đang triển khai", "--json")
    assert update.returncode == 0, update.stderr
    assert json.loads(update.stdout)["notes"][0]["progress"] == 30
    # A deadline as users write it is kept; an impossible one is refused, not moved.
    kept = run_ctrdesk("--db", db, "item", "update", str(item), "--deadline", "31/12/2026",
                       "--json")
    assert kept.returncode == 0, kept.stderr
    refused = run_ctrdesk("--db", db, "item", "update", str(item), "--deadline", "31/02/2026")
    assert refused.returncode == 2 and "31/02/2026" in refused.stderr
    unknown = run_ctrdesk("--db", db, "program", "derive", "1", "--unit", "Vụ 99")
    assert unknown.returncode == 4 and "Vụ 99" in unknown.stderr


def test_a_newer_parent_version_shows_its_changes_and_the_unit_takes_them_in(demo_workspace,
                                                                             tmp_path):
    from conftest import ACTION_PROGRAM
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.programs.revisions import apply_changes, compare_versions, previous_version
    from ctrdesk.core.programs.service import store_program

    ws = demo_workspace
    program_id = _derive_vu14(ws)
    text = ACTION_PROGRAM.read_text(encoding="utf-8")
    revised = (text
               .replace("***Hoàn thành trong năm 2027.***", "***Hoàn thành trong năm 2028.***")
               .replace("Xây dựng dự án Bộ luật Tố tụng hình sự (sửa đổi)\tChi bộ Vụ 14\t"
                        "Các đơn vị có liên quan, Đảng ủy VKSND cấp tỉnh\tNăm 2026 - 2027",
                        "Xây dựng dự án Bộ luật Tố tụng hình sự (sửa đổi)\tChi bộ Vụ 14\t"
                        "Các đơn vị có liên quan, Đảng ủy VKSND cấp tỉnh\tNăm 2026 - 2028")
               .replace("31\tThực hiện Chương trình “Xây dựng Cơ quan điều tra",
                        "32\tTổng kết việc thực hiện Chương trình\tChi bộ Vụ 14\t"
                        "Các đơn vị có liên quan\tNăm 2030\n31\tThực hiện Chương trình “Xây "
                        "dựng Cơ quan điều tra")
               .replace("- Tích cực tham gia đóng góp ý kiến", "- Chủ động tham gia góp ý kiến"))
    path = tmp_path / "ctr-revised.txt"
    path.write_text(revised, encoding="utf-8")
    source, parsed = parse_file(path)
    new_id = store_program(ws, parsed, source_filename=path.name, source_sha256=source.sha256)
    assert previous_version(ws, new_id) == ACTION
    changes = compare_versions(ws, ACTION, new_id, program_id)
    kinds = {(c.kind, tuple(c.path)) for c in changes}
    assert ("deadline", ("PHỤ LỤC 2", "3")) in kinds
    assert ("added", ("PHỤ LỤC 2", "32")) in kinds
    assert ("reworded", ("III", "1", "1.1", "-3")) in kinds
    assert ("deadline", ("III", "2", "-5")) in kinds  # the 2027 milestone became 2028
    added = next(c for c in changes if c.kind == "added")
    assert added.concerns_unit  # led by Chi bộ Vụ 14
    row3 = next(c for c in changes if c.path == ["PHỤ LỤC 2", "3"])
    assert row3.affects, "the unit program holds that row"
    done = apply_changes(ws, program_id, new_id)
    assert done["added"] == 1 and done["deadline"] >= 2 and done["reworded"] >= 1
    with ws.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        new_items = {i.id for i in ProgramItem.select().where(ProgramItem.program == new_id)}
    assert all(i.source_item_id in new_items for i in items)
    assert any(i.time_text == "Năm 2026 - 2028" for i in items)
    assert compare_versions(ws, new_id, new_id) == []


def test_deriving_the_same_unit_twice_is_refused_with_the_program_to_open(demo_workspace):
    """The issue's bug: a second derivation made a second identical program and every
    calendar entry showed twice. Now the error names the existing program."""
    from ctrdesk.core.errors import AlreadyDerivedError
    from ctrdesk.core.store.models import Program

    ws = demo_workspace
    vu14 = unit(ws, "Chi bộ Vụ 14")
    with ws.reading():
        before = Program.select().count()
        existing = Program.get((Program.kind == "unit_program") & (Program.issuer == vu14)).id
    with pytest.raises(AlreadyDerivedError) as caught:
        create_unit_program(ws, ACTION, vu14)
    assert caught.value.program_id == existing and caught.value.unit_id == vu14
    assert "Chi bộ Vụ 14" in caught.value.message
    with ws.reading():
        assert Program.select().count() == before
    # Another unit, or another parent program, is not a repeat.
    create_unit_program(ws, ACTION, unit(ws, "Chi bộ Vụ 13"))
    create_unit_program(ws, WORK, vu14)
