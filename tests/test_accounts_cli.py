"""Accounts on the command line, as in Settings → Accounts: the secretary adds, changes a
role, disables and enables; every user changes their own password, giving the current
one first."""

from __future__ import annotations

import json

from conftest import run_ctrdesk
from ctrdesk.core.security.accounts import add_account
from ctrdesk.core.store import open_workspace


def _as(db, user: str, password: str, *args: str, **secrets: str):
    env = {"CTR_PASSWORD": password, **secrets}
    return run_ctrdesk("--db", str(db), "--user", user, "--password-env", "CTR_PASSWORD",
                       *args, env=env)


def test_accounts_are_managed_and_own_passwords_changed_from_the_command_line(tmp_path):
    db = tmp_path / "chibo.sqlite"
    with open_workspace(db) as ws:
        add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
    # `user` and `users` are the same group.
    added = run_ctrdesk("--db", str(db), "user", "add", "vanthu", "--role", "clerk",
                        "--full-name", "Lê Thị Hoa", "--new-password-env", "NEW",
                        "--json", env={"NEW": "mật khẩu văn thư"})
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["role"] == "clerk"
    secretary = ("bithu", "mật khẩu bí thư")
    assert _as(db, *secretary, "users", "role", "vanthu", "member").returncode == 0
    assert _as(db, *secretary, "users", "disable", "vanthu").returncode == 0
    listed = json.loads(_as(db, *secretary, "users", "list", "--json").stdout)
    assert [(a["name"], a["role"], a["active"]) for a in listed] == [
        ("bithu", "secretary", True), ("vanthu", "member", False)]
    assert _as(db, "vanthu", "mật khẩu văn thư", "users", "list").returncode == 3
    assert _as(db, *secretary, "users", "enable", "vanthu").returncode == 0

    # Her own password: a wrong current one changes nothing.
    wrong = _as(db, "vanthu", "mật khẩu văn thư", "user", "change-password",
                "--current-password-env", "CURRENT", "--new-password-env", "NEW",
                CURRENT="không phải", NEW="văn thư mới 2026")
    assert wrong.returncode == 3 and "Traceback" not in wrong.stderr
    assert "Sai mật khẩu" in wrong.stderr
    changed = _as(db, "vanthu", "mật khẩu văn thư", "user", "change-password",
                  "--current-password-env", "CURRENT", "--new-password-env", "NEW",
                  CURRENT="mật khẩu văn thư", NEW="văn thư mới 2026")
    assert changed.returncode == 0, changed.stderr
    assert _as(db, "vanthu", "mật khẩu văn thư", "users", "list").returncode == 3
    assert _as(db, "vanthu", "văn thư mới 2026", "users", "list").returncode == 0
    # The member may not manage accounts; the refusal names her and what.
    refused = _as(db, "vanthu", "văn thư mới 2026", "users", "role", "vanthu", "secretary")
    assert refused.returncode == 6 and "quản lý tài khoản" in refused.stderr
