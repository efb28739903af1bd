"""Undo tells the truth: only edits that happened are on the stack, and undo and redo put
back exactly the rows that were there."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from conftest import settle, shown_window
from ctrdesk.core.programs.execution import progress_notes


def _editor(qtbot, ws, qsettings):
    from ctrdesk.core.organizations import list_organizations
    from ctrdesk.core.programs.derive import create_unit_program

    vu14 = next(o.id for o in list_organizations(ws) if o.name == "Chi bộ Vụ 14")
    program_id = create_unit_program(ws, 1, vu14, again=True)  # beside the demo's own
    window = shown_window(qtbot, ws, qsettings, active=True)
    window.show_page(2)
    settle(qtbot, window)
    editor = window.programs_page.open_program(program_id)
    return window, editor


def _rows(ws, program_id: int) -> dict[str, list[tuple]]:
    """Every row the unit program owns, as stored (timestamps of the edit aside)."""
    queries = {
        "item": "SELECT * FROM program_item WHERE program_id = ? ORDER BY id",
        "unit": "SELECT u.* FROM item_unit u JOIN program_item i ON u.item_id = i.id "
                "WHERE i.program_id = ? ORDER BY u.id",
        "target": "SELECT * FROM target WHERE program_id = ? ORDER BY id",
        "reading": "SELECT r.* FROM target_reading r JOIN target t ON r.target_id = t.id "
                   "WHERE t.program_id = ? ORDER BY r.id",
        "note": "SELECT n.* FROM progress_note n JOIN program_item i ON n.item_id = i.id "
                "WHERE i.program_id = ? ORDER BY n.id",
        "attachment": "SELECT * FROM attachment ORDER BY id",
    }
    found: dict[str, list[tuple]] = {}
    with ws.reading():
        for name, sql in queries.items():
            cursor = ws.db.execute_sql(sql, () if "?" not in sql else (program_id,))
            columns = [c[0] for c in cursor.description]
            found[name] = [tuple(v for c, v in zip(columns, row, strict=True)
                                 if c != "updated_at") for row in cursor.fetchall()]
    return found


def _key(qtbot, editor, key: str) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier
    if key == "redo":
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    editor.window().activateWindow()
    qtbot.waitUntil(editor.window().isActiveWindow)
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, modifiers)
    settle(qtbot, editor)


def test_a_refused_edit_is_not_on_the_stack_and_ctrl_z_undoes_the_last_real_one(
        qtbot, demo_workspace, qsettings):
    ws = demo_workspace
    window, editor = _editor(qtbot, ws, qsettings)
    editor.tree.setFocus()
    row = next(r for r in editor.model.all_rows() if r.role)
    before = _rows(ws, editor.program_id)
    assert editor.edit_field(row.id, "action", "Xây dựng kế hoạch")
    settle(qtbot, editor)
    after_edit = _rows(ws, editor.program_id)
    assert after_edit != before and editor.undo_stack.count() == 1

    # Refused: a progress note dated tomorrow, readings out of range.
    editor.record_progress(row.id, "in_progress", 40, "Ghi sai ngày",
                           date.today() + timedelta(days=1))
    settle(qtbot, editor)
    box = window.findChild(object, "errorBox")
    assert box is not None and "tương lai" in box.text()
    box.close()
    target = next(r for r in editor.model.all_rows() if r.target_text.endswith("%"))

    class Values:  # what the reading dialog gives
        def __init__(self, numerator, denominator):
            self.numbers = (numerator, denominator)

        def values(self):
            return {"as_of": date.today(), "numerator": self.numbers[0],
                    "denominator": self.numbers[1], "count": None}

    for numerator, denominator in ((30, 25), (1, 0)):
        editor.record_reading(target.target_id, Values(numerator, denominator))
        settle(qtbot, editor)
    assert editor.undo_stack.count() == 1  # only the edit that happened
    assert _rows(ws, editor.program_id) == after_edit

    _key(qtbot, editor, "undo")  # Ctrl+Z: nothing raises, the real edit is undone
    assert _rows(ws, editor.program_id) == before
    assert editor.model.row_of(editor.model.index_of_id(row.id)).action == row.action
    _key(qtbot, editor, "undo")  # nothing left to undo: nothing happens
    assert editor.undo_stack.index() == 0 and _rows(ws, editor.program_id) == before
    _key(qtbot, editor, "redo")
    assert _rows(ws, editor.program_id) == after_edit


def test_undo_and_redo_of_each_editor_action_restore_the_exact_rows(
        qtbot, demo_workspace, qsettings, tmp_path):
    ws = demo_workspace
    _window, editor = _editor(qtbot, ws, qsettings)
    editor.tree.setFocus()
    first = editor.model.roots[0]
    leaf = first.children[0]
    target = next(r for r in editor.model.all_rows() if r.target_text.endswith("%"))
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")

    class Reading:
        def values(self):
            return {"as_of": date.today(), "numerator": 20, "denominator": 25, "count": None}

    from ctrdesk.core.store.models import ProgramItem

    with ws.reading():
        parent_task = ProgramItem.get((ProgramItem.program == 1) & (ProgramItem.number == "4")
                                      & (ProgramItem.kind == "item")).id

    actions = [
        ("edit a field", lambda: editor.edit_field(leaf.id, "deadline", date(2026, 12, 31))),
        ("edit the person", lambda: editor.edit_field(
            leaf.id, "responsible_person", next(iter(editor.people)))),
        ("add", lambda: (editor.select(leaf.id), editor.add_after_current())),
        ("add a sub-item", lambda: (editor.select(leaf.id), editor.add_child())),
        ("move down", lambda: (editor.select(leaf.id), editor.move_current(1))),
        ("indent", lambda: (editor.select(first.children[1].id), editor.indent_current())),
        ("outdent", lambda: (editor.select(leaf.id), editor.outdent_current())),
        ("delete", lambda: (editor.select(first.id), editor.delete_current())),
        ("copy from the parent", lambda: editor.copy_from_parent(parent_task)),
        ("record progress", lambda: editor.record_progress(
            leaf.id, "in_progress", 60, "Đã họp triển khai", date.today(), [str(evidence)])),
        ("record a reading", lambda: editor.record_reading(target.target_id, Reading())),
    ]
    for name, act in actions:
        before = _rows(ws, editor.program_id)
        act()
        settle(qtbot, editor)
        after = _rows(ws, editor.program_id)
        assert after != before, name
        _key(qtbot, editor, "undo")
        assert _rows(ws, editor.program_id) == before, f"undo of {name}"
        _key(qtbot, editor, "redo")
        assert _rows(ws, editor.program_id) == after, f"redo of {name}"
        _key(qtbot, editor, "undo")  # leave the program as it was for the next action
        assert _rows(ws, editor.program_id) == before, f"second undo of {name}"
    assert progress_notes(ws, leaf.id) == []
