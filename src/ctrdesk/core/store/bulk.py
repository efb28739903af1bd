"""Inserting rows with prepared statements instead of building a peewee query per row.

Building and compiling a peewee ``Model.create`` costs about a millisecond; the same
``INSERT`` prepared once per model and set of columns costs a few dozen microseconds. A
package brings hundreds of rows, a ten-year history tens of thousands. Values go through
the fields' own ``db_value`` and the fields the caller does not give get their model
defaults, exactly as ``Model.create`` stores them; a field with no default is left out,
so the column keeps its SQL default.
"""

from __future__ import annotations

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
    for field in defaults:
        default = field.default() if callable(field.default) else field.default
        params.append(field.db_value(default))
    return int(model._meta.database.execute_sql(sql, params).lastrowid)


_UPSERTS: dict[tuple[type, tuple[str, ...], tuple[tuple[str, str], ...]],
               tuple[str, list[Any], list[Any]]] = {}


def _upsert(model: Any, columns: tuple[str, ...], refs: tuple[tuple[str, str], ...]
            ) -> tuple[str, list[Any], list[Any]]:
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
        found = _UPSERTS[key] = (sql, fields, defaults)
    return found


def _q(column: str) -> str:
    return f'"{column}"'


def upsert_rows(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                refs: dict[str, str] | None = None) -> None:
    """Insert-or-update rows of ``model`` by UUID, all with one prepared statement.

    Each row is ``(uuid, *values of columns)``. Values go through the fields' own
    ``db_value``; columns not given keep their defaults on insert and their values on
    update (but ``updated_at``). ``refs`` maps a column to an SQL expression of one
    parameter used instead of ``?`` (e.g. the id of a row by its UUID, resolved as the
    rows go in, so a tree's parents listed first are found by their children); such a
    value is passed as it is. Must run inside ``Workspace.writing()``."""
    if not rows:
        return
    ref_items = tuple(sorted((refs or {}).items()))
    sql, fields, defaults = _upsert(model, columns, ref_items)
    raw = {name for name, _expression in ref_items}
    converters = [(lambda v: v) if f.name in raw else f.db_value for f in fields]
    params = []
    for row in rows:
        values = [row[0], *(convert(v) for convert, v in zip(converters, row[1:], strict=True))]
        for field in defaults:
            default = field.default() if callable(field.default) else field.default
            values.append(field.db_value(default))
        params.append(values)
    model._meta.database.execute_many(sql, params)


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
