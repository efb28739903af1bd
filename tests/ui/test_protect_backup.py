"""File → Back up / Restore and Workspace → Encrypt / Change passphrase in the window."""

from __future__ import annotations

from conftest import settle, sha256_of, shown_window
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.workspace import is_encrypted_file
from modal_support import Answers, new_passphrase
from security_support import PASSPHRASE, data_dump


def test_back_up_change_restore_after_confirming_what_was_checked(qtbot, qsettings, tmp_path):
    path = tmp_path / "chibo.sqlite"
    ws = open_workspace(path)
    ws.set_setting("note", "trước khi sao lưu")
    window = shown_window(qtbot, ws, qsettings)
    backup = tmp_path / "sao-luu.ctrbak"
    window.protection.back_up_to(backup)
    settle(qtbot, window)
    assert backup.exists()
    before = data_dump(path)
    ws.set_setting("note", "sau khi sao lưu")

    shown: list[str] = []

    def confirm(box) -> None:
        shown.append(box.text())
        box.buttons()[0].click()  # Restore

    answers = Answers().then("restoreBox", confirm)
    assert window.protection.restore_from(backup)
    assert answers.done
    assert "mã băm" in shown[0] and "toàn vẹn" in shown[0]
    assert window.ws is not ws and window.ws.get_setting("note") == "trước khi sao lưu"
    replaced = list(tmp_path.glob("chibo.replaced-*.sqlite"))
    assert len(replaced) == 1
    # The restore is the last entry of the restored workspace's own, whole trail.
    from ctrdesk.core.security.audit import entries, verify

    last = entries(window.ws)[-1]
    assert last.action == "backup.restore" and last.changes[0]["details"]["sha256"] \
        == sha256_of(backup)
    assert verify(window.ws).ok
    window.ws.close()
    assert {k: v for k, v in data_dump(path).items()} == before


def test_a_truncated_backup_is_refused_and_the_workspace_kept(qtbot, qsettings, tmp_path):
    path = tmp_path / "chibo.sqlite"
    ws = open_workspace(path)
    ws.set_setting("note", "giữ nguyên")
    window = shown_window(qtbot, ws, qsettings)
    backup = tmp_path / "sao-luu.ctrbak"
    window.protection.back_up_to(backup)
    settle(qtbot, window)
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    assert not window.protection.restore_from(backup)
    box = window.findChild(object, "errorBox")
    assert box is not None and "sao-luu.ctrbak" in box.text()
    assert window.ws is ws and ws.get_setting("note") == "giữ nguyên"
    ws.close()


def test_encrypt_then_change_the_passphrase_from_the_window(qtbot, qsettings, tmp_path):
    path = tmp_path / "chibo.sqlite"
    ws = open_workspace(path)
    ws.set_setting("note", "Đồng chí Trần Thị Bình")
    window = shown_window(qtbot, ws, qsettings)
    assert window.protection.encrypt_action.isEnabled()
    Answers().then("newPassphraseDialog", new_passphrase(PASSPHRASE))
    window.protection.encrypt_action.trigger()
    assert ws.encrypted and is_encrypted_file(path)
    assert b"Tr\xe1\xba\xa7n Th\xe1\xbb\x8b B\xc3\xacnh" not in path.read_bytes()
    assert ws.get_setting("note") == "Đồng chí Trần Thị Bình"  # the window goes on
    assert not window.protection.encrypt_action.isEnabled()
    assert window.protection.passphrase_action.isEnabled()

    Answers().then("newPassphraseDialog", new_passphrase("cụm mật khẩu mới 2026"))
    window.protection.passphrase_action.trigger()
    window.close()
    ws.close()
    again = open_workspace(path, passphrase="cụm mật khẩu mới 2026")
    assert again.get_setting("note") == "Đồng chí Trần Thị Bình"
    again.close()
