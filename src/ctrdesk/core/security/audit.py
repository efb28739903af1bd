"""The audit trail: every committed write, who made it, when, through which action and
what it changed, in a table that is only ever appended to.

Changes are captured by temporary triggers on the workspace's connection (they live in
memory, never in the file): each inserted, updated or deleted row of every table is noted
while the write runs and described in SQL as the JSON the entry keeps (an inserted row's
values as the write leaves it, a deleted one's before, the [old, new] values of the
columns an update changed; long texts cut, secrets hidden); when the outermost
``Workspace.writing()`` commits, the notes become one entry, their list. The rows a
signed package brings are listed by id alone (see :func:`inserts_by_id`). Each entry's
hash covers its content and the previous entry's hash, so editing, removing or
reordering entries by hand breaks the chain from that entry on, and :func:`verify` names
the first one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from ctrdesk.core.store import Workspace

# Not audited: the trail itself and the schema's bookkeeping.
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


def _shown(value: str, kind: str) -> str:
    """SQL: a value as the trail shows it, a long text cut to VALUE_CHARS characters. A
    number is never that long: in a column of numbers (declared INTEGER or REAL) or of
    BLOBs (shown by their length) a value is shown as it is."""
    if any(word in kind for word in ("INT", "REAL", "FLOA", "DOUB", "BLOB")):
        return value
    return f"iif(length({value})>{VALUE_CHARS},substr({value},1,{VALUE_CHARS - 1})||'…',{value})"


def _compared(table: str, row: str, column: str, kind: str) -> str:
    """SQL: a column's value as it is compared and shown: a BLOB by its length (JSON
    cannot hold bytes: their size says enough), a secret as ``***`` unless empty."""
    value = f'{row}."{column}"'
    if "BLOB" in kind:
        value = f"length({value})"
    if (table, column) in _SECRET_COLUMNS:
        secret = "1"
    elif table == "setting" and column == "value":  # the security.* settings
        secret = f"substr({row}.\"key\",1,9)='security.'"
    else:
        return value
    return f"CASE WHEN {value} IS NULL OR {value}='' THEN {value} WHEN {secret} " \
           f"THEN '***' ELSE {value} END"


def _path(column: str) -> str:
    """SQL: the JSON path of a member named ``column``."""
    plain = column.replace("_", "").isalnum() and column.isascii()
    return f"'$.{column}'" if plain else f"'$.\"{column}\"'"


def _values_of(table: str, row: str, columns: list[tuple[str, str]]) -> str:
    """SQL: the JSON object of a row's values, without noise columns, NULLs and ''s.

    It is built with json_set onto '{}', the path of a value not shown being NULL:
    SQLite skips a NULL path, so one call builds the object (json_patch to drop NULL
    members costs twice as much: it parses the object again)."""
    parts = []
    for column, kind in columns:
        if column not in _NOISE:
            value = _compared(table, row, column, kind)
            parts.append(f"iif({value}<>'',{_path(column)},NULL),{_shown(value, kind)}")
    return "json_set('{}'," + ",".join(parts) + ")" if parts else "json_object()"


def _changed_of(table: str, columns: list[tuple[str, str]]) -> str:
    """SQL: the JSON object of the columns (not noise) an update changed, with their
    [old, new] values."""
    parts = []
    for column, kind in columns:
        if column in _NOISE:
            continue
        old, new = (_compared(table, row, column, kind) for row in ("OLD", "NEW"))
        differ = f"{old} IS NOT {new}"
        parts.append(f"iif({differ},{_path(column)},NULL),"
                     f"iif({differ},json_array({_shown(old, kind)},{_shown(new, kind)}),NULL)")
    return "json_set('{}'," + ",".join(parts) + ")" if parts else "json_object()"


# An update that changed nothing but its timestamp is not a change: left out of the entry.
_KEPT = "NOT (op = 'update' AND change GLOB '*,\"changed\":{}}')"


def _ensure_capture(db: Any) -> None:
    """Create this connection's change log and triggers (once per connection).

    An update or a delete is noted by its trigger already described, as the JSON text
    the entry keeps (see record()): its old values are gone after it. An insert is noted
    by its row id alone and described when the write ends, with one statement per table
    (:func:`_describe_inserts`): a trigger that could describe the row costs SQLite its
    whole frame of registers at every insert, described or not, and a package inserts
    hundreds of rows it does not describe (:func:`inserts_by_id`)."""
    if db.execute_sql("SELECT 1 FROM temp.sqlite_master WHERE name = 'ctr_change'").fetchone():
        return
    db.execute_sql("CREATE TEMP TABLE ctr_change (seq INTEGER PRIMARY KEY, tbl TEXT, "
                   "op TEXT, row_id INTEGER, change TEXT)")
    # Only the first DETAIL_LIMIT changes of an entry are described with their values:
    # beyond them a trigger notes the row alone. ctr_change is emptied at the start of
    # each write, so the change noted k-th (from 0) finds k as the highest seq before its
    # own.
    detailed = f"coalesce((SELECT max(seq) FROM temp.ctr_change),0)<{DETAIL_LIMIT}"
    tables = _user_tables(db)
    for table, columns in tables:
        db.execute_sql(
            f'CREATE TEMP TRIGGER "ctr_audit_{table}_insert" AFTER INSERT ON main."{table}" '
            f"BEGIN INSERT INTO ctr_change (tbl,op,row_id) VALUES "
            f"('{table}','insert',NEW.rowid); END")
        for op, row, key, values in (
                ("update", "NEW", "changed", _changed_of(table, columns)),
                ("delete", "OLD", "before", _values_of(table, "OLD", columns))):
            head = f"'entity','{table}','id',{row}.rowid,'op','{op}'"
            db.execute_sql(
                f'CREATE TEMP TRIGGER "ctr_audit_{table}_{op}" AFTER {op.upper()} ON '
                f'main."{table}" BEGIN INSERT INTO ctr_change (tbl,op,row_id,change) '
                f"VALUES ('{table}','{op}',{row}.rowid,CASE WHEN {detailed} THEN "
                f"json_object({head},'{key}',{values}) ELSE json_object({head}) END); END")
    _DESCRIBE[db] = {table: _describe_statement(table, columns) for table, columns in tables}


# The statements that describe each table's inserted rows, per database (its connections
# share its schema).
_DESCRIBE: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
_BRIEF_INSERTS = ("UPDATE temp.ctr_change SET change = json_object('entity',tbl,'id',"
                  "row_id,'op','insert') WHERE change IS NULL")


def _describe_statement(table: str, columns: list[tuple[str, str]]) -> str:
    """SQL: describe the rows of ``table`` inserted among the write's first DETAIL_LIMIT
    changes with their values as the write leaves them."""
    return (f"UPDATE temp.ctr_change SET change = (SELECT json_object('entity','{table}',"
            f"'id',r.rowid,'op','insert','after',{_values_of(table, 'r', columns)}) "
            f'FROM main."{table}" r WHERE r.rowid = ctr_change.row_id) '
            f"WHERE tbl = '{table}' AND change IS NULL AND seq <= {DETAIL_LIMIT}")


def _describe_inserts(db: Any) -> None:
    """Describe the inserted rows noted so far: with their values among the first
    DETAIL_LIMIT changes, by id beyond them and when deleted again since (a row deleted
    whose id a later insert of the same write took reads as that later row)."""
    statements = _DESCRIBE[db]
    for (table,) in db.execute_sql("SELECT DISTINCT tbl FROM temp.ctr_change WHERE "
                                   f"change IS NULL AND seq <= {DETAIL_LIMIT}").fetchall():
        db.execute_sql(statements[table])
    db.execute_sql(_BRIEF_INSERTS)


def begin(ws: Workspace) -> None:
    """At the start of an outermost write: capture on, nothing noted yet."""
    _ensure_capture(ws.db)
    ws.db.execute_sql("DELETE FROM temp.ctr_change")


@contextmanager
def inserts_by_id(ws: Workspace) -> Iterator[None]:
    """Inside a write: the rows inserted meanwhile are noted by table and id, without
    their values (updates and deletes keep theirs).

    For the rows of a verified package: their values are the package's, which the
    write's entry names by its manifest hash (the submission row, noted in full before).
    Describing them again, value by value, was a quarter of the cost of storing a
    package, and a parent receives a thousand a quarter."""
    _describe_inserts(ws.db)  # those before, as usual
    try:
        yield
    finally:
        ws.db.execute_sql(_BRIEF_INSERTS)


def note_event(ws: Workspace, entity: str, op: str, details: dict[str, Any]) -> None:
    """Inside a write: note an event that is not a row of the workspace (a backup
    restored over it...); it is kept whole in the write's entry, with who and when."""
    change = {"entity": entity, "id": None, "op": op, "details": details}
    ws.db.execute_sql("INSERT INTO temp.ctr_change (tbl, op, row_id, change) "
                      "VALUES (?, ?, NULL, ?)",
                      (entity, op, json.dumps(change, ensure_ascii=False, separators=(",", ":"))))


def entry_hash(entry_id: int, at: str, user: str, role: str, action: str, entity: str,
               entity_id: int | None, changes: str, prev_hash: str) -> str:
    """The first kind of entry hash (entries written before version 2): the changes' JSON
    text inside the hashed JSON array."""
    payload = json.dumps([entry_id, at, user, role, action, entity, entity_id, changes,
                          prev_hash], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


HASH_V2 = "2:"


def entry_hash_v2(entry_id: int, at: str, user: str, role: str, action: str, entity: str,
                  entity_id: int | None, changes: bytes, prev_hash: str) -> str:
    """The entry hash written since version 2: the entry's fields as a JSON array, a line
    break, then the changes' UTF-8 bytes as stored. An import's changes are tens of
    kilobytes: escaping them into JSON for the hash cost more than all its other
    bookkeeping. A JSON array never holds a bare line break, so the two parts cannot be
    cut elsewhere; the ``2:`` prefix tells :func:`verify` which kind to recompute."""
    head = json.dumps([entry_id, at, user, role, action, entity, entity_id, prev_hash],
                      ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(head.encode("utf-8"))
    digest.update(b"\n")
    digest.update(changes)
    return HASH_V2 + digest.hexdigest()


def record(ws: Workspace, action: str) -> None:
    """At the end of an outermost write, inside its transaction: append one entry."""
    db = ws.db
    _describe_inserts(db)
    first = db.execute_sql(f"SELECT tbl, row_id FROM temp.ctr_change WHERE {_KEPT} "
                           "ORDER BY seq LIMIT 1").fetchone()
    if first is None:
        return
    # The changes are JSON texts already, written by the triggers: the entry is their list,
    # in the order they were made (seq is the rowid: the subquery reads in that order).
    # They come and go as UTF-8 bytes: hashed as they are stored, never decoded.
    changes = db.execute_sql(
        "SELECT CAST('[' || group_concat(change, ',') || ']' AS BLOB) FROM "
        f"(SELECT change FROM temp.ctr_change WHERE {_KEPT} ORDER BY seq)").fetchone()[0]
    db.execute_sql("DELETE FROM temp.ctr_change")
    last = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    entry_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    user, role = ws.user or "", ws.role or ""
    entity, entity_id = first
    digest = entry_hash_v2(entry_id, at, user, role, action, entity, entity_id, changes,
                           prev_hash)
    db.execute_sql(
        'INSERT INTO audit_entry ("id", "at", "user", "role", "action", "entity", '
        '"entity_id", "changes", "prev_hash", "hash") '
        "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)",
        (entry_id, at, user, role, action, entity, entity_id, changes, prev_hash, digest))


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
            if digest.startswith(HASH_V2):
                made = entry_hash_v2(entry_id, str(at), user, role, action, entity, entity_id,
                                     changes.encode("utf-8"), prev)
            else:
                made = entry_hash(entry_id, str(at), user, role, action, entity, entity_id,
                                  changes, prev)
            if made != digest:
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
