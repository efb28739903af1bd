"""People and roles: the clerk drafts and records but cannot issue, sign, send upward or
change accounts; the viewer writes nothing; each refusal is one clear line and changes
nothing. The rules live in the core's write path, so every command obeys them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.security import roles
from pki import make_pki
from report_sections import SECTIONS
from security_support import dump

PASSWORDS = {"bithu": "bí thư 2026!", "phobithu": "phó bí thư 2026", "vanthu": "văn thư 2026",
             "uyvien": "chi ủy viên 2026", "thanhtra": "kiểm tra 2026"}
ROLE_OF = {"bithu": "secretary", "phobithu": "deputy", "vanthu": "clerk", "uyvien": "member",
           "thanhtra": "viewer"}
KEY_PASSWORD = "khóa ký 2026"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A unit's workspace with an issued report, its five accounts and a signing key."""
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.documents.register import create_draft, issue
    from ctrdesk.core.security.accounts import add_account
    from ctrdesk.core.store import open_workspace

    folder = tmp_path_factory.mktemp("office")
    db = folder / "unit.sqlite"
    with open_workspace(db) as ws:
        build_demo(ws)
        document = create_draft(ws, "report", period="2026-Q1", sections=SECTIONS)
        issue(ws, document, date(2026, 4, 6))
        for name, role in ROLE_OF.items():
            add_account(ws, name, role, PASSWORDS[name])
    p12 = make_pki(folder / "pki").pkcs12("Nguyễn Huy Tiến", KEY_PASSWORD.encode())
    return {"db": db, "document": document, "p12": p12, "folder": folder}


def _as(office, user: str, *args: str):
    env = {"CTR_PASSWORD": PASSWORDS[user], "KEY_PASSWORD": KEY_PASSWORD,
           "NEW_PASSWORD": "một mật khẩu mới"}
    return run_ctrdesk("--db", str(office["db"]), "--user", user, "--password-env",
                       "CTR_PASSWORD", *args, env=env)


def _refused(office, user: str, *args: str, made: Path | None = None) -> str:
    before = dump(office["db"])
    result = _as(office, user, *args)
    assert result.returncode == 6, (args, result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "không được phép" in result.stderr
    assert user in result.stderr
    assert dump(office["db"]) == before
    if made is not None:
        assert not made.exists()
    return result.stderr


def test_the_clerk_cannot_issue_sign_send_upward_or_change_accounts(office):
    out = office["folder"] / "clerk"
    key = ["--p12", str(office["p12"]), "--password-env", "KEY_PASSWORD"]
    message = _refused(office, "vanthu", "document", "issue", "report", "--period", "2026-Q2",
                       "--out", f"{out}-issued.pdf", made=Path(f"{out}-issued.pdf"))
    assert "ban hành" in message
    message = _refused(office, "vanthu", "sign", "--document", str(office["document"]),
                       "--out", f"{out}-signed.pdf", *key, made=Path(f"{out}-signed.pdf"))
    assert "ký" in message
    message = _refused(office, "vanthu", "submission", "export", "--period", "2026-Q1",
                       "--out", f"{out}.ctrsub", *key, made=Path(f"{out}.ctrsub"))
    assert "gửi" in message
    for args in (("users", "add", "ketoan", "--role", "viewer", "--new-password-env",
                  "NEW_PASSWORD"), ("users", "role", "vanthu", "secretary"),
                 ("users", "password", "bithu", "--new-password-env", "NEW_PASSWORD"),
                 ("users", "disable", "bithu")):
        assert "tài khoản" in _refused(office, "vanthu", *args)


def test_the_clerk_records_and_drafts(office, tmp_path):
    record = tmp_path / "dialogue.json"
    record.write_text(json.dumps({"held_on": "2026-05-05", "title": "Đối thoại tháng 5",
                                  "participant_count": 7}, ensure_ascii=False), encoding="utf-8")
    added = _as(office, "vanthu", "record", "add", "dialogue", "--from-json", str(record),
                "--json")
    assert added.returncode == 0, added.stderr
    added = _as(office, "vanthu", "org", "add", "Chi bộ Phòng 9")
    assert added.returncode == 0, added.stderr


def test_the_viewer_reads_but_writes_nothing(office, tmp_path):
    listed = _as(office, "thanhtra", "org", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)
    record = tmp_path / "dialogue.json"
    record.write_text(json.dumps({"held_on": "2026-05-06", "title": "Đối thoại",
                                  "participant_count": 5}, ensure_ascii=False),
                      encoding="utf-8")
    _refused(office, "thanhtra", "record", "add", "dialogue", "--from-json", str(record))
    _refused(office, "thanhtra", "org", "add", "Chi bộ Phòng 10")
    _refused(office, "thanhtra", "item", "update", "1", "--progress", "50")
    _refused(office, "thanhtra", "backup", "settings", "--keep", "3")
    assert _as(office, "thanhtra", "workspace", "may", "record.dialogue.save").stdout == "no\n"


def test_the_member_records_but_does_not_change_programs(office, tmp_path):
    record = tmp_path / "dialogue.json"
    record.write_text(json.dumps({"held_on": "2026-05-07", "title": "Đối thoại quý II",
                                  "participant_count": 6}, ensure_ascii=False), encoding="utf-8")
    assert _as(office, "uyvien", "record", "add", "dialogue", "--from-json",
               str(record)).returncode == 0
    _refused(office, "uyvien", "org", "add", "Chi bộ Phòng 11")


def test_the_secretary_may_do_what_the_clerk_may_not(office):
    out = office["folder"] / "secretary-signed.pdf"
    signed = _as(office, "bithu", "sign", "--document", str(office["document"]), "--out",
                 str(out), "--p12", str(office["p12"]), "--password-env", "KEY_PASSWORD",
                 "--allow-other-signer")  # the test key is not the secretary's own
    assert signed.returncode == 0, signed.stderr
    assert out.exists()
    added = _as(office, "bithu", "users", "add", "ketoan", "--role", "viewer",
                "--new-password-env", "NEW_PASSWORD", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["role"] == "viewer"


def test_signing_in_needs_the_right_name_and_password(office):
    result = run_ctrdesk("--db", str(office["db"]), "org", "list")
    assert result.returncode == 3 and "--user" in result.stderr
    result = run_ctrdesk("--db", str(office["db"]), "--user", "vanthu", "--password-env", "P",
                         "org", "list", env={"P": "sai mật khẩu"})
    assert result.returncode == 3 and "vanthu" in result.stderr
    result = run_ctrdesk("--db", str(office["db"]), "--user", "khong-co", "--password-env",
                         "P", "org", "list", env={"P": "x"})
    assert result.returncode == 3


def test_the_rules_the_window_asks_for():
    may = roles.may
    for action in ("document.issue", "sign", "document.keep_signed", "submission.export",
                   "account.add", "workspace.passphrase", "backup.restore"):
        assert may("secretary", action)
        assert not may("clerk", action) and not may("viewer", action)
        assert not may("member", action)
    assert may("deputy", "document.issue") and may("deputy", "backup.restore")
    assert not may("deputy", "account.add") and not may("deputy", "workspace.passphrase")
    for role in ("secretary", "deputy", "clerk", "member"):
        assert may(role, "record.session.save") and may(role, "document.draft")
    assert may("clerk", "program.import") and not may("member", "program.import")
    assert not any(may("viewer", a) for a in ("record.session.save", "document.draft",
                                              "setting", "a.new.command"))
    assert may(None, "account.add")  # a workspace without accounts: its one user decides


def test_the_last_secretary_cannot_be_demoted_or_disabled(tmp_path):
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.security.accounts import add_account, set_active, set_role, sign_in
    from ctrdesk.core.store import open_workspace

    with open_workspace(tmp_path / "unit.sqlite") as ws:
        with pytest.raises(ValidationError):
            add_account(ws, "vanthu", "clerk", PASSWORDS["vanthu"])  # the first is the secretary
        add_account(ws, "bithu", "secretary", PASSWORDS["bithu"])
        assert ws.user == "bithu"
        add_account(ws, "vanthu", "clerk", PASSWORDS["vanthu"])
        with pytest.raises(ValidationError):
            set_role(ws, "bithu", "deputy")
        with pytest.raises(ValidationError):
            set_active(ws, "bithu", False)
        sign_in(ws, "vanthu", lambda: PASSWORDS["vanthu"])
        assert (ws.user, ws.role) == ("vanthu", "clerk")
        from ctrdesk.core.security.roles import PermissionDeniedError

        with pytest.raises(PermissionDeniedError):
            set_role(ws, "vanthu", "secretary")


def test_a_workspace_with_several_accounts_is_read_only_until_someone_signs_in(tmp_path):
    from ctrdesk.core.organizations import add_organization
    from ctrdesk.core.security.accounts import add_account, sign_in
    from ctrdesk.core.security.roles import PermissionDeniedError
    from ctrdesk.core.store import open_workspace

    db = tmp_path / "unit.sqlite"
    with open_workspace(db) as ws:
        add_account(ws, "bithu", "secretary", PASSWORDS["bithu"])
    with open_workspace(db) as ws:  # one account: it is the user, without a password
        assert (ws.user, ws.role) == ("bithu", "secretary")
        add_account(ws, "vanthu", "clerk", PASSWORDS["vanthu"])
    with open_workspace(db) as ws:
        assert (ws.user, ws.role) == (None, "viewer")
        assert not ws.may("organization.add")
        with pytest.raises(PermissionDeniedError):
            add_organization(ws, "Chi bộ Vụ 14", "branch")
        sign_in(ws, "bithu", lambda: PASSWORDS["bithu"])
        add_organization(ws, "Chi bộ Vụ 14", "branch")
