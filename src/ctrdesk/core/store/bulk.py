"""Reading and writing rows with prepared statements instead of building a peewee query
per row.

Building and compiling a peewee ``Model.create`` costs about a millisecond; the same
``INSERT`` prepared once per model and set of columns costs a few dozen microseconds. A
package brings hundreds of rows, a ten-year history tens of thousands. Values go through
the fields' own ``db_value`` and the fields the caller does not give get their model
defaults, exactly as ``Model.create`` stores them; a field with no default is left out,
so the column keeps its SQL default.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

_STATEMENTS: dict[tuple[type, tuple[str, ...]], tuple[str, list[Any], list[Any]]] = {}


def _statement(model: Any, names: tuple[str, ...]) -> tuple[str, list[Any], list[Any]]:
    key = (model, names)
    found = _STATEMENTS.get(key)
    if found is None:
        meta = model._meta
        given = [meta.fields[name] for name in names]
        defaults = [f for f in meta.sorted_fields if f.name not in names
                    and f is not meta.primary_key and f.default is not None]
        columns = ", ".join(f'"{f.column_name}"' for f in (*given, *defaults))
        marks = ", ".join("?" * (len(given) + len(defaults)))
        found = _STATEMENTS[key] = (
            f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks})', given, defaults)
    return found


def insert_row(model: Any, values: dict[str, Any]) -> int:
    """Insert one row of ``model`` (field name to value, as for ``Model.create``); its id.
    Must run inside ``Workspace.writing()``, as every write."""
    sql, given, defaults = _statement(model, tuple(values))
    params = [field.db_value(values[field.name]) for field in given]
    params += [_default_of(field) for field in defaults]
    return int(model._meta.database.execute_sql(sql, params).lastrowid)


def insert_rows(model: Any, names: tuple[str, ...], rows: list[list[Any]]) -> None:
    """Insert many rows of ``model`` with one prepared statement: each row gives the values
    of the fields ``names``, as for :func:`insert_row`. The defaults of the fields not given
    are made once for the statement (the same timestamps, as one ``Model.create`` per row
    would give within a millisecond) but the UUID, made for each row."""
    if not rows:
        return
    sql, given, defaults = _statement(model, names)
    shared = [None if field.name == "uuid" else _stored(_default_of(field))
              for field in defaults]
    made: list[list[Any]] = []
    for row in rows:
        params = [field.db_value(value) for field, value in zip(given, row, strict=True)]
        params += [_default_of(field) if field.name == "uuid" else value
                   for field, value in zip(defaults, shared, strict=True)]
        made.append(params)
    model._meta.database.execute_many(sql, made)


_UPSERTS: dict[tuple[type, tuple[str, ...], tuple[tuple[str, str], ...]],
               tuple[str, list[Any]]] = {}


def _upsert(model: Any, columns: tuple[str, ...], refs: tuple[tuple[str, str], ...]
            ) -> tuple[str, list[Any]]:
    """The statement, and the fields it fills with their defaults."""
    key = (model, columns, refs)
    found = _UPSERTS.get(key)
    if found is None:
        meta = model._meta
        expressions = dict(refs)
        fields = [meta.fields[c] for c in columns]
        defaults = [f for f in meta.sorted_fields
                    if f.name not in columns and f.name not in ("id", "uuid")]
        names = ["uuid", *(f.column_name for f in fields), *(f.column_name for f in defaults)]
        marks = ["?", *(expressions.get(f.name, "?") for f in fields), *("?" for _ in defaults)]
        updated = [f.column_name for f in fields] + ["updated_at"]
        sql = (f'INSERT INTO "{meta.table_name}" ({", ".join(f"{_q(n)}" for n in names)}) '
               f'VALUES ({", ".join(marks)}) ON CONFLICT("uuid") DO UPDATE SET '
               f'{", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in updated)}')
        found = _UPSERTS[key] = (sql, defaults)
    return found


def _q(column: str) -> str:
    return f'"{column}"'


def upsert_rows(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                refs: dict[str, str] | None = None) -> None:
    """Insert-or-update rows of ``model`` by UUID, all with one prepared statement.

    Each row is ``(uuid, *values of columns)``, the values already what the database
    stores (text, numbers, dates and ids, as a package's typed members give them); columns
    not given keep their defaults on insert and their values on update (but
    ``updated_at``). ``refs`` maps a column to an SQL expression of one parameter used
    instead of ``?`` (e.g. the id of a row by its UUID, resolved as the rows go in, so a
    tree's parents listed first are found by their children). Must run inside
    ``Workspace.writing()``."""
    if not rows:
        return
    sql, defaults = _upsert(model, columns, tuple(sorted((refs or {}).items())))
    # The defaults (timestamps, flags) are the same for every row of one statement: their
    # values are made once, not per row (the UUID, the only per-row default, is given).
    tail = [_stored(_default_of(field)) for field in defaults]
    model._meta.database.execute_many(sql, [[*row, *tail] for row in rows])


def _default_of(field: Any) -> Any:
    """A field's default as the database stores it, made now (a timestamp, a UUID...)."""
    return field.db_value(field.default() if callable(field.default) else field.default)


def _stored(value: Any) -> Any:
    """A value as sqlite3 stores it: a datetime as its ISO text with a space (sqlite3's
    own adapter), made once instead of by the driver for every row."""
    return value.isoformat(" ") if isinstance(value, datetime) else value


def ids_by_uuid(model: Any, uuids: list[str]) -> dict[str, int]:
    """Ids of ``model``'s rows by UUID, a few hundred UUIDs a query."""
    table = model._meta.table_name
    database = model._meta.database
    found: dict[str, int] = {}
    for start in range(0, len(uuids), 500):
        batch = uuids[start:start + 500]
        found.update(database.execute_sql(
            f'SELECT "uuid", "id" FROM "{table}" WHERE "uuid" IN '
            f'({", ".join("?" * len(batch))})', batch).fetchall())
    return found


_FINDS: dict[tuple[type, tuple[str, ...]], tuple[str, list[Any], list[Any]]] = {}


def find_one(model: Any, **equal: Any) -> Any:
    """The row of ``model`` whose fields equal the values given (the first by id), as
    ``Model.get_or_none`` gives it, or None; the statement is built once per model and
    set of fields (a batch import asks the same questions a thousand times)."""
    names = tuple(equal)
    key = (model, names)
    found = _FINDS.get(key)
    if found is None:
        meta = model._meta
        wanted = [meta.fields[name] for name in names]
        columns = meta.sorted_fields
        where = " AND ".join(f'"{f.column_name}" = ?' for f in wanted)
        found = _FINDS[key] = (
            f'SELECT {", ".join(_q(f.column_name) for f in columns)} FROM '
            f'"{meta.table_name}" WHERE {where} ORDER BY "id" LIMIT 1', wanted, columns)
    sql, wanted, columns = found
    row = model._meta.database.execute_sql(
        sql, [field.db_value(equal[field.name]) for field in wanted]).fetchone()
    if row is None:
        return None
    found_row = model(__no_default__=True, **{
        field.name: field.python_value(value) for field, value in zip(columns, row,
                                                                      strict=True)})
    found_row._dirty.clear()  # as peewee's own rows: nothing to save yet
    return found_row
