"""A secretary derives Chi bộ Vụ 14's program in the window, makes it concrete, records work."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox

from conftest import settle, shown_window
from ctrdesk.core.organizations import list_people
from ctrdesk.core.programs.execution import attainment, check_program, progress_notes
from ctrdesk.core.programs.service import list_programs
from ctrdesk.ui.models.unit_program import COLUMN
from ctrdesk.ui.pages.unit_program import UnitProgramEditor


def _vu14_program_in_the_editor(qtbot, ws, qsettings):
    """Chi bộ Vụ 14's program derived from the demo's parent program, open in its tab."""
    from ctrdesk.core.organizations import list_organizations
    from ctrdesk.core.programs.derive import create_unit_program

    vu14 = next(o.id for o in list_organizations(ws) if o.name == "Chi bộ Vụ 14")
    program_id = create_unit_program(ws, 1, vu14, again=True)  # beside the demo's own
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(2)
    window.programs_page.reload(ws)
    return window, program_id, window.programs_page.open_program(program_id)


def _edit_with_delegate(qtbot, view, index, set_value) -> None:
    """Open the cell's real editor, change it, and commit it as pressing Enter does."""
    view.setCurrentIndex(index)
    view.edit(index)
    editors = [w for kind in (QComboBox, QLineEdit, QDateEdit, QSpinBox)
               for w in view.viewport().findChildren(kind)
               if w.isVisible() and not isinstance(w.parent(), (QComboBox, QDateEdit, QSpinBox))]
    assert editors, "no cell editor opened"
    editor = editors[-1]
    set_value(editor)
    delegate = view.itemDelegateForIndex(index)
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor)
    settle(qtbot, view)


def test_derive_change_a_role_make_concrete_undo_and_record(qtbot, demo_workspace, qsettings):
    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(2)  # Programs
    page = window.programs_page
    view = page.open_program(1)  # the action program
    assert view.unit_combo.currentText() == "Chi bộ Vụ 14"  # the workspace's own unit
    dialog = view.derive()
    qtbot.waitExposed(dialog)
    model = dialog.model
    row7 = next(i for i, p in enumerate(model.proposals) if p.path == ["PHỤ LỤC 2", "7"])
    assert model.proposals[row7].role == "suggested"
    _edit_with_delegate(qtbot, dialog.table, model.index(row7, 3),
                        lambda combo: combo.setCurrentIndex(combo.findData("coordinating")))
    assert model.proposals[row7].role == "coordinating"
    before = len(list_programs(ws))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    # The demo derived Vụ 14's program already: asked whether to open it or make another.
    qtbot.waitUntil(lambda: view.property("confirmation") is not None, timeout=20000)
    box = view.property("confirmation")
    next(b for b in box.buttons() if b.text() == "Xây dựng chương trình mới").click()
    qtbot.waitUntil(lambda: len(list_programs(ws)) == before + 1, timeout=20000)
    settle(qtbot, window)
    editor = page.tabs.currentWidget()
    assert isinstance(editor, UnitProgramEditor)
    program_id = editor.program_id

    findings = check_program(ws, program_id)
    assert "05 rõ" in editor.check_label.text() and editor.findings.count() == len(findings)
    # Fill one item's 05-rõ fields through the real cell editors.
    first = findings[0].item_id
    source = editor.model.index_of_id(first)
    proxy_index = lambda column: editor.proxy.mapFromSource(  # noqa: E731
        editor.model.index(source.row(), column, source.parent()))
    secretary = next(p for p in list_people(ws) if p["full_name"] == "Trần Minh Đức")
    _edit_with_delegate(qtbot, editor.tree, proxy_index(COLUMN["responsible_person"]),
                        lambda c: c.setCurrentIndex(c.findData(secretary["id"])))
    _edit_with_delegate(qtbot, editor.tree, proxy_index(COLUMN["action"]),
                        lambda e: e.setText("Xây dựng kế hoạch chi tiết"))
    _edit_with_delegate(qtbot, editor.tree, proxy_index(COLUMN["recurrence"]),
                        lambda c: c.setCurrentIndex(c.findData("quarterly")))
    _edit_with_delegate(qtbot, editor.tree, proxy_index(COLUMN["resources"]),
                        lambda e: e.setText("Kinh phí chi bộ"))
    _edit_with_delegate(qtbot, editor.tree, proxy_index(COLUMN["accountable"]),
                        lambda e: e.setText("Bí thư chi bộ"))
    left = [f.field for f in check_program(ws, program_id) if f.item_id == first]
    assert left == [], left
    assert editor.model.row_of(source).responsible_person == "Trần Minh Đức"

    # The rest through the model the delegates write to.
    for finding in check_program(ws, program_id):
        if finding.field == "target":
            continue
        index = editor.model.index_of_id(finding.item_id)
        row = editor.model.row_of(index)
        value = {"responsible_person": secretary["id"], "action": "Triển khai",
                 "deadline": date(2026, 12, 31), "resources": "Nhân lực của Vụ",
                 "accountable": "Bí thư"}[finding.field]
        assert editor.edit_field(row.id, finding.field, value)
        settle(qtbot, editor)
    count_target = next(f for f in check_program(ws, program_id) if f.field == "target")
    from ctrdesk.core.programs.execution import set_target
    from ctrdesk.core.store.models import Target

    with ws.reading():
        target = Target.get(Target.item == count_target.item_id)
    set_target(ws, target.id, op="range", value=1, max_value=2)  # as the CLI does
    qtbot.waitUntil(lambda: editor.findings.count() == 0)  # the editor follows it
    assert check_program(ws, program_id) == []
    assert (editor.findings.count() == 0 and "complete" in editor.check_label.text().lower()) \
        or "đầy đủ" in editor.check_label.text().lower() or editor.findings.count() == 0

    # Undo the last change: one point is missing again; redo completes it.
    editor.undo_action.trigger()
    settle(qtbot, editor)
    assert len(check_program(ws, program_id)) == 1
    assert editor.findings.count() == 1
    editor.redo_action.trigger()
    settle(qtbot, editor)
    assert check_program(ws, program_id) == []

    # Record progress on the first item and a reading of the 99% target.
    editor.select(first)
    progress_dialog = editor.record_progress_dialog()
    progress_dialog.status_combo.setCurrentIndex(progress_dialog.status_combo.findData(
        "in_progress"))
    progress_dialog.progress_spin.setValue(50)
    progress_dialog.note_edit.setPlainText("Đã xây dựng dự thảo kế hoạch")
    progress_dialog.accept()
    settle(qtbot, editor)
    [note] = progress_notes(ws, first)
    assert (note["status"], note["progress"]) == ("in_progress", 50)
    assert editor.model.row_of(editor.model.index_of_id(first)).progress == 50
    editor.undo_action.trigger()
    settle(qtbot, editor)
    assert progress_notes(ws, first) == []
    editor.redo_action.trigger()
    settle(qtbot, editor)

    target_row = next(r for r in editor.model.all_rows() if r.target_text == "≥ 99%")
    editor.select(target_row.id)
    reading_dialog = editor.record_reading_dialog()
    reading_dialog.numerator.setValue(25)
    reading_dialog.denominator.setValue(25)
    reading_dialog.accept()
    settle(qtbot, editor)
    assert attainment(ws, target_row.target_id).attained is True


def test_filters_structure_edits_and_their_undo(qtbot, demo_workspace, qsettings):

    ws = demo_workspace
    _window_shown, _program_id, editor = _vu14_program_in_the_editor(qtbot, ws, qsettings)
    total = len(editor.model.all_rows())

    editor.role_filter.setCurrentIndex(editor.role_filter.findData("lead"))
    visible = []

    def walk(parent):
        for row in range(editor.proxy.rowCount(parent)):
            index = editor.proxy.index(row, 0, parent)
            visible.append(editor.model.row_of(editor.proxy.mapToSource(index)))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    assert visible and all(r.role == "lead" or any(c.role == "lead" for c in _all(r))
                           for r in visible)
    editor.role_filter.setCurrentIndex(0)
    editor.search.setText("Tố tụng hình sự")
    visible.clear()
    walk(QModelIndex())
    assert any("Tố tụng hình sự" in r.text for r in visible)
    editor.search.clear()

    first = editor.model.roots[0]
    editor.select(first.children[0].id)
    editor.add_after_current()
    settle(qtbot, editor)
    assert len(editor.model.all_rows()) == total + 1
    new_row = editor.current_row()
    assert new_row.text == "Nhiệm vụ mới" or new_row.text == "New task"
    editor.indent_current()
    settle(qtbot, editor)
    assert editor.model.parent_row(editor.current_row()).id == first.children[0].id
    editor.delete_current()
    settle(qtbot, editor)
    assert len(editor.model.all_rows()) == total
    editor.undo_action.trigger()  # the delete
    settle(qtbot, editor)
    assert len(editor.model.all_rows()) == total + 1
    editor.undo_action.trigger()  # the indent
    settle(qtbot, editor)
    restored = next(r for r in editor.model.all_rows() if r.id == new_row.id)
    assert editor.model.parent_row(restored).id == first.id
    editor.undo_action.trigger()  # the add
    settle(qtbot, editor)
    assert len(editor.model.all_rows()) == total


def _all(row):
    for child in row.children:
        yield child
        yield from _all(child)


def test_copy_from_parent_evidence_files_and_a_newer_parent_version(qtbot, demo_workspace,
                                                                    qsettings, tmp_path):
    from conftest import ACTION_PROGRAM
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.programs.service import store_program
    from ctrdesk.core.store.models import ProgramItem

    ws = demo_workspace
    window, program_id, editor = _vu14_program_in_the_editor(qtbot, ws, qsettings)
    total = len(editor.model.all_rows())

    # Copy task 4 (not concerned) from the parent program, then undo it.
    picker = editor.copy_from_parent_dialog()
    with ws.reading():
        task4 = ProgramItem.get((ProgramItem.program == 1) & (ProgramItem.number == "4")
                                & (ProgramItem.kind == "item"))
    picker.choose(task4.id)
    picker.accept()
    settle(qtbot, editor)
    copied = editor.current_row()
    assert copied.source_item_id == task4.id and len(editor.model.all_rows()) == total + 1
    editor.undo_action.trigger()
    settle(qtbot, editor)
    assert len(editor.model.all_rows()) == total

    # A progress note with an evidence file.
    evidence = tmp_path / "ke-hoach.docx"
    evidence.write_bytes(b"PK evidence")
    first = editor.model.roots[0].id
    editor.select(first)
    dialog = editor.record_progress_dialog()
    dialog.add_attachments([str(evidence)])
    dialog.note_edit.setPlainText("Kế hoạch đã ban hành")
    dialog.accept()
    settle(qtbot, editor)
    [note] = progress_notes(ws, first)
    assert note["attachments"][0]["filename"] == "ke-hoach.docx"

    # Import a newer version of the parent: the parent view offers to review the changes.
    revised = ACTION_PROGRAM.read_text(encoding="utf-8").replace(
        "***Hoàn thành trong năm 2027.***", "***Hoàn thành trong năm 2028.***")
    path = tmp_path / "ctr-v2.txt"
    path.write_text(revised, encoding="utf-8")
    source, parsed = parse_file(path)
    new_id = store_program(ws, parsed, source_filename=path.name, source_sha256=source.sha256)
    window.programs_page.reload(ws)
    view = window.programs_page.open_program(new_id)
    changes = view.review_changes(1, program_id)
    assert any(c.kind == "deadline" and c.affects for c in changes.changes)
    changes.accept()
    settle(qtbot, editor)
    with ws.reading():
        milestone = ProgramItem.get((ProgramItem.program == program_id)
                                    & (ProgramItem.time_text == "Hoàn thành trong năm 2028"))
    assert milestone.source_item.program_id == new_id


def test_a_typed_deadline_is_kept_and_an_impossible_one_refused(qtbot, demo_workspace,
                                                                qsettings):
    """The issue's bug: 31/12/2026 typed in the deadline cell was saved as 28/12 or 29/12
    (the editor kept the day of the date it started from when that month is shorter), and
    31/02/2026 silently became 28/02."""
    from ctrdesk.core.programs.execution import update_item_fields
    from ctrdesk.core.store.models import ProgramItem

    ws = demo_workspace
    window, program_id, editor = _vu14_program_in_the_editor(qtbot, ws, qsettings)
    errors: list[str] = []
    window.operations.show_error = errors.append  # the message the user would read
    with ws.reading():
        item = ProgramItem.get((ProgramItem.program == program_id)
                               & (ProgramItem.role == "lead"))
    update_item_fields(ws, item.id, deadline=date(2026, 2, 10))  # a short month to start from
    editor.reload()
    source = editor.model.index_of_id(item.id)
    cell = editor.proxy.mapFromSource(editor.model.index(source.row(), COLUMN["deadline"],
                                                         source.parent()))

    def type_text(text: str):
        def typing(widget) -> None:
            widget.setFocus()
            widget.selectAll()
            qtbot.keyClicks(widget, text)
        return typing

    def deadline() -> date:
        with ws.reading():
            return ProgramItem.get_by_id(item.id).deadline

    _edit_with_delegate(qtbot, editor.tree, cell, type_text("31/12/2026"))
    assert deadline() == date(2026, 12, 31)
    _edit_with_delegate(qtbot, editor.tree, cell, type_text("31/02/2026"))
    assert deadline() == date(2026, 12, 31)  # refused, not moved to 28/02
    assert errors and "31/02/2026" in errors[-1]
