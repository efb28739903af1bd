"""The audit trail: every committed write, who made it, when, through which action and
what it changed, in a table that is only ever appended to.

Changes are captured by temporary triggers on the workspace's connection (they live in
memory, never in the file): each inserted, updated or deleted row of every table is noted
with its before/after values while the write runs; when the outermost
``Workspace.writing()`` commits, the notes become one entry. Each entry's hash covers its
content and the previous entry's hash, so editing, removing or reordering entries by hand
breaks the chain from that entry on, and :func:`verify` names the first one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from ctrdesk.core.store import Workspace

# Not audited: the trail itself and the schema's own bookkeeping.
_SKIPPED = {"audit_entry", "schema_version"}
_NOISE = {"uuid", "created_at", "updated_at"}
_SECRET_COLUMNS = {("account", "password_hash")}
DETAIL_LIMIT = 200  # rows described with their values in one entry; the rest by id only
VALUE_CHARS = 80
GENESIS = "0" * 64


def _user_tables(db: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = db.execute_sql(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = []
    for name, _sql in rows:
        if name in _SKIPPED or name in virtual or any(name.startswith(v + "_")
                                                       for v in virtual):
            continue
        columns = [(row[1], (row[2] or "").upper())
                   for row in db.execute_sql(f'PRAGMA main.table_info("{name}")')]
        tables.append((name, columns))
    return tables


def _json_of(prefix: str, columns: list[tuple[str, str]]) -> str:
    parts = []
    for column, kind in columns:
        value = f'{prefix}."{column}"'
        if "BLOB" in kind:  # JSON cannot hold bytes: their size says enough
            value = f"length({value})"
        parts.append(f"'{column}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


def _ensure_capture(db: Any) -> None:
    """Create this connection's change log and triggers (once per connection)."""
    if db.execute_sql("SELECT 1 FROM temp.sqlite_master WHERE name = 'ctr_change'").fetchone():
        return
    db.execute_sql("CREATE TEMP TABLE ctr_change (seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, "
                   "row_id INTEGER, before TEXT, after TEXT)")
    for table, columns in _user_tables(db):
        new, old = _json_of("NEW", columns), _json_of("OLD", columns)
        for op, before, after, row in (("insert", "NULL", new, "NEW"),
                                       ("update", old, new, "NEW"),
                                       ("delete", old, "NULL", "OLD")):
            db.execute_sql(
                f'CREATE TEMP TRIGGER "ctr_audit_{table}_{op}" AFTER {op.upper()} ON '
                f'main."{table}" BEGIN INSERT INTO ctr_change (tbl, op, row_id, before, '
                f"after) VALUES ('{table}', '{op}', {row}.rowid, {before}, {after}); END")


def begin(ws: Workspace) -> None:
    """At the start of an outermost write: capture on, nothing noted yet."""
    _ensure_capture(ws.db)
    ws.db.execute_sql("DELETE FROM temp.ctr_change")


def note_event(ws: Workspace, entity: str, op: str, details: dict[str, Any]) -> None:
    """Inside a write: note an event that is not a row of the workspace (a backup
    restored over it...); it is kept whole in the write's entry, with who and when."""
    ws.db.execute_sql("INSERT INTO temp.ctr_change (tbl, op, row_id, before, after) "
                      "VALUES (?, ?, NULL, NULL, ?)",
                      (entity, op, json.dumps(details, ensure_ascii=False)))


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > VALUE_CHARS:
        return value[:VALUE_CHARS - 1] + "…"
    return value


def _redact(table: str, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column, value in values.items():
        secret = (table, column) in _SECRET_COLUMNS or (
            table == "setting" and column == "value"
            and str(values.get("key", "")).startswith("security."))
        out[column] = "***" if secret and value not in (None, "") else value
    return out


def _describe(table: str, op: str, row_id: int, before: str | None, after: str | None,
              detailed: bool) -> dict[str, Any]:
    change: dict[str, Any] = {"entity": table, "id": row_id, "op": op}
    if op not in ("insert", "update", "delete"):  # an event (note_event): kept whole
        change["details"] = json.loads(after) if after else {}
        return change
    if not detailed:
        return change
    old = _redact(table, json.loads(before)) if before else {}
    new = _redact(table, json.loads(after)) if after else {}
    if op == "update":
        change["changed"] = {column: [_short(old.get(column)), _short(value)]
                             for column, value in new.items()
                             if column not in _NOISE and old.get(column) != value}
    else:
        values = new if op == "insert" else old
        change["before" if op == "delete" else "after"] = {
            column: _short(value) for column, value in values.items()
            if column not in _NOISE and value not in (None, "")}
    return change


def entry_hash(entry_id: int, at: str, user: str, role: str, action: str, entity: str,
               entity_id: int | None, changes: str, prev_hash: str) -> str:
    payload = json.dumps([entry_id, at, user, role, action, entity, entity_id, changes,
                          prev_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(ws: Workspace, action: str) -> None:
    """At the end of an outermost write, inside its transaction: append one entry."""
    db = ws.db
    rows = db.execute_sql("SELECT tbl, op, row_id, before, after FROM temp.ctr_change "
                          "ORDER BY seq").fetchall()
    if not rows:
        return
    db.execute_sql("DELETE FROM temp.ctr_change")
    changes = [_describe(table, op, row_id, before, after, index < DETAIL_LIMIT)
               for index, (table, op, row_id, before, after) in enumerate(rows)]
    changes = [c for c in changes if c["op"] != "update" or "changed" not in c
               or c["changed"]]  # an update that changed nothing but its timestamp
    if not changes:
        return
    last = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    entry_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    user, role = ws.user or "", ws.role or ""
    entity, entity_id = changes[0]["entity"], changes[0]["id"]
    text = json.dumps(changes, ensure_ascii=False, separators=(",", ":"))
    digest = entry_hash(entry_id, at, user, role, action, entity, entity_id, text, prev_hash)
    db.execute_sql(
        'INSERT INTO audit_entry ("id", "at", "user", "role", "action", "entity", '
        '"entity_id", "changes", "prev_hash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (entry_id, at, user, role, action, entity, entity_id, text, prev_hash, digest))


# --- reading the trail ---------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    role: str
    action: str
    entity: str
    entity_id: int | None
    changes: list[dict[str, Any]]
    hash: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "user": self.user, "role": self.role,
                "action": self.action, "entity": self.entity, "entity_id": self.entity_id,
                "changes": self.changes, "hash": self.hash}

    def summary(self) -> str:
        """One line for a list: how many rows of which kinds."""
        counts: dict[tuple[str, str], int] = {}
        for change in self.changes:
            key = (change["op"], change["entity"])
            counts[key] = counts.get(key, 0) + 1
        return ", ".join(f"{op} {entity}×{n}" if n > 1 else f"{op} {entity}"
                         for (op, entity), n in counts.items())


_COLUMNS = ('"id", "at", "user", "role", "action", "entity", "entity_id", "changes", '
            '"prev_hash", "hash"')


def entries(ws: Workspace, entity: str | None = None, entity_id: int | None = None,
            limit: int | None = None) -> list[Entry]:
    """The trail, oldest first; with ``entity`` (a table name, e.g. ``meeting``) and
    ``entity_id``, only the entries that changed that row (or that kind of row)."""
    sql = f"SELECT {_COLUMNS} FROM audit_entry a"
    params: list[Any] = []
    if entity is not None:
        id_match = "" if entity_id is None else " AND json_extract(j.value, '$.id') = ?"
        own = "" if entity_id is None else " AND a.entity_id = ?"
        sql += (f" WHERE (a.entity = ?{own}) OR EXISTS (SELECT 1 FROM json_each(a.changes) j "
                f"WHERE json_extract(j.value, '$.entity') = ?{id_match})")
        params = [entity, *([entity_id] if entity_id is not None else []), entity,
                  *([entity_id] if entity_id is not None else [])]
    sql += " ORDER BY a.id"
    with ws.reading():
        rows = ws.db.execute_sql(sql, params).fetchall()
    if limit is not None:
        rows = rows[-limit:]
    return [Entry(r[0], str(r[1]), r[2], r[3], r[4], r[5], r[6], json.loads(r[7]), r[9])
            for r in rows]


@dataclass(frozen=True)
class Verification:
    entries: int
    bad_entry: int | None  # the first entry that does not chain, or None if all do
    reason: str

    @property
    def ok(self) -> bool:
        return self.bad_entry is None


def verify(ws: Workspace) -> Verification:
    """Recompute the chain; name the first entry that was changed, removed or moved."""
    with ws.reading():
        cursor = ws.db.execute_sql(f"SELECT {_COLUMNS} FROM audit_entry ORDER BY id")
        previous, count = GENESIS, 0
        for row in cursor:
            entry_id, at, user, role, action, entity, entity_id, changes, prev, digest = row
            count += 1
            if prev != previous:
                return Verification(count, entry_id, _(
                    "entry {id} does not follow the entry before it (an entry was removed, "
                    "added or changed)").format(id=entry_id))
            if entry_hash(entry_id, str(at), user, role, action, entity, entity_id, changes,
                          prev) != digest:
                return Verification(count, entry_id, _(
                    "entry {id} was changed after it was written").format(id=entry_id))
            previous = digest
    return Verification(count, None, "")


def to_csv(rows: list[Entry]) -> bytes:
    """The trail as CSV (UTF-8 with BOM, so spreadsheet programs read Vietnamese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "at", "user", "role", "action", "entity", "entity_id", "summary",
                     "changes", "hash"])
    for e in rows:
        writer.writerow([e.id, e.at, e.user, e.role, e.action, e.entity,
                         "" if e.entity_id is None else e.entity_id, e.summary(),
                         json.dumps(e.changes, ensure_ascii=False), e.hash])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
