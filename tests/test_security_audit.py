"""The audit trail: every write once, with who made it; an edit by hand is found."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.security import audit
from ctrdesk.core.security.accounts import add_account, sign_in
from ctrdesk.core.store import open_workspace

SECRETARY_PASSWORD, CLERK_PASSWORD = "bí thư 2026!", "văn thư 2026"


@pytest.fixture
def office(tmp_path):
    ws = open_workspace(tmp_path / "unit.sqlite")
    add_account(ws, "bithu", "secretary", SECRETARY_PASSWORD, "Nguyễn Huy Tiến")
    add_account(ws, "vanthu", "clerk", CLERK_PASSWORD, "Lê Thu Hà")
    yield ws
    ws.close()


def test_every_service_write_appears_once_with_the_user_who_made_it(office, tmp_path):
    from ctrdesk.core.attachments import attach
    from ctrdesk.core.organizations import add_organization, add_person
    from ctrdesk.core.records.service import save_record

    ws = office
    heard: list[str] = []
    ws.subscribe(lambda changes: heard.append(changes.action))
    start = len(audit.entries(ws))
    sign_in(ws, "vanthu", lambda: CLERK_PASSWORD)
    unit = add_organization(ws, "Chi bộ Vụ 14", "branch")
    person = add_person(ws, unit, "Trần Minh Đức", "member")
    sign_in(ws, "bithu", lambda: SECRETARY_PASSWORD)
    record_id, _info = save_record(ws, "dialogue", {
        "held_on": "2026-03-10", "title": "Đối thoại quý I", "participant_count": 7})
    evidence = tmp_path / "bien-ban.txt"
    evidence.write_text("Biên bản đối thoại", encoding="utf-8")
    attach(ws, "dialogue", record_id, evidence)
    with ws.writing("nested.outer"), ws.writing("nested.inner"):  # one write, one entry
        add_organization(ws, "Chi bộ Vụ 15", "branch")

    entries = audit.entries(ws)[start:]
    assert [e.action for e in entries] == heard == [
        "organization.add", "person.add", "record.dialogue.save", "attachment.add",
        "nested.outer"]
    assert [(e.user, e.role) for e in entries] == [("vanthu", "clerk")] * 2 + [
        ("bithu", "secretary")] * 3
    assert (entries[0].entity, entries[0].entity_id) == ("organization", unit)
    assert entries[0].changes[0]["after"]["name"] == "Chi bộ Vụ 14"
    assert (entries[1].entity, entries[1].entity_id) == ("person", person)
    assert (entries[2].entity, entries[2].entity_id) == ("dialogue", record_id)
    assert audit.verify(ws).ok


def test_a_refused_or_failed_write_leaves_no_entry(office):
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.organizations import add_organization

    count = len(audit.entries(office))
    with pytest.raises(ValidationError):
        add_organization(office, "Chi bộ X", "club")
    office.role = "viewer"
    with pytest.raises(Exception, match="không được phép"):
        add_organization(office, "Chi bộ Y", "branch")
    assert len(audit.entries(office)) == count


def test_an_update_records_before_and_after_and_no_password_is_kept(office):
    from ctrdesk.core.organizations import add_organization
    from ctrdesk.core.security.accounts import set_password
    from ctrdesk.core.store.models import Organization

    unit = add_organization(office, "Chi bộ Vu 14", "branch")
    with office.writing("organization.rename"):
        Organization.update(name="Chi bộ Vụ 14").where(Organization.id == unit).execute()
    last = audit.entries(office, "organization", unit)[-1]
    assert last.action == "organization.rename"
    assert last.changes[0]["changed"]["name"] == ["Chi bộ Vu 14", "Chi bộ Vụ 14"]
    set_password(office, "vanthu", "mật khẩu mới 2026")
    text = json.dumps([e.as_json() for e in audit.entries(office)], ensure_ascii=False)
    assert "argon2" not in text and "***" in text


def test_no_command_can_edit_the_trail(office):
    from peewee import IntegrityError

    with office.writing("try.edit"), pytest.raises(IntegrityError, match="append-only"):
        office.db.execute_sql("UPDATE audit_entry SET user = 'ai đó' WHERE id = 1")
    with office.writing("try.delete"), pytest.raises(IntegrityError, match="append-only"):
        office.db.execute_sql("DELETE FROM audit_entry")


def _tamper(path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("sql", "bad"), [
    ("UPDATE audit_entry SET user = 'bithu' WHERE id = 3", 3),
    ("UPDATE audit_entry SET changes = replace(changes, 'Vụ 15', 'Vụ 51') WHERE id = 2", 2),
    ("DELETE FROM audit_entry WHERE id = 3", 4),
])
def test_editing_the_trail_by_hand_makes_verify_fail_naming_the_entry(tmp_path, sql, bad):
    db = tmp_path / "unit.sqlite"
    for name in ("Chi bộ Vụ 14", "Chi bộ Vụ 15", "Chi bộ Vụ 16", "Chi bộ Vụ 17"):
        assert run_ctrdesk("--db", str(db), "org", "add", name).returncode == 0
    ok = run_ctrdesk("--db", str(db), "audit", "verify")
    assert ok.returncode == 0 and "4" in ok.stdout
    _tamper(db, sql)
    broken = run_ctrdesk("--db", str(db), "audit", "verify", "--json")
    assert broken.returncode == 1
    assert json.loads(broken.stdout)["bad_entry"] == bad
    assert str(bad) in broken.stderr and "Traceback" not in broken.stderr


def test_audit_list_filters_by_entity_and_exports_csv(tmp_path):
    db = tmp_path / "unit.sqlite"
    first = run_ctrdesk("--db", str(db), "org", "add", "Chi bộ Vụ 14").stdout.strip()
    run_ctrdesk("--db", str(db), "org", "add", "Chi bộ Vụ 15")
    listed = json.loads(run_ctrdesk("--db", str(db), "audit", "list", "--json").stdout)
    assert [e["action"] for e in listed] == ["organization.add", "organization.add"]
    only = json.loads(run_ctrdesk("--db", str(db), "audit", "list", "--entity", "organization",
                                  "--id", first, "--json").stdout)
    assert [e["entity_id"] for e in only] == [int(first)]
    text = run_ctrdesk("--db", str(db), "audit", "list").stdout
    assert "organization.add" in text
    out = tmp_path / "nhat-ky.csv"
    assert run_ctrdesk("--db", str(db), "audit", "export", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["entity_id"] for r in rows] == [first, str(int(first) + 1)]
    assert "Chi bộ Vụ 15" in rows[1]["changes"]
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def _row_counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('audit_entry', 'schema_version')")]
    counts = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    conn.close()
    return counts


def _as_stored(path, table: str, row_id: int) -> dict:
    """A row as the trail should show it, read back from the file: no uuid or timestamps,
    no empty values, long texts cut, files by their size."""
    conn = sqlite3.connect(path)
    cursor = conn.execute(f'SELECT * FROM "{table}" WHERE rowid = ?', (row_id,))
    columns, row = [d[0] for d in cursor.description], cursor.fetchone()
    conn.close()
    shown = {}
    for column, value in zip(columns, row, strict=True):
        if column in ("uuid", "created_at", "updated_at") or value in (None, ""):
            continue
        if isinstance(value, bytes):
            value = len(value)
        elif isinstance(value, str) and len(value) > audit.VALUE_CHARS:
            value = value[:audit.VALUE_CHARS - 1] + "…"
        shown[column] = value
    return shown


def _import_generated(tmp_path, units: int, **generated):
    """Generate the units' packages and import them all into their parent; what was
    made, the row counts before, the outcomes and the import's audit entries."""
    from ctrdesk.core.exchange.generate import generate
    from ctrdesk.core.exchange.importer import import_files

    made = generate(units, "2026-Q2", tmp_path, seed=7, **generated)
    packages = sorted(tmp_path.glob("*.ctrsub"))
    before = _row_counts(made["parent"])
    ws = open_workspace(made["parent"])
    start = len(audit.entries(ws))
    outcomes = import_files(ws, packages, workers=0)
    entries = audit.entries(ws)[start:]
    assert audit.verify(ws).ok
    ws.close()
    return made, before, outcomes, entries


def test_an_imported_package_is_one_entry_naming_the_package_and_every_row_it_stored(
        tmp_path):
    """A package's hundreds of rows go in with one statement per kind of row; its entry
    describes the submission in full (unit, period, the manifest's hash that pins every
    value the package carried) and names each row it stored by table and id."""
    made, before, outcomes, entries = _import_generated(tmp_path, 3)
    after = _row_counts(made["parent"])

    assert [o.status for o in outcomes] == ["imported"] * len(made["packages"])
    assert [e.action for e in entries] == ["submission.import"] * len(outcomes)
    inserted: dict[str, int] = {}
    for entry in entries:
        submission, *rows = entry.changes
        assert submission["entity"] == "submission" and submission["op"] == "insert"
        assert submission["after"] == _as_stored(made["parent"], "submission",
                                                 submission["id"])
        assert len(submission["after"]["manifest_sha256"]) == 64
        assert rows and all(set(c) == {"entity", "id", "op"} for c in rows)
        for change in entry.changes:
            assert change["op"] == "insert" and isinstance(change["id"], int)
            inserted[change["entity"]] = inserted.get(change["entity"], 0) + 1
    grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert inserted == grown
    assert {"person", "program_item", "target_reading", "meeting"} <= set(grown)


def test_rows_a_corrected_package_changes_keep_their_old_and_new_values(tmp_path):
    """A unit's corrected package for the same period (its first three items now done)
    replaces the rows of the one held: its entry has what each changed row was and
    became, as every other update."""
    _made, _before, outcomes, entries = _import_generated(tmp_path, 2, resubmitted=1.0)

    corrected = [e for e, o in zip(entries, outcomes, strict=True)
                 if o.status == "superseded_older"]
    assert len(corrected) == 2
    for entry in corrected:
        updated = [c for c in entry.changes
                   if c["entity"] == "program_item" and c["op"] == "update"]
        assert 1 <= len(updated) <= 3  # those of the three not done already
        for change in updated:
            old_progress, new_progress = change["changed"]["progress"]
            assert old_progress < 100 and new_progress == 100
            assert change["changed"]["status"][1] == "done"


def test_a_row_added_then_corrected_in_one_write_reads_as_the_write_left_it(tmp_path):
    """An inserted row is described when its write ends: a member added and renamed in
    the same write reads with the new name, and the rename as [old, new]; a row added
    and removed again in it is named by id, and its removal keeps its values."""
    from ctrdesk.core.store.bulk import insert_row
    from ctrdesk.core.store.models import Organization, Person

    ws = open_workspace(tmp_path / "unit.sqlite")
    start = len(audit.entries(ws))
    with ws.writing("person.import"):
        unit = insert_row(Organization, {"name": "Chi bộ Văn phòng", "kind": "branch"})
        kept = insert_row(Person, {"organization": unit, "full_name": "Nguyễn Văn A"})
        ws.db.execute_sql('UPDATE "person" SET "full_name" = ? WHERE "id" = ?',
                          ("Nguyễn Văn Anh", kept))
        gone = insert_row(Person, {"organization": unit, "full_name": "Trần Thị B"})
        ws.db.execute_sql('DELETE FROM "person" WHERE "id" = ?', (gone,))
    (entry,) = audit.entries(ws)[start:]
    assert audit.verify(ws).ok
    ws.close()
    added, renamed, added_again, removed = entry.changes[1:]
    assert added["after"]["full_name"] == "Nguyễn Văn Anh"
    assert renamed["changed"]["full_name"] == ["Nguyễn Văn A", "Nguyễn Văn Anh"]
    assert set(added_again) == {"entity", "id", "op"} and added_again["id"] == gone
    assert removed["op"] == "delete" and removed["before"]["full_name"] == "Trần Thị B"


def test_a_write_of_many_rows_describes_the_first_ones_and_names_the_rest(tmp_path):
    """Beyond DETAIL_LIMIT rows in one write (a members list of a whole committee), the
    entry names each further row by id, without its values."""
    from ctrdesk.core.store.bulk import insert_row
    from ctrdesk.core.store.models import Organization, Person

    ws = open_workspace(tmp_path / "parent.sqlite")
    start = len(audit.entries(ws))
    with ws.writing("person.import"):
        unit = insert_row(Organization, {"name": "Chi bộ Văn phòng", "kind": "branch"})
        for number in range(audit.DETAIL_LIMIT + 50):
            insert_row(Person, {"organization": unit, "full_name": f"Đảng viên {number}"})
    (entry,) = audit.entries(ws)[start:]
    assert len(entry.changes) == audit.DETAIL_LIMIT + 51
    assert all("after" in c for c in entry.changes[:audit.DETAIL_LIMIT])
    assert entry.changes[1]["after"]["full_name"] == "Đảng viên 0"
    beyond = entry.changes[audit.DETAIL_LIMIT:]
    assert all(set(c) == {"entity", "id", "op"} and c["entity"] == "person" for c in beyond)
    assert [c["id"] for c in beyond] == sorted(c["id"] for c in beyond)
    assert audit.verify(ws).ok
    ws.close()


def test_each_change_of_a_record_reads_back_exactly_as_it_was_made(tmp_path):
    """What the trail keeps of each change: a long title cut to 80 characters, empty
    fields left out, a save that changed nothing not written at all, an edit as its old
    and new values, the encrypted workspace's files key as *** and a deleted record's
    last values."""
    from ctrdesk.core.attachments import FILES_KEY_SETTING, attach
    from ctrdesk.core.records.service import delete_record, save_record
    from security_support import PASSPHRASE

    ws = open_workspace(tmp_path / "unit.sqlite", passphrase=PASSPHRASE)
    start = len(audit.entries(ws))
    title = "Đối thoại giữa bí thư chi bộ với đảng viên về cải cách tư pháp và kỷ luật công vụ"
    assert len(title) > audit.VALUE_CHARS
    shown = title[:audit.VALUE_CHARS - 1] + "…"
    dialogue = {"held_on": "2026-03-10", "title": title, "participants": "",
                "participant_count": 7, "notes": ""}
    record_id, _info = save_record(ws, "dialogue", dialogue)
    save_record(ws, "dialogue", dialogue, record_id=record_id)  # nothing but its timestamp
    save_record(ws, "dialogue", {**dialogue, "title": "Đối thoại quý I",
                                 "participant_count": 9}, record_id=record_id)
    evidence = tmp_path / "bien-ban.txt"
    content = "Biên bản đối thoại".encode()
    evidence.write_bytes(content)
    attachment = attach(ws, "dialogue", record_id, evidence)
    delete_record(ws, "dialogue", record_id)
    with ws.reading():
        key_row = ws.db.execute_sql("SELECT rowid, value FROM setting WHERE key = ?",
                                    (FILES_KEY_SETTING,)).fetchone()
    written = [(e.action, e.entity, e.entity_id, e.changes) for e in audit.entries(ws)[start:]]
    assert audit.verify(ws).ok
    ws.close()

    key_id = key_row[0]
    kept = {"id": record_id, "held_on": "2026-03-10", "title": "Đối thoại quý I",
            "participant_count": 9}
    assert written == [
        ("record.dialogue.save", "dialogue", record_id, [
            {"entity": "dialogue", "id": record_id, "op": "insert", "after": {
                "id": record_id, "held_on": "2026-03-10", "title": shown,
                "participant_count": 7}}]),
        ("record.dialogue.save", "dialogue", record_id, [
            {"entity": "dialogue", "id": record_id, "op": "update", "changed": {
                "title": [shown, "Đối thoại quý I"], "participant_count": [7, 9]}}]),
        ("attachment.key", "setting", key_id, [
            {"entity": "setting", "id": key_id, "op": "insert", "after": {
                "key": FILES_KEY_SETTING, "value": "***"}}]),
        ("attachment.add", "attachment", attachment, [
            {"entity": "attachment", "id": attachment, "op": "insert", "after": {
                "id": attachment, "sha256": hashlib.sha256(content).hexdigest(),
                "filename": "bien-ban.txt", "size": len(content), "owner_table": "dialogue",
                "owner_id": record_id}}]),
        ("record.dialogue.delete", "dialogue", record_id, [
            {"entity": "dialogue", "id": record_id, "op": "delete", "before": kept}]),
    ]
    assert len(key_row[1]) == 64 and key_row[1] not in json.dumps(written)


def test_a_trail_written_by_an_earlier_version_still_reads_verifies_and_goes_on(office):
    """Entries an earlier ctrdesk wrote (its changes put in JSON by Python, spaced its
    own way) keep their text: they read back, verify, and new entries chain onto them."""
    from ctrdesk.core.organizations import add_organization

    earlier = [{"entity": "organization", "id": 90, "op": "insert",
                "after": {"id": 90, "name": "Chi bộ cũ", "kind": "branch"}}]
    text = json.dumps(earlier, ensure_ascii=False)
    with office.writing("earlier.version"):
        entry_id, prev = office.db.execute_sql(
            "SELECT id + 1, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
        at = "2025-12-31 08:00:00.000000"
        payload = [entry_id, at, "bithu", "secretary", "organization.add", "organization",
                   90, text, prev]  # what the earlier version hashed, as it hashed it
        digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(
            ",", ":")).encode("utf-8")).hexdigest()
        office.db.execute_sql(
            'INSERT INTO audit_entry ("id", "at", "user", "role", "action", "entity", '
            '"entity_id", "changes", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            (entry_id, at, "bithu", "secretary", "organization.add", "organization", 90, text,
             prev, digest))
    unit = add_organization(office, "Chi bộ Vụ 14", "branch")

    *_, old, new = audit.entries(office)
    assert (old.id, old.changes, old.hash) == (entry_id, earlier, digest)
    assert new.changes[0]["after"]["id"] == unit
    assert audit.verify(office).ok
