"""A full disk while a document is issued: "not enough disk space", the draft stays a draft
with no number taken, and the file store holds no PDF nor temporary file from it.

The disk is real: a small tmpfs filled up to the last few kilobytes (mounting needs the
privilege to mount; the test is skipped with a message where it is missing)."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from ctrdesk.core.documents.register import create_draft, issue, list_documents
from ctrdesk.core.store.workspace import DiskFullError


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a small disk cannot be mounted here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _stored(ws) -> list[str]:
    folder = ws.attachments_dir
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) \
        if folder.exists() else []


def test_a_full_disk_while_issuing_leaves_the_draft_and_no_stray_file(small_disk):
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.store import open_workspace

    ws = open_workspace(small_disk / "demo.sqlite")
    try:
        build_demo(ws)
        draft = create_draft(ws, "minutes", record=1)
        before = _stored(ws)
        filler = small_disk / "filler"
        free = os.statvfs(small_disk)
        with open(filler, "wb") as handle:  # the disk full but for a few kilobytes
            handle.write(b"\0" * (free.f_bavail * free.f_frsize - 8 * 1024))
        with pytest.raises(DiskFullError) as refused:
            issue(ws, draft, date(2026, 4, 6))
        assert "dung lượng" in str(refused.value)
        assert _stored(ws) == before  # neither the PDF nor a temporary file
        row = next(d for d in list_documents(ws) if d["id"] == draft)
        assert row["status"] == "draft" and not row["number"]
        filler.unlink()
        assert issue(ws, draft, date(2026, 4, 6)) == "01-BB/CB"  # room again: issued
        assert len(_stored(ws)) > len(before)
    finally:
        ws.close()
