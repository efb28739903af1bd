"""Backups: made whole, restored only when checked whole, the replaced workspace kept."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import run_ctrdesk, sha256_of
from ctrdesk.core.store import open_workspace
from security_support import PASSPHRASE, data_dump


def _workspace(tmp_path: Path, passphrase: str | None = None) -> Path:
    from ctrdesk.core.attachments import attach
    from ctrdesk.core.demo import build_demo

    db = tmp_path / "unit.sqlite"
    evidence = tmp_path / "bien-ban.txt"
    evidence.write_text("Biên bản kiểm tra đảng viên Nguyễn Thị Lan", encoding="utf-8")
    with open_workspace(db, passphrase=passphrase) as ws:
        build_demo(ws)
        attach(ws, "meeting", 1, evidence)
    return db


def _cli(db: Path, *args: str, passphrase: str | None = None):
    prefix = ["--db", str(db)] + (["--passphrase-env", "CTR_PASS"] if passphrase else [])
    return run_ctrdesk(*prefix, *args, env={"CTR_PASS": passphrase or ""})


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["clear", "encrypted"])
def test_backup_change_restore_gives_back_the_backed_up_workspace(tmp_path, passphrase):
    db = _workspace(tmp_path, passphrase)
    at_backup = data_dump(db, passphrase)
    out = tmp_path / "usb" / "sao-luu.ctrbak"
    made = _cli(db, "backup", "create", "--out", str(out), "--json", passphrase=passphrase)
    assert made.returncode == 0, made.stderr
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    if passphrase:  # encrypted like the workspace: no name readable in the backup
        assert "Nguyễn Thị Lan".encode() not in out.read_bytes()
    assert _cli(db, "org", "add", "Chi bộ mới sau sao lưu",
                passphrase=passphrase).returncode == 0
    changed = data_dump(db, passphrase)
    assert changed != at_backup
    # The stored file is gone too (say, deleted by mistake): the backup brings it back.
    for stored in (tmp_path / "unit.sqlite.files").rglob("*"):
        if stored.is_file():
            stored.unlink()
    restored = _cli(db, "backup", "restore", str(out), "--json", passphrase=passphrase)
    assert restored.returncode == 0, restored.stderr
    replaced = Path(json.loads(restored.stdout)["replaced"])
    assert data_dump(db, passphrase) == at_backup
    assert data_dump(replaced, passphrase) == changed  # kept aside
    with open_workspace(db, passphrase=passphrase) as ws:
        from ctrdesk.core.attachments import attachments_of, read_blob

        info = attachments_of(ws, "meeting", 1)[0]
        assert "Nguyễn Thị Lan" in read_blob(ws, info.sha256).decode()


def test_a_truncated_or_altered_backup_is_refused_and_the_workspace_kept(tmp_path):
    db = _workspace(tmp_path)
    out = tmp_path / "sao-luu.ctrbak"
    assert _cli(db, "backup", "create", "--out", str(out)).returncode == 0
    assert _cli(db, "org", "add", "Chi bộ giữ nguyên").returncode == 0
    before = sha256_of(db)
    whole = out.read_bytes()
    truncated = tmp_path / "cut.ctrbak"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])
    result = _cli(db, "backup", "restore", str(truncated))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "không khôi phục được" in result.stderr
    assert sha256_of(db) == before
    assert not list(tmp_path.glob("unit.replaced-*"))
    # A member changed inside an otherwise whole archive: its hash says so.
    import zipfile

    altered = tmp_path / "altered.ctrbak"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "workspace.sqlite":
                data = data.replace("Nguyễn Thị Lan".encode(), "Nguyễn Thị Lâm".encode())
            target.writestr(item, data)
    result = _cli(db, "backup", "restore", str(altered))
    assert result.returncode == 3 and "workspace.sqlite" in result.stderr
    assert sha256_of(db) == before
    assert _cli(db, "backup", "check", str(out)).returncode == 0


def test_a_changed_workspace_is_backed_up_on_close_daily_keeping_the_last_n(tmp_path):
    from ctrdesk.core.organizations import add_organization
    from ctrdesk.core.security.backup import configure, list_backups

    db = tmp_path / "unit.sqlite"
    usb = tmp_path / "usb"
    with open_workspace(db) as ws:
        configure(ws, str(usb), keep=3)
    assert len(list(usb.glob("*.ctrbak"))) == 1  # choosing the folder was a change
    for day in ("20260101", "20260102", "20260103"):  # older backups, oldest first
        old = usb / f"unit-{day}-080000.ctrbak"
        old.write_bytes(b"old")
    with open_workspace(db) as ws:  # opened and closed without a change: no backup
        pass
    assert len(list(usb.glob("*.ctrbak"))) == 4
    with open_workspace(db) as ws:
        add_organization(ws, "Chi bộ Vụ 14", "branch")
    assert len(list(usb.glob("*.ctrbak"))) == 4  # today's exists: daily at most
    for today in usb.glob(f"unit-{time.strftime('%Y%m%d')}-*.ctrbak"):
        today.unlink()  # as if today's were made yesterday: the next close makes one
    with open_workspace(db) as ws:
        add_organization(ws, "Chi bộ Vụ 15", "branch")
    backups = list_backups(usb, "unit")
    assert [b.path.name[:13] for b in backups] == ["unit-20260102", "unit-20260103",
                                                   f"unit-{time.strftime('%Y%m%d')}"]
    assert backups[-1].workspace == "unit.sqlite"  # the last 3 kept, the oldest gone
    listed = json.loads(run_ctrdesk("--db", str(db), "backup", "list", "--json").stdout)
    assert [Path(b["path"]).name for b in listed] == [b.path.name for b in backups]


def test_files_ctrdesk_creates_are_readable_by_their_owner_only(tmp_path):
    folder = tmp_path / "office"
    folder.mkdir()
    db = _workspace(folder)
    assert _cli(db, "backup", "create", "--out", str(folder / "b.ctrbak")).returncode == 0
    assert _cli(db, "audit", "export", "--out", str(folder / "nhat-ky.csv")).returncode == 0
    assert _cli(db, "--demo", "document", "render", "report", "--period", "2026-Q1", "--out",
                str(folder / "bc.pdf")).returncode == 0
    mine = {"bien-ban.txt"}  # written by the test itself
    checked = 0
    for path in folder.rglob("*"):
        if path.name in mine:
            continue
        mode = path.stat().st_mode & 0o777
        if path.is_dir():
            assert mode == 0o700, path
        else:
            assert mode == 0o600, path
            checked += 1
    assert checked >= 6
    # A workspace made by an older ctrdesk (world-readable) is tightened when opened.
    os.chmod(db, 0o644)
    open_workspace(db).close()
    assert db.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["clear", "encrypted"])
def test_a_restore_is_written_into_the_restored_workspaces_audit_trail(tmp_path, passphrase):
    """Who restored which backup file (its hash) and when: the last entry of the restored
    workspace's own chain, which `audit verify` still finds whole."""
    from ctrdesk.core.security.accounts import add_account

    db = _workspace(tmp_path, passphrase)
    with open_workspace(db, passphrase=passphrase) as ws:
        add_account(ws, "bithu", "secretary", "mật khẩu bí thư")
        add_account(ws, "phobithu", "deputy", "mật khẩu phó bí thư")
    env = {"CTR_PASS": passphrase or "", "CTR_PASSWORD": "mật khẩu phó bí thư"}
    prefix = ["--db", str(db), "--user", "phobithu", "--password-env", "CTR_PASSWORD",
              *(["--passphrase-env", "CTR_PASS"] if passphrase else [])]
    out = tmp_path / "usb" / "sao-luu.ctrbak"
    assert run_ctrdesk(*prefix, "backup", "create", "--out", str(out),
                       env=env).returncode == 0
    at_backup = json.loads(run_ctrdesk(*prefix, "audit", "list", "--json", env=env).stdout)
    assert run_ctrdesk(*prefix, "org", "add", "Chi bộ mới sau sao lưu",
                       env=env).returncode == 0
    before = time.time()
    restored = run_ctrdesk(*prefix, "backup", "restore", str(out), env=env)
    assert restored.returncode == 0, restored.stderr

    verified = run_ctrdesk(*prefix, "audit", "verify", "--json", env=env)
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["ok"]
    listed = run_ctrdesk(*prefix, "audit", "list", "--entity", "backup", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (entry,) = json.loads(listed.stdout)
    assert (entry["user"], entry["role"], entry["action"]) == ("phobithu", "deputy",
                                                               "backup.restore")
    from datetime import UTC, datetime

    at = datetime.strptime(entry["at"], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)
    assert at.timestamp() >= before - 1
    (change,) = entry["changes"]
    assert change["details"]["backup"] == "sao-luu.ctrbak"
    assert change["details"]["sha256"] == sha256_of(out)
    assert Path(change["details"]["path"]) == out
    # The restored chain is the backup's own, the restore appended to it.
    everything = json.loads(run_ctrdesk(*prefix, "audit", "list", "--json", env=env).stdout)
    assert everything[:-1] == at_backup and everything[-1] == entry
    assert not any(p.name.endswith((".restoring", ".restoring.lock")) for p in tmp_path.iterdir())
