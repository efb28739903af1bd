"""Storing a verified submission's rows, set-based, inside the import's one transaction.

A batch stores a thousand packages of a few hundred rows each in one writer, so each kind
of row goes in with one prepared statement over all its rows (``executemany``) instead of
a query built per row, its values as the package's schema typed them (no conversion):
people, the unit's program, its items (their tree resolved by UUID as the rows go in,
parents first), targets and readings. Records keep their own rules
(:func:`ctrdesk.core.records.service.normalize` and the kind's validation) and are
checked one by one in the package's transaction without a savepoint each (a rating
against those held and those of the package before it); their child rows (attendance,
concerns) and the new records without any (ratings) go in per table at the end. Every
row still goes through the workspace's write path, so the audit trail sees each of them.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.exchange.schema import ProgramData
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.bulk import ids_by_uuid, upsert_rows
from ctrdesk.core.store.models import (
    Organization,
    Person,
    Program,
    ProgramItem,
    Target,
    TargetReading,
)

if TYPE_CHECKING:
    from ctrdesk.core.exchange.importer import Verified

PERSON_COLUMNS = ("organization", "full_name", "role", "title", "received_from")
PROGRAM_COLUMNS = ("kind", "issuer", "issuer_text", "summary", "doc_type", "parent", "status",
                   "received_from")
ITEM_COLUMNS = (
    "kind", "number", "title", "text", "role", "role_evidence", "status", "progress",
    "deadline_text", "recurrence", "action", "resources", "accountable", "time_text",
    "time_kind", "position", "deadline", "time_start", "time_end", "program", "parent",
    "source_item", "responsible_person", "received_from")
TARGET_COLUMNS = ("program", "item", "parent_target", "text", "op", "value", "max_value",
                  "unit", "received_from")
READING_COLUMNS = ("target", "as_of", "numerator", "denominator", "count", "note",
                   "received_from")
# An item's parent by its UUID, looked up as the rows go in: the parent was stored first.
_ITEM_BY_UUID = '(SELECT "id" FROM "program_item" WHERE "uuid" = ?)'


def store_people(unit: Organization, people: list[Any]) -> None:
    upsert_rows(Person, PERSON_COLUMNS, [
        (p.uuid, unit.id, p.full_name, p.role, p.title, unit.id) for p in people])


def _parent_rows(ws: Workspace, table: str, uuids: set[str | None]) -> dict[str, int]:
    """Ids of the parent's own items or targets (never a unit program's) by UUID."""
    from ctrdesk.core.exchange.ownership import select_in

    return dict(select_in(ws, f'SELECT t."uuid", t."id" FROM "{table}" t JOIN "program" p '
                              'ON p."id" = t."program_id" WHERE p."kind" != \'unit_program\' '
                              'AND t."uuid" IN (%s)', [u for u in uuids if u]))


def store_program(ws: Workspace, unit: Organization, data: ProgramData) -> None:
    db = ws.db
    parent = db.execute_sql(
        'SELECT "id" FROM "program" WHERE "uuid" = ? AND "kind" != \'unit_program\'',
        (data.parent_uuid,)).fetchone() if data.parent_uuid else None
    upsert_rows(Program, PROGRAM_COLUMNS, [(
        data.uuid, "unit_program", unit.id, unit.name, data.summary, data.doc_type,
        parent[0] if parent else None, "issued", unit.id)])
    program = db.execute_sql('SELECT "id" FROM "program" WHERE "uuid" = ?',
                             (data.uuid,)).fetchone()[0]
    people = dict(db.execute_sql('SELECT "uuid", "id" FROM "person" WHERE '
                                 '"organization_id" = ?', (unit.id,)).fetchall())
    # The parent program's items and targets the unit's rows point at, in one query each.
    sources = _parent_rows(ws, "program_item", {i.source_item_uuid for i in data.items})
    parent_targets = _parent_rows(ws, "target", {t.parent_target_uuid
                                                 for t in data.targets})
    plain = attrgetter(*ITEM_COLUMNS[:19])  # one call a row for the columns as they are
    upsert_rows(ProgramItem, ITEM_COLUMNS, [(
        item.uuid, *plain(item), program, item.parent_uuid,
        sources.get(item.source_item_uuid) if item.source_item_uuid else None,
        people.get(item.responsible_person_uuid) if item.responsible_person_uuid else None,
        unit.id) for item in data.items], refs={"parent": _ITEM_BY_UUID})
    items = ids_by_uuid(ProgramItem, [t.item_uuid for t in data.targets if t.item_uuid])
    upsert_rows(Target, TARGET_COLUMNS, [(
        target.uuid, program, items.get(target.item_uuid) if target.item_uuid else None,
        parent_targets.get(target.parent_target_uuid) if target.parent_target_uuid
        else None, target.text, target.op, target.value, target.max_value, target.unit,
        unit.id) for target in data.targets])
    targets = ids_by_uuid(Target, [t.uuid for t in data.targets if t.readings])
    upsert_rows(TargetReading, READING_COLUMNS, [(
        reading.uuid, targets[target.uuid], reading.as_of, reading.numerator,
        reading.denominator, reading.count, reading.note, unit.id)
        for target in data.targets for reading in target.readings])


def store_records(ws: Workspace, verified: Verified) -> None:
    from ctrdesk.core.exchange.zipread import refuse
    from ctrdesk.core.records.service import (
        WriteBatch,
        context,
        get_kind,
        normalize,
        write_record,
    )

    unit = verified.unit
    ctx = context(ws, people_of=unit.id, only_unit=True)  # once per package
    batch = WriteBatch()  # child rows and plain new records, a statement per table
    for kind_name, items in verified.records.items():
        kind = get_kind(kind_name)
        order = list(range(len(items)))
        if kind.bulk_order is not None:  # the excellent ratings after those they share
            order.sort(key=lambda i: kind.bulk_order(items[i]))  # type: ignore[misc]
        existing = ids_by_uuid(kind.model, [r["uuid"] for r in items])
        for index in order:
            record = {**items[index], "organization": unit.id}
            try:
                write_record(ws, kind, normalize(ws, kind, record, ctx),
                             existing.get(record["uuid"]), batch, received_from=unit.id)
            except CtrdeskError as exc:
                raise refuse(verified.name, _("data/records.json: {kind}[{index}]: {reason}")
                             .format(kind=kind_name, index=index, reason=shown(exc.message))
                             ) from exc
    batch.flush()
