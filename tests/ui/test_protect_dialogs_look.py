"""The passphrase, sign-in and unlock dialogs read right on a 1366×768 screen: their
button says what it does, the sign-in names the workspace, and a refusal shown after a
wrong try leaves the explanation whole instead of squeezing it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from conftest import shown_window
from ctrdesk.ui.dialogs.passphrase import PassphraseDialog, SignInDialog
from security_support import clerk_signed_in


def _texts(dialog) -> set[str]:
    return {b.text() for b in dialog.findChildren(QPushButton)}


def _whole(label: QLabel) -> bool:
    return label.height() >= label.heightForWidth(label.width())


def test_the_passphrase_dialog_opens_the_workspace_and_is_wide_enough(qtbot):
    dialog = PassphraseDialog("chibo.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # "Open" as a verb, not the status "Chưa xong" that the same English word has.
    assert _texts(dialog) == {"Mở tệp dữ liệu", "Hủy"}
    assert 460 <= dialog.width() <= 1366 and dialog.height() < 768


def test_the_sign_in_dialog_says_which_workspace_asks(qtbot):
    dialog = SignInDialog(["bithu", "vanthu"], message="Sai mật khẩu của 'vanthu'.",
                          user="vanthu", file_name="chibo.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.intro.text().startswith("Tệp chibo.sqlite có nhiều tài khoản")
    assert dialog.user.currentText() == "vanthu"
    assert _whole(dialog.intro) and _whole(dialog.message)
    assert dialog.width() >= 460 and dialog.height() < 768


def test_a_wrong_password_at_the_lock_leaves_the_explanation_whole(qtbot, qsettings, tmp_path):
    ws = clerk_signed_in(tmp_path / "chibo.sqlite")
    window = shown_window(qtbot, ws, qsettings)
    window.protection.lock_now()
    dialog = window.protection.lock.dialog
    qtbot.waitExposed(dialog)
    assert _whole(dialog.intro)
    dialog.secret.setText("không phải")
    dialog.try_unlock()
    qtbot.wait(50)
    assert dialog.message.isVisible() and "vanthu" in dialog.message.text()
    assert _whole(dialog.intro) and _whole(dialog.message)
    assert dialog.width() >= 460 and dialog.height() < 768
    assert window.protection.lock.unlock("mật khẩu văn thư") == ""
    ws.close()
