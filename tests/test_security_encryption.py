"""Encryption at rest: a lost laptop or USB stick gives nothing away without the
passphrase, and a wrong passphrase changes nothing."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_ctrdesk, sha256_of
from ctrdesk.core.errors import PassphraseRequiredError, WrongPassphraseError
from ctrdesk.core.store import open_workspace
from security_support import PASSPHRASE, data_dump

KNOWN_TEXTS = ("Nguyễn Thị Lan", "Nguyễn Huy Tiến", "Chi bộ Vụ 14",
               "Đảng viên có biểu hiện dao động về tư tưởng")
EVIDENCE = "Kết luận kiểm tra: đồng chí Nguyễn Thị Lan vi phạm quy định".encode()


def _fill(ws, tmp_path: Path) -> None:
    """The demo's members and units, and an evidence file attached to a record."""
    from ctrdesk.core.attachments import attach
    from ctrdesk.core.demo import build_demo

    build_demo(ws)
    evidence = tmp_path / "ket-luan.txt"
    evidence.write_bytes(EVIDENCE)
    attach(ws, "meeting", 1, evidence, note=KNOWN_TEXTS[3])


def _bytes_beside(path: Path) -> bytes:
    """Every byte ctrdesk keeps for the workspace: the file, its journal, stored files."""
    found = b""
    for item in sorted(path.parent.rglob("*")):
        if item.is_file() and item.relative_to(path.parent).parts[0].startswith(path.name):
            found += item.read_bytes()
    return found


def test_an_encrypted_workspace_gives_away_no_member_name_or_text(tmp_path):
    clear, secret = tmp_path / "clear" / "unit.sqlite", tmp_path / "secret" / "unit.sqlite"
    clear.parent.mkdir()
    secret.parent.mkdir()
    with open_workspace(clear) as ws:
        _fill(ws, tmp_path)
    with open_workspace(secret, passphrase=PASSPHRASE) as ws:
        assert ws.encrypted
        _fill(ws, tmp_path)
        from ctrdesk.core.attachments import attachments_of, read_blob, verify

        info = attachments_of(ws, "meeting", 1)[0]
        assert read_blob(ws, info.sha256) == EVIDENCE and verify(info, ws)
    # The same data in clear shows every text: the search below would find them.
    raw = _bytes_beside(clear)
    assert all(text.encode() in raw for text in KNOWN_TEXTS) and EVIDENCE in raw
    raw = _bytes_beside(secret)
    for text in (*KNOWN_TEXTS, "Nguyen Thi Lan"):
        assert text.encode() not in raw, text
    assert EVIDENCE not in raw and b"SQLite format 3" not in raw
    assert not secret.read_bytes().startswith(b"SQLite format 3")
    # It reopens with its passphrase.
    with open_workspace(secret, passphrase=PASSPHRASE) as ws:
        from ctrdesk.core.organizations import list_people

        assert "Nguyễn Thị Lan" in {p["full_name"] for p in list_people(ws)}


def test_without_or_with_a_wrong_passphrase_it_does_not_open_and_is_left_untouched(tmp_path):
    path = tmp_path / "unit.sqlite"
    with open_workspace(path, passphrase=PASSPHRASE) as ws:
        from ctrdesk.core.organizations import add_organization

        add_organization(ws, "Chi bộ Phòng 7", "branch")
    before = sha256_of(path)
    with pytest.raises(PassphraseRequiredError) as caught:
        open_workspace(path)
    assert "mã hóa" in caught.value.message and path.name in caught.value.message
    with pytest.raises(WrongPassphraseError) as caught:
        open_workspace(path, passphrase="không phải mật khẩu")
    assert "không mở được" in caught.value.message
    assert sha256_of(path) == before
    # Through the command line: one clear line, exit 3, nothing written.
    result = run_ctrdesk("--db", str(path), "--passphrase-env", "CTR_PASS", "org", "list",
                         env={"CTR_PASS": "sai rồi"})
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "không mở được" in result.stderr
    assert sha256_of(path) == before
    result = run_ctrdesk("--db", str(path), "--passphrase-env", "CTR_PASS", "org", "list",
                         "--json", env={"CTR_PASS": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert [o["name"] for o in json.loads(result.stdout)] == ["Chi bộ Phòng 7"]


def test_after_five_wrong_tries_each_further_try_waits(tmp_path, monkeypatch):
    path = tmp_path / "unit.sqlite"
    open_workspace(path, passphrase=PASSPHRASE).close()
    waits: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:  # still sleeps; notes how long it was asked to
        waits.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)

    def attempt(passphrase: str) -> float:
        start = time.monotonic()
        with contextlib.suppress(WrongPassphraseError):
            open_workspace(path, passphrase=passphrase).close()
        return time.monotonic() - start

    for n in range(5):
        attempt(f"đoán thử {n}")
    assert attempt("lần thứ sáu") >= 1.0  # the sixth waits a second, the seventh two
    assert attempt("lần thứ bảy") >= 2.0
    attempt(PASSPHRASE)  # the right one waits too, then the count starts again
    attempt("sai một lần")
    assert [w for w in waits if w] == [1.0, 2.0, 4.0]
    assert len(waits) == 9 and waits[-1] == 0


def test_a_new_workspace_on_the_command_line_is_encrypted_with_the_passphrase_env(tmp_path):
    path = tmp_path / "unit.sqlite"
    env = {"CTR_PASS": PASSPHRASE}
    result = run_ctrdesk("--db", str(path), "--passphrase-env", "CTR_PASS", "org", "add",
                         "Chi bộ Vụ 14", env=env)
    assert result.returncode == 0, result.stderr
    assert b"Chi b" not in path.read_bytes() and not path.read_bytes().startswith(b"SQLite")
    info = json.loads(run_ctrdesk("--db", str(path), "--passphrase-env", "CTR_PASS",
                                  "workspace", "info", "--json", env=env).stdout)
    assert info["encrypted"] is True
    # The throwaway demo workspace stays clear.
    demo = tmp_path / "demo.sqlite"
    result = run_ctrdesk("--db", str(demo), "--demo", "--passphrase-env", "CTR_PASS", "org",
                         "list", env=env)
    assert result.returncode == 0, result.stderr
    assert demo.read_bytes().startswith(b"SQLite format 3\x00")


def _clear_workspace_with_data(tmp_path: Path) -> Path:
    path = tmp_path / "unit.sqlite"
    with open_workspace(path) as ws:
        _fill(ws, tmp_path)
    return path


def test_converting_a_clear_workspace_keeps_every_row_backs_up_first_and_encrypts_files(
        tmp_path):
    path = _clear_workspace_with_data(tmp_path)
    before = data_dump(path)
    result = run_ctrdesk("--db", str(path), "workspace", "encrypt", "--new-passphrase-env",
                         "NEW_PASS", "--json", env={"NEW_PASS": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    backup = Path(report["backup"])
    assert report["files_encrypted"] == 1
    assert data_dump(backup) == before  # the clear copy made first
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert data_dump(path, PASSPHRASE) == before
    stored = [p for p in (tmp_path / "unit.sqlite.files").rglob("*") if p.is_file()]
    assert stored and all(EVIDENCE not in p.read_bytes() for p in stored)
    with open_workspace(path, passphrase=PASSPHRASE) as ws:
        from ctrdesk.core.attachments import attachments_of, read_blob

        assert read_blob(ws, attachments_of(ws, "meeting", 1)[0].sha256) == EVIDENCE


@pytest.mark.slow
def test_a_conversion_killed_at_any_moment_leaves_the_original_or_the_converted_whole(
        tmp_path):
    original = _clear_workspace_with_data(tmp_path)
    with open_workspace(original) as ws:  # make the conversion take a while
        from ctrdesk.core.store.models import Setting

        with ws.writing("setting"):
            Setting.insert_many([{"key": f"padding.{i}", "value": "x" * 400}
                                 for i in range(20000)]).execute()
    expected = data_dump(original)
    pristine = original.read_bytes()
    command = [sys.executable, "-m", "ctrdesk", "--db", str(original), "workspace", "encrypt",
               "--new-passphrase-env", "NEW_PASS"]
    env = {**os.environ, "NEW_PASS": PASSPHRASE}
    start = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    duration = time.monotonic() - start
    outcomes = set()
    for fraction in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        for leftover in tmp_path.glob("unit.*"):
            if leftover.is_file():
                leftover.unlink()
        original.write_bytes(pristine)
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        child.send_signal(signal.SIGKILL)
        child.wait()
        encrypted = not original.read_bytes().startswith(b"SQLite format 3")
        outcomes.add(encrypted)
        assert data_dump(original, PASSPHRASE if encrypted else None) == expected
        with open_workspace(original, passphrase=PASSPHRASE if encrypted else None) as ws:
            assert ws.schema_version > 0
    assert outcomes == {False, True}  # killed before the switch, and after it


def test_the_passphrase_can_be_changed(tmp_path):
    path = tmp_path / "unit.sqlite"
    with open_workspace(path, passphrase=PASSPHRASE) as ws:
        _fill(ws, tmp_path)
    before = data_dump(path, PASSPHRASE)
    env = {"OLD": PASSPHRASE, "NEW": "một mật khẩu mới dài hơn"}
    result = run_ctrdesk("--db", str(path), "--passphrase-env", "OLD", "workspace",
                         "passphrase", "--new-passphrase-env", "NEW", env=env)
    assert result.returncode == 0, result.stderr
    with pytest.raises(WrongPassphraseError):
        open_workspace(path, passphrase=PASSPHRASE)
    assert data_dump(path, env["NEW"]) == before
    with open_workspace(path, passphrase=env["NEW"]) as ws:
        from ctrdesk.core.attachments import attachments_of, read_blob

        assert read_blob(ws, attachments_of(ws, "meeting", 1)[0].sha256) == EVIDENCE
    # A passphrase too short is refused and nothing changes.
    digest = sha256_of(path)
    result = run_ctrdesk("--db", str(path), "--passphrase-env", "NEW", "workspace",
                         "passphrase", "--new-passphrase-env", "SHORT",
                         env={**env, "SHORT": "ngắn"})
    assert result.returncode == 2 and sha256_of(path) == digest
