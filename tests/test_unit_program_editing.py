"""Editing a unit program's structure: every change is one transaction and undoes exactly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.organizations import list_organizations
from ctrdesk.core.programs.derive import create_unit_program
from ctrdesk.core.programs.editing import (
    add_item,
    copy_from_parent,
    delete_item,
    load_rows,
    move_item,
    restore_item,
)
from ctrdesk.core.programs.execution import record_progress, record_reading, update_item_fields
from ctrdesk.core.store.models import ALL_MODELS, ProgramItem


def _program(ws) -> int:
    vu14 = next(o.id for o in list_organizations(ws) if o.name == "Chi bộ Vụ 14")
    return create_unit_program(ws, 1, vu14, again=True)  # beside the demo's own


def _dump(ws) -> dict[str, list[tuple]]:
    with ws.reading():
        return {m._meta.table_name: sorted(tuple(r) for r in m.select().tuples())
                for m in ALL_MODELS
                if m._meta.table_name not in ("schema_version", "setting", "audit_entry")}


def _walk(rows):
    for row in rows:
        yield row
        yield from _walk(row.children)


def test_rows_carry_the_parent_text_and_computed_overdue(demo_workspace):
    ws = demo_workspace
    program_id = _program(ws)
    rows = list(_walk(load_rows(ws, program_id)))
    task2 = next(r for r in rows if r.number == "2" and r.role == "lead")
    assert task2.source_text.startswith("Tiếp tục xây dựng, hoàn thiện đồng bộ thể chế")
    update_item_fields(ws, task2.id, deadline=date.today() - timedelta(days=3))
    task2 = next(r for r in _walk(load_rows(ws, program_id)) if r.id == task2.id)
    assert task2.status == "not_started" and task2.shown_status == "overdue"
    assert any(r.target_text == "≥ 99%" for r in rows)


def test_add_move_indent_and_copy_from_parent(demo_workspace):
    ws = demo_workspace
    program_id = _program(ws)
    roots = load_rows(ws, program_id)
    section = roots[0]
    new_id = add_item(ws, program_id, section.id, 0, text="Tổ chức sinh hoạt chuyên đề quý")
    assert load_rows(ws, program_id)[0].children[0].text == "Tổ chức sinh hoạt chuyên đề quý"
    first_child = section.children[0]
    before = move_item(ws, new_id, first_child.id, 0)  # indent under the next item
    assert before == (section.id, 0)
    moved = next(r for r in _walk(load_rows(ws, program_id)) if r.id == new_id)
    assert moved.parent_id == first_child.id
    move_item(ws, new_id, *before)
    assert load_rows(ws, program_id)[0].children[0].id == new_id
    with pytest.raises(ValidationError):
        move_item(ws, section.id, new_id, 0)  # not inside itself
    with ws.reading():
        task4 = ProgramItem.get((ProgramItem.program == 1) & (ProgramItem.number == "4")
                                & (ProgramItem.kind == "item"))
    copied = copy_from_parent(ws, program_id, task4.id)
    row = next(r for r in _walk(load_rows(ws, program_id)) if r.id == copied)
    assert row.source_item_id == task4.id and row.text.startswith("Thực hiện tốt chức năng")
    with pytest.raises(ValidationError):
        copy_from_parent(ws, program_id, copied)  # an item of the unit program itself


def test_delete_then_restore_gives_back_the_same_rows(demo_workspace, tmp_path):
    ws = demo_workspace
    program_id = _program(ws)
    roots = load_rows(ws, program_id)
    target_row = next(r for r in _walk(roots) if r.target_id)
    record_reading(ws, target_row.target_id, date(2026, 6, 30), numerator=9, denominator=10)
    evidence = tmp_path / "minutes.txt"
    evidence.write_text("biên bản", encoding="utf-8")
    record_progress(ws, roots[1].id, status="in_progress", progress=10, note="bắt đầu",
                    noted_on=date(2026, 5, 1), attachments=[evidence])
    before = _dump(ws)
    for branch in roots:  # every top branch, with targets, readings, notes, attachments
        snapshot = delete_item(ws, branch.id)
        assert _dump(ws) != before
        restore_item(ws, snapshot)
        assert _dump(ws) == before


def test_status_follows_progress_unless_the_user_says_otherwise(demo_workspace):
    """The issue's bug: progress 30 % left the status "Chưa thực hiện"."""
    ws = demo_workspace
    program_id = _program(ws)
    with ws.reading():
        item = ProgramItem.get((ProgramItem.program == program_id) & (ProgramItem.role == "lead"))

    def state() -> tuple[str, int]:
        with ws.reading():
            row = ProgramItem.get_by_id(item.id)
        return row.status, row.progress

    assert state() == ("not_started", 0)
    update_item_fields(ws, item.id, progress=30)
    assert state() == ("in_progress", 30)
    before = update_item_fields(ws, item.id, progress=100)
    assert state() == ("done", 100)
    update_item_fields(ws, item.id, status_follows_progress=False, **before)  # undo
    assert state() == ("in_progress", 30)
    update_item_fields(ws, item.id, progress=0)
    assert state() == ("not_started", 0)
    # The progress dialog sends the status it shows: unchanged, it follows the progress…
    record_progress(ws, item.id, status="not_started", progress=40, note="Đã họp triển khai")
    assert state() == ("in_progress", 40)
    # …changed by the user, it is their choice.
    record_progress(ws, item.id, status="done", progress=90, note="Xong phần việc của chi bộ")
    assert state() == ("done", 90)
    update_item_fields(ws, item.id, status="cancelled")
    update_item_fields(ws, item.id, progress=50)
    assert state() == ("cancelled", 50)
