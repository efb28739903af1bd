"""The window locks after the idle time and hides everything until the secret is typed;
the History of a record and of a program item, exported to CSV."""

from __future__ import annotations

import csv

from conftest import settle, shown_window
from ctrdesk.core.security.accounts import add_account
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.workspace import Tries
from ctrdesk.ui.main_window import PAGES
from security_support import PASSPHRASE, clerk_signed_in


def test_an_idle_window_locks_hides_everything_and_asks_the_passphrase(
        qtbot, qsettings, tmp_path):
    ws = open_workspace(tmp_path / "chibo.sqlite", passphrase=PASSPHRASE)
    window = shown_window(qtbot, ws, qsettings)
    assert window.protection.lock.minutes() == 10  # the default setting
    other = window.protection.show_history()  # a dialog left open is covered too
    lock = window.protection.lock
    lock.set_interval_ms(50)
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    covers = {c.parentWidget(): c for c in lock.covers}
    assert covers[window].isVisible() and covers[window].geometry() == window.rect()
    assert other in covers and covers[other].geometry() == other.rect()
    dialog = lock.dialog
    assert dialog is not None and "cụm mật khẩu" in dialog.intro.text()
    dialog.reject()  # Escape does not unlock
    assert lock.locked
    dialog.secret.setText("không phải")
    dialog.try_unlock()
    assert lock.locked and "Sai cụm mật khẩu" in dialog.message.text()
    assert Tries(ws.path, ".unlock-tries").count() == 1
    dialog.secret.setText(PASSPHRASE)
    dialog.try_unlock()
    assert not lock.locked and lock.covers == []
    qtbot.waitUntil(lambda: not covers[window].isVisible())
    ws.close()


def test_with_accounts_the_lock_asks_the_signed_in_users_password(qtbot, qsettings, tmp_path):
    ws = clerk_signed_in(tmp_path / "chibo.sqlite")
    window = shown_window(qtbot, ws, qsettings)
    window.protection.lock_action.trigger()
    lock = window.protection.lock
    assert lock.locked and "vanthu" in lock.dialog.intro.text()
    assert lock.unlock("mật khẩu bí thư")  # another account's password is no key
    assert lock.locked
    assert lock.unlock("mật khẩu văn thư") == ""
    assert not lock.locked and (ws.user, ws.role) == ("vanthu", "clerk")
    ws.close()


def test_a_records_history_shows_who_changed_it_and_exports_to_csv(
        qtbot, qsettings, tmp_path):
    from ctrdesk.core.records.service import list_records, save_record

    ws = open_workspace(tmp_path / "chibo.sqlite")
    add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    window = shown_window(qtbot, ws, qsettings)
    record_id, _warnings = save_record(ws, "session", {
        "kind": "regular", "title": "Sinh hoạt tháng 3", "status": "held",
        "held_on": "2026-03-05"})
    save_record(ws, "session", {"kind": "regular", "title": "Sinh hoạt chi bộ tháng 3",
                                "status": "held", "held_on": "2026-03-05"}, record_id)
    window.show_page(PAGES.index("records"))
    tab = window.records_page.by_kind["session"]
    tab.reload()
    assert [r["id"] for r in list_records(ws, "session")] == tab.ids
    tab.table.setCurrentCell(tab.ids.index(record_id), 0)
    tab.history_action.trigger()
    dialog = tab.table.history_dialog
    rows = dialog.rows()
    assert len(rows) == 2
    newest = rows[0]
    assert newest[1].startswith("bithu") and newest[2] == "Sổ ghi chép: lưu"
    assert "/2026" in newest[0] or "/20" in newest[0]
    out = tmp_path / "lich-su.csv"
    dialog.export_to(out)
    lines = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0][:5] == ["id", "at", "user", "role", "action"]
    assert [line[2] for line in lines[1:]] == ["bithu", "bithu"]
    assert (out.stat().st_mode & 0o777) == 0o600
    ws.close()


def test_a_program_items_history_is_in_the_editors_context_menu(qtbot, demo_workspace,
                                                                 qsettings):
    from ctrdesk.core.organizations import list_organizations
    from ctrdesk.core.programs.derive import create_unit_program

    vu14 = next(o.id for o in list_organizations(demo_workspace) if o.name == "Chi bộ Vụ 14")
    program_id = create_unit_program(demo_workspace, 1, vu14, again=True)
    window = shown_window(qtbot, demo_workspace, qsettings)
    window.show_page(PAGES.index("programs"))
    window.programs_page.reload(demo_workspace)
    editor = window.programs_page.open_program(program_id)
    settle(qtbot, window)
    index = editor.proxy.index(0, 0)
    editor.tree.setCurrentIndex(index)
    row = editor.current_row()
    assert row is not None
    editor.history_action.trigger()
    dialog = editor.tree.history_dialog
    assert dialog.entity == "program_item" and dialog.entity_id == row.id
    assert any(r[2] == "Chương trình: cụ thể hóa" for r in dialog.rows())
