"""Saving, reading, listing and exporting records of every kind, from their descriptions.

A save validates everything first, then writes the record, its child lists and its links
to program items in one transaction: a refused record leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from functools import partial
from typing import Any

from peewee import chunked

from ctrdesk.core.changes import Entity
from ctrdesk.core.errors import InvalidInput, NotFoundError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.records.spec import Child, Context, Kind, coerce
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.bulk import insert_row, insert_rows
from ctrdesk.core.store.models import (
    FollowUp,
    Person,
    ProgramItem,
    RecordLink,
    tuples,
    utc_now,
)
from ctrdesk.core.textnorm import fold
from ctrdesk.core.validation import Problems


def kinds() -> dict[str, Kind]:
    from ctrdesk.core.records.kinds import KINDS

    return KINDS


def get_kind(name: str) -> Kind:
    found = kinds().get(name)
    if found is None:
        raise ValidationError(_("Unknown record kind '{kind}'; use one of: {kinds}.").format(
            kind=name, kinds=", ".join(kinds())), field="kind")
    return found


def context(ws: Workspace, people_of: int | None = None, *, only_unit: bool = False
            ) -> Context:
    """People and units to resolve names against; ``people_of`` keeps only one unit's
    people (a submission's records name only their own unit's members), ``only_unit``
    that unit alone among the units (a submission's records are all its own)."""
    from ctrdesk.core.organizations import OWN_UNIT_SETTING

    ctx = Context()
    own_uuid = ws.get_setting(OWN_UNIT_SETTING)
    # Plain SQL: a batch import builds a context per package.
    people_sql = 'SELECT "id", "full_name", "organization_id", "uuid" FROM "person"'
    units_sql = 'SELECT "id", "name", "uuid" FROM "organization"'
    people_params: tuple[int, ...] = ()
    units_params: tuple[int, ...] = ()
    if people_of is not None:
        people_sql, people_params = people_sql + ' WHERE "organization_id" = ?', (people_of,)
        if only_unit:
            units_sql, units_params = units_sql + ' WHERE "id" = ?', (people_of,)
    for person_id, name, org, uuid in ws.db.execute_sql(people_sql + ' ORDER BY "id"',
                                                        people_params):
        ctx.people[person_id] = (name, org)
        ctx.people_uuids[person_id] = uuid
        ctx.people_by_uuid[uuid] = person_id
        ctx.people_by_name.setdefault(fold(name), []).append(person_id)
    for org_id, name, uuid in ws.db.execute_sql(units_sql + ' ORDER BY "id"', units_params):
        ctx.organizations[org_id] = name
        ctx.organizations_by_name.setdefault(fold(name), []).append(org_id)
        if uuid == own_uuid:
            ctx.own_organization = org_id
    return ctx


def _organization(data: dict[str, Any], ctx: Context) -> int | None:
    value = data.get("organization")
    if value in (None, ""):
        return ctx.own_organization
    if isinstance(value, int) and value in ctx.organizations:
        return value
    if isinstance(value, str):
        found = ctx.organizations_by_name.get(fold(value), [])
        if len(found) == 1:
            return found[0]
    raise ValidationError(_("{field}: no unit '{name}' in this workspace.").format(
        field=_("Unit"), name=value), field="organization")


def normalize(ws: Workspace, kind: Kind, data: dict[str, Any], ctx: Context | None = None
              ) -> dict[str, Any]:
    """Check and convert a record given as JSON or by a form; every wrong field is
    reported at once (an :class:`InvalidInput`), named as the user reads it."""
    if not isinstance(data, dict):
        raise ValidationError(_("A record must be a JSON object."), field="record")
    ctx = ctx or context(ws)
    problems = Problems()
    known = {f.name for f in kind.fields} | {c.name for c in kind.children} | {
        "id", "uuid", "organization", "program_items", "figures", "attachments", "warnings"}
    for name in sorted(set(data) - known):
        problems.add(name, _("Unknown field: {field}").format(field=name))
    organization = None
    try:
        organization = _organization(data, ctx)
    except ValidationError as exc:
        problems.catch(exc)
    clean: dict[str, Any] = {"organization": organization}
    for spec in kind.fields:
        try:
            clean[spec.name] = coerce(data.get(spec.name), spec, spec.name, ctx, organization)
        except ValidationError as exc:
            problems.catch(exc)
    for child in kind.children:
        rows = data.get(child.name) or []
        if not isinstance(rows, list):
            problems.add(child.name, _("{field} must be a list.").format(
                field=_(child.label)))
            continue
        clean[child.name] = [_normalize_child(kind, child, row, f"{child.name}[{i + 1}]", ctx,
                                              organization, problems)
                             for i, row in enumerate(rows)]
    items = data.get("program_items") or []
    if not isinstance(items, list) or not all(isinstance(i, int) for i in items):
        problems.add("program_items", _("The linked program items must be a list of ids."))
        items = []
    existing: set[int] = set()
    if items:
        with ws.reading():
            existing = {i for (i,) in tuples(ProgramItem.select(ProgramItem.id).where(
                ProgramItem.id.in_(items)))}
    missing = [i for i in items if i not in existing]
    if missing:
        problems.add("program_items", _("No program item with id {id}.").format(
            id=missing[0]))
    problems.raise_if_any()
    clean["program_items"] = list(dict.fromkeys(items))
    if data.get("uuid"):
        clean["uuid"] = str(data["uuid"])
    return clean


def _normalize_child(kind: Kind, child: Child, row: Any, where: str, ctx: Context,
                     organization: int | None, problems: Problems) -> dict[str, Any]:
    if not isinstance(row, dict):
        problems.add(where, _("{field} must be an object.").format(
            field=kind.label_of(where)))
        return {}
    known = {f.name for f in child.fields} | {"children", "id", "uuid"}
    for name in sorted(set(row) - known):
        problems.add(f"{where}.{name}", _("Unknown field: {field}").format(
            field=f"{where}.{name}"))
    clean: dict[str, Any] = {}
    for spec in child.fields:
        path = f"{where}.{spec.name}"
        try:
            clean[spec.name] = coerce(row.get(spec.name), spec, path, ctx, organization,
                                      partial(kind.label_of, path))
        except ValidationError as exc:
            problems.catch(exc)
    if "children" in row:  # agenda sub-items
        clean["children"] = [_normalize_child(kind, child, sub,
                                              f"{where}.children[{j + 1}]", ctx,
                                              organization, problems)
                             for j, sub in enumerate(row["children"] or [])]
    return clean


def save_record(ws: Workspace, kind_name: str, data: dict[str, Any],
                record_id: int | None = None, ctx: Context | None = None,
                warnings: bool = True) -> tuple[int, dict[str, Any]]:
    """Create (or, with ``record_id``, replace) a record; return its id and any warnings.

    ``ctx`` (people and units to resolve names against) may be shared by many saves.
    ``warnings=False`` skips the advice computed after saving (the similarity search of
    an ideological issue against every other): a submission's records were advised on
    where they were written, and consolidation compares them all at once."""
    kind = get_kind(kind_name)
    clean = normalize(ws, kind, data, ctx)
    with ws.writing(f"record.{kind.name}.save"):
        row_id = write_record(ws, kind, clean, record_id)
        assert row_id is not None  # written at once: no batch
        info = kind.after_save(ws, row_id, clean) \
            if kind.after_save is not None and warnings else {}
        return row_id, info


class WriteBatch:
    """Many records stored in one write (a package's): their child rows (attendance,
    concerns...) and the new records that have none and no links (ratings) wait here to
    go in per table with one statement each (:meth:`flush`), instead of one statement a
    row. A row with sub-items of its own (an agenda's) goes in at once: they need its id.

    What the rows waiting here would have shown the checks of the records after them,
    the kinds keep in :attr:`memo` (the ratings held so far, see ``kinds.RatingBook``)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Any, tuple[str, ...]], list[list[Any]]] = {}
        self.memo: dict[Any, Any] = {}

    def add(self, model: Any, values: dict[str, Any]) -> None:
        self._rows.setdefault((model, tuple(values)), []).append(list(values.values()))

    def flush(self) -> None:
        for (model, names), rows in self._rows.items():
            insert_rows(model, names, rows)
        self._rows.clear()


def write_record(ws: Workspace, kind: Kind, clean: dict[str, Any],
                 record_id: int | None = None, batch: WriteBatch | None = None,
                 received_from: int | None = None) -> int | None:
    """Store a record :func:`normalize` gave, inside the caller's write (many records of
    one package in its one transaction, without a savepoint each); its id. With
    ``batch``, its child rows wait there for the caller's flush, and so does a new record
    with neither child rows nor links (then None: it has no id yet); ``received_from``
    is the unit whose package brought it (at the upper level)."""
    if ws.db.write_depth == 0:
        raise RuntimeError("write_record outside Workspace.writing()")
    if kind.validate is not None:
        kind.validate(ws, clean, record_id, batch)
    values = {spec.name: clean[spec.name] for spec in kind.fields}
    values["organization"] = clean["organization"]
    if received_from is not None:
        values["received_from"] = received_from
    if record_id is None:
        if "uuid" in clean:
            values["uuid"] = clean["uuid"]
        if batch is not None and not clean["program_items"] and not any(
                clean[child.name] for child in kind.children):
            batch.add(kind.model, values)
            return None
        row_id = insert_row(kind.model, values)
    else:
        row = kind.model.get_or_none(kind.model.id == record_id)
        if row is None:
            raise NotFoundError(_("No {kind} with id {id}.").format(kind=kind.name,
                                                                    id=record_id))
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = utc_now()
        row.save()
        row_id = int(row.id)
        _delete_children(kind, row_id)
        # A new record has no links yet: records are deleted with theirs (delete_record).
        ws.db.execute_sql('DELETE FROM "record_link" WHERE "owner_table" = ? AND '
                          '"owner_id" = ?', (kind.table, row_id))
    for child in kind.children:
        _write_children(child, row_id, clean[child.name], None, batch)
    for item_id in clean["program_items"]:
        insert_row(RecordLink, {"owner_table": kind.table, "owner_id": row_id,
                                "item": item_id})
    ws.note(Entity.RECORD, row_id)
    return row_id


def save_many(ws: Workspace, kind_name: str, records: list[dict[str, Any]]
              ) -> list[tuple[int, dict[str, Any]]]:
    """Save a list of records in one transaction: all of them, or none if one is refused."""
    kind = get_kind(kind_name)
    if not isinstance(records, list):
        raise ValidationError(_("Expected a record or a list of records."), field="record")
    order = list(range(len(records)))
    bulk_order = kind.bulk_order
    if bulk_order is not None:
        order.sort(key=lambda i: bulk_order(records[i]))
    results: dict[int, tuple[int, dict[str, Any]]] = {}
    with ws.writing(f"record.{kind.name}.save_many"):
        for index in order:
            try:
                results[index] = save_record(ws, kind_name, records[index])
            except ValidationError as exc:
                problems = Problems()
                problems.catch(exc)
                for problem in problems.items:
                    problem.message = _("Record {number}: {message}").format(
                        number=index + 1, message=problem.message)
                    problem.line = index + 1
                raise InvalidInput(problems.items) from exc
    return [results[i] for i in range(len(records))]


def _delete_children(kind: Kind, record_id: int) -> None:
    for child in kind.children:
        if child.owner_table:
            child.model.delete().where((child.model.owner_table == child.owner_table)
                                       & (child.model.owner_id == record_id)).execute()
        else:
            assert child.parent_field is not None
            child.model.delete().where(
                getattr(child.model, child.parent_field) == record_id).execute()


def _write_children(child: Child, record_id: int, rows: list[dict[str, Any]],
                    parent: int | None, pending: WriteBatch | None) -> None:
    for position, row in enumerate(rows):
        values = {spec.name: row[spec.name] for spec in child.fields}
        if child.owner_table:
            values.update(owner_table=child.owner_table, owner_id=record_id)
        else:
            assert child.parent_field is not None
            values[child.parent_field] = record_id
        if child.ordered:
            values["position"] = position
        if parent is not None:
            values["parent"] = parent
        if row.get("children") or pending is None:
            created = insert_row(child.model, values)
            if row.get("children"):
                _write_children(child, record_id, row["children"], created, pending)
        else:
            pending.add(child.model, values)


def delete_record(ws: Workspace, kind_name: str, record_id: int) -> None:
    kind = get_kind(kind_name)
    with ws.writing(f"record.{kind.name}.delete"):
        _delete_children(kind, record_id)
        RecordLink.delete().where((RecordLink.owner_table == kind.table)
                                  & (RecordLink.owner_id == record_id)).execute()
        kind.model.delete().where(kind.model.id == record_id).execute()


# --- reading -----------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def get_record(ws: Workspace, kind_name: str, record_id: int,
               ctx: Context | None = None, *, people_as_uuids: bool = False) -> dict[str, Any]:
    """A record as JSON: fields, child lists, linked items, attachments, derived figures."""
    from ctrdesk.core.attachments import attachments_of

    kind = get_kind(kind_name)
    ctx = ctx or context(ws)
    with ws.reading():
        row = kind.model.get_or_none(kind.model.id == record_id)
        if row is None:
            raise NotFoundError(_("No {kind} with id {id}.").format(kind=kind.name,
                                                                    id=record_id))
        data = _fields_of(kind, row, ctx, people_as_uuids)
        for child in kind.children:
            data[child.name] = _read_children(child, row.id, ctx, people_as_uuids)
        data["program_items"] = [i for (i,) in tuples(RecordLink.select(RecordLink.item).where(
            (RecordLink.owner_table == kind.table) & (RecordLink.owner_id == row.id)))]
    data["attachments"] = [a.as_json() for a in attachments_of(ws, kind.table, record_id)]
    if kind.figures is not None:
        data["figures"] = kind.figures(ws, data)
    return data


def get_records(ws: Workspace, kind_name: str, record_ids: list[int],
                ctx: Context | None = None) -> list[dict[str, Any]]:
    """Many records at once, each exactly as :func:`get_record` gives it, in the order of
    ``record_ids``: a few queries for them all instead of a few for each."""
    from ctrdesk.core.attachments import AttachmentInfo, blob_path
    from ctrdesk.core.store.models import Attachment

    kind = get_kind(kind_name)
    ctx = ctx or context(ws)
    model = kind.model
    rows: dict[int, Any] = {}
    links: dict[int, list[int]] = {}
    files: dict[int, list[Any]] = {}
    with ws.reading():
        for batch in chunked(record_ids, 500):
            rows.update((int(r.id), r) for r in model.select().where(model.id.in_(batch)))
            for owner, item in tuples(RecordLink.select(RecordLink.owner_id, RecordLink.item)
                                      .where((RecordLink.owner_table == kind.table)
                                             & RecordLink.owner_id.in_(batch))
                                      .order_by(RecordLink.id)):
                links.setdefault(owner, []).append(item)
            for a in Attachment.select().where((Attachment.owner_table == kind.table)
                                               & Attachment.owner_id.in_(batch)
                                               ).order_by(Attachment.id):
                files.setdefault(a.owner_id, []).append(AttachmentInfo(
                    a.id, a.sha256, a.filename, a.size, blob_path(ws, a.sha256)))
    missing = [i for i in record_ids if i not in rows]
    if missing:
        raise NotFoundError(_("No {kind} with id {id}.").format(kind=kind.name, id=missing[0]))
    records = _records_for_figures(ws, kind, [rows[i] for i in record_ids], ctx)
    for data in records:
        data["program_items"] = links.get(data["id"], [])
        data["attachments"] = [a.as_json() for a in files.get(data["id"], [])]
        if kind.figures is not None:
            data["figures"] = kind.figures(ws, data)
    return records


def _person(ctx: Context, person_id: int, as_uuid: bool) -> str:
    return f"uuid:{ctx.people_uuids[person_id]}" if as_uuid else ctx.people[person_id][0]


def _read_children(child: Child, record_id: int, ctx: Context,
                   people_as_uuids: bool = False) -> list[dict[str, Any]]:
    return _children_of(child, [record_id], ctx, people_as_uuids).get(record_id, [])


def _children_of(child: Child, record_ids: list[int], ctx: Context,
                 people_as_uuids: bool = False) -> dict[int, list[dict[str, Any]]]:
    """The child rows of many records, read in a few queries: record id to its list."""
    model = child.model
    if child.owner_table:
        owner = model.owner_id
        scope = model.owner_table == child.owner_table
    else:
        assert child.parent_field is not None
        owner = getattr(model, child.parent_field)
        scope = None
    has_parent = "parent" in model._meta.fields
    result: dict[int, list[dict[str, Any]]] = {}
    for batch in chunked(record_ids, 500):
        query = model.select()
        condition = owner.in_(batch) if len(batch) > 1 else owner == batch[0]
        query = query.where(condition if scope is None else scope & condition)
        query = query.order_by(owner, model.position, model.id) if child.ordered \
            else query.order_by(owner, model.id)
        by_record: dict[int, list[Any]] = {}
        key = "owner_id" if child.owner_table else f"{child.parent_field}_id"
        for row in query:
            by_record.setdefault(getattr(row, key), []).append(row)
        for record_id, rows in by_record.items():
            out: dict[int, dict[str, Any]] = {}
            for row in rows:
                item: dict[str, Any] = {}
                for spec in child.fields:
                    value = getattr(row, f"{spec.name}_id") if spec.type == "person" else \
                        getattr(row, spec.name)
                    item[spec.name] = _person(ctx, value, people_as_uuids) \
                        if spec.type == "person" and value else _jsonable(value)
                out[row.id] = item
            top: list[dict[str, Any]] = []
            for row in rows:  # a second pass: a sub-item may come before its parent
                parent = getattr(row, "parent_id", None) if has_parent else None
                if parent is not None and parent in out:
                    out[parent].setdefault("children", []).append(out[row.id])
                else:
                    top.append(out[row.id])
            result[record_id] = top
    return result


def list_records(ws: Workspace, kind_name: str, *, year: int | None = None,
                 search: str | None = None, organization: int | None = None,
                 limit: int | None = None, with_figures: bool = True,
                 offset: int = 0) -> list[dict[str, Any]]:
    """Records of a kind, newest first; the search folds case and diacritics. ``limit``
    and ``offset`` give one page of the list (the whole list by default).

    A list is read in a few queries whatever its length: the rows, then each child list
    of all of them at once for the figures. Without figures only the listed columns are
    read, as plain rows, and only the names of the people they name: a parent level
    lists the records of ten years of a hundred units."""
    kind = get_kind(kind_name)
    model = kind.model
    needle = fold(search) if search else ""
    figures = with_figures and kind.figures is not None
    shown = [spec for spec in kind.fields
             if spec.in_list or spec.name in (kind.title_field, kind.date_field)]
    searched = list(kind.search_fields) if needle else []
    with ws.reading():
        if figures:
            query = model.select()
        else:
            query = model.select(model.id, model.uuid,
                                 *(getattr(model, spec.name) for spec in shown),
                                 *(getattr(model, name) for name in searched))
        if year is not None:
            if kind.year_field:
                query = query.where(getattr(model, kind.year_field) == year)
            else:
                column = getattr(model, kind.date_field)
                query = query.where((column >= date(year, 1, 1)) & (column <= date(year, 12, 31)))
        if organization is not None:
            query = query.where(model.organization == organization)
        order = getattr(model, kind.year_field or kind.date_field)
        query = query.order_by(order.desc(), model.id.desc())
        if not needle:  # the page is cut in SQL; a search filters first
            if offset:
                query = query.offset(offset)
                if limit is None:
                    query = query.limit(-1)
            if limit is not None:
                query = query.limit(limit)
        if not figures:
            sql, params = query.sql()
            rows = ws.db.execute_sql(sql, params).fetchall()
            return _plain_list(ws, kind, shown, rows, needle, offset, limit)
        rows = list(query)
    ctx = context(ws)
    if needle:
        rows = [row for row in rows if any(needle in fold(str(getattr(row, f) or ""))
                                           for f in kind.search_fields)]
        rows = rows[offset:offset + limit if limit is not None else None]
    out = []
    for row in rows:
        summary: dict[str, Any] = {"id": row.id, "uuid": row.uuid}
        for spec in shown:
            value = getattr(row, f"{spec.name}_id") if spec.type == "person" else \
                getattr(row, spec.name)
            summary[spec.name] = ctx.people[value][0] if spec.type == "person" and value \
                else _jsonable(value)
        out.append(summary)
    if rows:
        for summary, data in zip(out, _records_for_figures(ws, kind, rows, ctx), strict=True):
            summary["figures"] = kind.figures(ws, data)  # type: ignore[misc]
    return out


def _plain_list(ws: Workspace, kind: Kind, shown: list[Any], rows: list[tuple[Any, ...]],
                needle: str, offset: int, limit: int | None) -> list[dict[str, Any]]:
    """The summaries of :func:`list_records` without figures, from the stored rows of
    (id, uuid, the shown fields, the searched fields): a stored date is already the text
    the summary shows, other values are read as their fields read them."""
    width = 2 + len(shown)
    model = kind.model
    convert = [_plain_value(getattr(model, spec.name)) for spec in shown]
    if needle:
        rows = [row for row in rows if any(needle in fold(str(value or ""))
                                           for value in row[width:])]
        rows = rows[offset:offset + limit if limit is not None else None]
    people = [i for i, spec in enumerate(shown, start=2) if spec.type == "person"]
    wanted = sorted({row[i] for row in rows for i in people if row[i]})
    names: dict[int, str] = {}
    with ws.reading():
        for batch in chunked(wanted, 500):
            names.update(tuples(Person.select(Person.id, Person.full_name).where(
                Person.id.in_(batch))))
    out = []
    for row in rows:
        summary: dict[str, Any] = {"id": row[0], "uuid": row[1]}
        for index, spec in enumerate(shown, start=2):
            value = row[index]
            summary[spec.name] = names[value] if spec.type == "person" and value \
                else convert[index - 2](value)
        out.append(summary)
    return out


def _plain_value(field: Any) -> Any:
    """How a stored value of ``field`` becomes what a summary shows (as ``_jsonable`` of
    what peewee reads), without peewee for the common cases."""
    from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

    if isinstance(field, CharField | TextField | ForeignKeyField) or \
            type(field) is IntegerField:
        return lambda value: value

    def stored(value: Any) -> Any:
        return None if value is None else _jsonable(field.python_value(value))

    if isinstance(field, DateField):  # stored as YYYY-MM-DD, what isoformat() gives
        return lambda value: value if isinstance(value, str) and len(value) == 10 \
            and value[4] == "-" else stored(value)
    return stored


def _fields_of(kind: Kind, row: Any, ctx: Context, people_as_uuids: bool) -> dict[str, Any]:
    """A record row's own fields as :func:`get_record` gives them (people by name or uuid)."""
    data: dict[str, Any] = {"id": row.id, "uuid": row.uuid}
    organization = row.organization_id
    data["organization"] = ctx.organizations.get(organization) if organization else None
    for spec in kind.fields:
        value = getattr(row, f"{spec.name}_id") if spec.type == "person" else \
            getattr(row, spec.name)
        data[spec.name] = _person(ctx, value, people_as_uuids) \
            if spec.type == "person" and value else _jsonable(value)
    return data


def _records_for_figures(ws: Workspace, kind: Kind, rows: list[Any], ctx: Context
                         ) -> list[dict[str, Any]]:
    """What the figures of each record are computed from, as :func:`get_record` gives it
    (its fields and child lists), for many records at once."""
    ids = [int(row.id) for row in rows]
    with ws.reading():
        children = {child.name: _children_of(child, ids, ctx) for child in kind.children}
    records = []
    for row in rows:
        data = _fields_of(kind, row, ctx, False)
        for child in kind.children:
            data[child.name] = children[child.name].get(int(row.id), [])
        records.append(data)
    return records


def export_records(ws: Workspace, kind_name: str, fmt: str = "csv",
                   year: int | None = None) -> str:
    """Every record of a kind as CSV (one row per record) or as a JSON list."""
    kind = get_kind(kind_name)
    ctx = context(ws)
    ids = [r["id"] for r in list_records(ws, kind_name, year=year, with_figures=False)]
    records = [get_record(ws, kind_name, record_id, ctx) for record_id in ids]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    columns = ["id", "uuid", "organization", *[f.name for f in kind.fields],
               *[c.name for c in kind.children]]
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for record in records:
        writer.writerow([
            len(record[c]) if isinstance(record.get(c), list) else record.get(c, "")
            for c in columns])
    return buffer.getvalue()


def link_items(ws: Workspace, kind_name: str, record_id: int, item_ids: list[int]) -> None:
    kind = get_kind(kind_name)
    with ws.writing("record.link"):
        for item_id in item_ids:
            if not ProgramItem.select().where(ProgramItem.id == item_id).exists():
                raise ValidationError(_("No program item with id {id}.")
                                      .format(id=item_id), field="program_items")
            RecordLink.get_or_create(owner_table=kind.table, owner_id=record_id, item=item_id)


__all__ = ["FollowUp", "delete_record", "export_records", "get_record", "list_records",
           "save_record"]


def linkable_items(ws: Workspace) -> list[tuple[int, str]]:
    """The items of the unit's programs a record may serve: (id, number and title)."""
    from ctrdesk.core.store.models import Program, ProgramItem

    with ws.reading():
        items = list(ProgramItem.select(ProgramItem.id, ProgramItem.number,
                                        ProgramItem.title, ProgramItem.text)
                     .join(Program).where((Program.kind == "unit_program")
                                          & (ProgramItem.role != ""))
                     .order_by(ProgramItem.program, ProgramItem.id))
    return [(int(item.id), " ".join(x for x in (item.number, item.title or item.text) if x))
            for item in items]
