"""Opening, migrating and protecting a workspace file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import sha256_of
from ctrdesk.core.errors import (
    NotAWorkspaceError,
    WorkspaceLockedError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
)
from ctrdesk.core.organizations import add_organization, list_organizations
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.migrations import LATEST_VERSION, MIGRATIONS
from ctrdesk.core.store.models import ALL_MODELS, Organization
from ctrdesk.core.store.workspace import WriteOutsideServiceError


def _make_old_workspace(path: Path, version: int) -> None:
    """A workspace as an older ctrdesk left it: only the first ``version`` migrations."""
    conn = sqlite3.connect(path)
    with conn:
        for number in range(1, version + 1):
            MIGRATIONS[number - 1](conn.execute)
            conn.execute(
                "INSERT INTO schema_version VALUES (?, '2026-01-01 00:00:00', '0.0.1')", (number,)
            )
        conn.execute(
            "INSERT INTO organization (uuid, created_at, updated_at, parent_id, kind, name, "
            "abbreviation) VALUES ('u-1', '2026-01-01', '2026-01-01', NULL, 'branch', "
            "'Chi bộ Vụ 14', 'CB')"
        )
    conn.close()


def test_a_new_workspace_has_the_latest_schema_and_safe_pragmas(tmp_path):
    ws = open_workspace(tmp_path / "new.sqlite")
    try:
        assert ws.schema_version == LATEST_VERSION
        pragma = lambda name: ws.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 1000
        assert ws.migrated_from == 0
        assert ws.backup_path is None
    finally:
        ws.close()


def test_an_empty_file_becomes_a_workspace(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with open_workspace(path) as ws:
        assert ws.schema_version == LATEST_VERSION


def test_the_schema_built_by_migrations_is_the_schema_of_the_models(workspace):
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {
            row[1]: (row[2].upper(), bool(row[3]))
            for row in workspace.db.execute_sql(f'PRAGMA table_info("{table}")')
        }
        expected = {
            field.column_name: (field.field_type.upper().replace("AUTO", "INTEGER"),
                                not field.null)
            for field in model._meta.sorted_fields
        }
        expected_types = {name: kind for name, (kind, _) in expected.items()}
        actual_types = {name: kind.split("(")[0] for name, (kind, _) in columns.items()}
        type_names = {"VARCHAR": "VARCHAR", "TEXT": "TEXT", "INTEGER": "INTEGER",
                      "DATETIME": "DATETIME", "DATE": "DATE", "REAL": "REAL", "FLOAT": "REAL",
                      "INT": "INTEGER", "BOOL": "INTEGER", "BLOB": "BLOB"}
        assert {n: type_names[t] for n, t in actual_types.items()} == {
            n: type_names[t] for n, t in expected_types.items()
        }, table
        assert {n: nn for n, (_, nn) in columns.items() if n != "id"} == {
            n: nn for n, (_, nn) in expected.items() if n != "id"
        }, table


def test_every_record_gets_a_distinct_stable_uuid(workspace):
    first = add_organization(workspace, "Chi bộ Vụ 1", "branch")
    second = add_organization(workspace, "Chi bộ Vụ 2", "branch")
    orgs = {o.id: o.uuid for o in list_organizations(workspace)}
    assert len(set(orgs.values())) == 2
    assert all(len(u) == 36 for u in orgs.values())
    assert {o.id: o.uuid for o in list_organizations(workspace)} == orgs
    assert first != second


def test_rows_made_later_get_uuids_that_sort_later(workspace):
    """Time-ordered UUIDs keep a batch's rows together in the UUID indexes."""
    import time
    import uuid

    from ctrdesk.core.store.models import new_uuid

    earlier = [new_uuid() for _ in range(2000)]
    time.sleep(0.002)
    later = new_uuid()
    assert len(set(earlier)) == 2000
    assert all(uuid.UUID(u).version == 7 and uuid.UUID(u).variant == uuid.RFC_4122
               for u in [*earlier, later])
    assert later > max(earlier)
    add_organization(workspace, "Chi bộ Vụ 1", "branch")
    time.sleep(0.002)
    add_organization(workspace, "Chi bộ Vụ 2", "branch")
    first, second = (o.uuid for o in sorted(list_organizations(workspace),
                                            key=lambda o: o.id))
    assert uuid.UUID(first).version == 7
    assert first < second


def test_nulls_and_booleans_are_bound_without_the_adaptation_protocol(workspace):
    """None and bool are in the driver's table of adapters (a batch import binds tens of
    thousands of NULLs): they are stored as NULL and 0/1, as the driver stores them."""
    from ctrdesk.core.store.models import Setting

    protocol = sqlite3.PrepareProtocol
    assert (type(None), protocol) in sqlite3.adapters and (bool, protocol) in sqlite3.adapters
    with workspace.writing("setting"):
        Setting.insert(key="k", value="v").execute()
        workspace.db.execute_sql('UPDATE "setting" SET "value" = ? WHERE "key" = ?',
                                 (True, "k"))
    row = workspace.db.execute_sql('SELECT "value", typeof("value"), ? IS NULL, ? + 0 '
                                   'FROM "setting" WHERE "key" = ?', (None, False, "k"))
    assert row.fetchone() == ("1", "text", 1, 0)


def test_a_workspace_of_the_previous_version_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    _make_old_workspace(path, LATEST_VERSION - 1)
    before = sha256_of(path)
    with open_workspace(path) as ws:
        assert ws.migrated_from == LATEST_VERSION - 1
        assert ws.schema_version == LATEST_VERSION
        [org] = list_organizations(ws)
        assert org.name == "Chi bộ Vụ 14" and org.uuid == "u-1"
        backup = ws.backup_path
    assert backup is not None and backup.exists()
    assert sha256_of(backup) == before or _schema_of(backup) == LATEST_VERSION - 1
    assert _schema_of(backup) == LATEST_VERSION - 1
    with open_workspace(path) as again:
        assert again.migrated_from is None


def _schema_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    finally:
        conn.close()


# --- files that must be refused and left byte-identical ---------------------------

def _refused(path: Path, error: type[Exception], words: str) -> None:
    before = sha256_of(path)
    with pytest.raises(error) as caught:
        open_workspace(path)
    assert words in str(caught.value)
    assert str(path.name) in str(caught.value)
    assert sha256_of(path) == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Biên bản họp chi bộ tháng 1\n" * 50, encoding="utf-8")
    _refused(path, NotAWorkspaceError, "không phải")


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    _refused(path, NotAWorkspaceError, "không phải")


def test_another_applications_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    _refused(path, NotAWorkspaceError, "không phải")


def test_a_read_only_workspace_is_refused_untouched(tmp_path):
    path = tmp_path / "ro.sqlite"
    open_workspace(path).close()
    path.chmod(0o444)
    try:
        _refused(path, WorkspaceReadOnlyError, "chỉ đọc")
    finally:
        path.chmod(0o644)


def test_a_workspace_from_a_newer_ctrdesk_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    open_workspace(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00', '9.0')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _refused(path, WorkspaceTooNewError, "99")


def test_a_workspace_open_in_another_process_is_refused_untouched(tmp_path):
    path = tmp_path / "busy.sqlite"
    open_workspace(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from ctrdesk.core.store import open_workspace
            ws = open_workspace({str(path)!r})
            print("open", flush=True)
            sys.stdin.readline()
            ws.close()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        _refused(path, WorkspaceLockedError, "đang được mở")
    finally:
        holder.communicate("\n", timeout=30)
    open_workspace(path).close()  # free again once the other process closed it


# --- the one write path ------------------------------------------------------------

def test_writes_outside_the_service_write_path_are_refused(workspace):
    with workspace.reading(), pytest.raises(WriteOutsideServiceError):
        Organization.create(kind="branch", name="Chi bộ Vụ 9")
    assert list_organizations(workspace) == []


def test_a_failed_action_writes_nothing(workspace):
    with pytest.raises(RuntimeError), workspace.writing("two steps"):
        add_organization(workspace, "Chi bộ Vụ 1", "branch")
        raise RuntimeError("second step failed")
    assert list_organizations(workspace) == []


def test_listeners_hear_of_each_committed_action_once(workspace):
    heard: list = []
    workspace.subscribe(heard.append)
    with workspace.writing("outer"):
        add_organization(workspace, "Chi bộ Vụ 1", "branch")
        add_organization(workspace, "Chi bộ Vụ 2", "branch")
    assert [changes.action for changes in heard] == ["outer"]


def test_every_model_has_its_own_copy_of_the_inherited_fields():
    """The key, the UUID and the two times every table has are copied into each model
    (cheaply, at start): each belongs to its model, with BaseModel's settings."""
    from ctrdesk.core.store.models import ALL_MODELS, BaseModel

    inherited = ("id", "uuid", "created_at", "updated_at")
    for model in ALL_MODELS:
        if not issubclass(model, BaseModel):
            continue
        for name in inherited:
            field, base = model._meta.fields[name], BaseModel._meta.fields[name]
            assert field is not base and field.model is model and field.name == name
            assert {k: v for k, v in vars(field).items() if k != "model"} == \
                {k: v for k, v in vars(base).items() if k != "model"}
        assert model._meta.primary_key is model._meta.fields["id"]
