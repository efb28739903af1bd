"""What a unit's packages own at the upper level, and superseding that replaces.

Every row a package carries belongs to the sending unit. A package may create rows, and
update the rows its own unit's earlier packages created; a UUID that belongs to another
unit, or to this workspace's own data, is refused with the member and the row named.
Each received row names its unit (``received_from``), and each submission the rows it
carried (``Submission.carried``), so a newer package for the same unit and period
replaces the older one's data as a whole: what it no longer carries leaves the current
view (the older submission stays as history).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from peewee import chunked

from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Organization,
    Person,
    Program,
    ProgramItem,
    Target,
    TargetReading,
    tuples,
)

if TYPE_CHECKING:
    from ctrdesk.core.exchange.importer import Checked, Verified


def _refuse(name: str, reason: str) -> Exception:
    from ctrdesk.core.exchange.zipread import refuse

    return refuse(name, reason)


def _record_kinds() -> dict[str, Any]:
    from ctrdesk.core.records.kinds import KINDS

    return KINDS


def _members() -> dict[str, str]:
    """Table name -> package member of every kind of row a package carries."""
    tables = {"person": "data/people.json", "program": "data/program.json",
              "program_item": "data/program.json", "target": "data/program.json",
              "target_reading": "data/program.json"}
    for kind in _record_kinds().values():
        tables[kind.table] = "data/records.json"
    return tables


def carried_rows(package: Checked) -> dict[str, list[str]]:
    carried: dict[str, list[str]] = {"person": [p.uuid for p in package.people]}
    program = package.program
    if program is not None:
        carried["program"] = [program.uuid]
        carried["program_item"] = [i.uuid for i in program.items]
        carried["target"] = [t.uuid for t in program.targets]
        carried["target_reading"] = [r.uuid for t in program.targets for r in t.readings]
    for kind_name, records in package.records.items():
        carried[_record_kinds()[kind_name].table] = [r["uuid"] for r in records]
    return carried


def check_consistency(package: Checked) -> None:
    """The package agrees with itself: each row once, the program tree whole (parents
    first), targets on the program's items, people named from the package's own list.
    Notes the rows it carries (``carried``). Needs no workspace: a batch's worker
    processes make this check."""
    name = package.name
    carried = carried_rows(package)
    package.carried = carried
    for table, uuids in carried.items():
        if len(set(uuids)) != len(uuids):
            seen: set[str] = set()
            twice = next(u for u in uuids if u in seen or seen.add(u))  # type: ignore[func-returns-value]
            raise _refuse(name, _("{member}: the row {uuid} appears twice").format(
                member=_members()[table], uuid=twice))
    people = set(carried["person"])
    program = package.program
    if program is not None:
        items: set[str] = set()
        for index, item in enumerate(program.items):
            if item.parent_uuid is not None and item.parent_uuid not in items:
                raise _refuse(name, _("data/program.json: items[{index}].parent_uuid: the "
                                      "program tree is broken").format(index=index))
            if item.responsible_person_uuid is not None \
                    and item.responsible_person_uuid not in people:
                raise _refuse(name, _("data/program.json: items[{index}]."
                                      "responsible_person_uuid: not one of the unit's people")
                              .format(index=index))
            items.add(item.uuid)
        for index, target in enumerate(program.targets):
            if target.item_uuid is not None and target.item_uuid not in items:
                raise _refuse(name, _("data/program.json: targets[{index}].item_uuid: not an "
                                      "item of the program").format(index=index))
            if target.op == "range" and (target.max_value is None
                                         or target.max_value < target.value):
                raise _refuse(name, _("data/program.json: targets[{index}].max_value: a range "
                                      "needs a maximum at least its value").format(index=index))
    for kind_name, records in package.records.items():
        kind = _record_kinds()[kind_name]
        for index, record in enumerate(records):
            where = f"{kind_name}[{index}]"
            for ref, value in _person_refs(kind, record, where):
                if value[5:] not in people:
                    raise _refuse(name, _("data/records.json: {field}: not one of the unit's "
                                          "people").format(field=ref))


def _person_refs(kind: Any, record: dict[str, Any], where: str) -> list[tuple[str, str]]:
    refs = [(f"{where}.{f.name}", record[f.name]) for f in kind.fields
            if f.type == "person" and record.get(f.name)]
    for child in kind.children:
        rows = list(enumerate(record.get(child.name) or []))
        for position, row in rows:
            refs += [(f"{where}.{child.name}[{position}].{f.name}", row[f.name])
                     for f in child.fields if f.type == "person" and row.get(f.name)]
    return refs


def select_in(ws: Workspace, sql: str, values: list[str],
              head: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` whose ``IN (%s)`` takes ``values``, a few hundred at a time, after
    the parameters ``head`` (plain SQL: a package's checks run a thousand times a batch)."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(values), 500):
        batch = values[start:start + 500]
        rows += ws.db.execute_sql(sql % ", ".join("?" * len(batch)),
                                  [*head, *batch]).fetchall()
    return rows


def check_ownership(ws: Workspace, verified: Verified) -> None:
    """No row of another unit or of this workspace's own data is touched; the rows the
    package points at (its parent program, items and targets) are the parent's own."""
    name, unit = verified.name, verified.unit
    members = _members()
    with ws.reading():
        for table, uuids in verified.carried.items():
            if not uuids:
                continue
            member = members[table]
            # The rows that exist already, with the unit that sent each (none: our own).
            owners = dict(select_in(ws, f'SELECT "uuid", "received_from_id" FROM "{table}" '
                                        'WHERE "uuid" IN (%s)', uuids))
            for uuid in uuids:  # the first wrong row in the package's order is named
                if uuid not in owners or owners[uuid] == unit.id:
                    continue
                owner = owners[uuid]
                if owner is None:
                    raise _refuse(name, _("{member}: the row {uuid} ({table}) belongs to this "
                                          "workspace's own data").format(
                        member=member, uuid=uuid, table=table))
                other = Organization.get_or_none(Organization.id == owner)
                raise _refuse(name, _("{member}: the row {uuid} ({table}) belongs to "
                                      "another unit ({unit})").format(
                    member=member, uuid=uuid, table=table,
                    unit=shown(other.name if other else owner)))
        program = verified.program
        if program is not None and program.parent_uuid is not None:
            parent = ws.db.execute_sql('SELECT "kind" FROM "program" WHERE "uuid" = ?',
                                       (program.parent_uuid,)).fetchone()
            if parent is not None and parent[0] == "unit_program":
                raise _refuse(name, _("data/program.json: parent_uuid: {uuid} is another "
                                      "unit's program").format(uuid=program.parent_uuid))


def carried_text(carried: dict[str, list[str]]) -> str:
    """The rows a submission carried, as its ``carried`` column keeps them."""
    return json.dumps(carried, separators=(",", ":"))


def superseded_rows(ws: Workspace, unit_id: int, older: int, carried: dict[str, list[str]]
                    ) -> dict[str, set[str]]:
    """What the older package carried and the newer one does not, unless a current
    package of another period still carries it: the UUIDs by table."""
    (text,) = ws.db.execute_sql('SELECT "carried" FROM "submission" WHERE "id" = ?',
                                (older,)).fetchone()
    gone = {table: set(uuids) - set(carried.get(table, ()))
            for table, uuids in json.loads(text or "{}").items()}
    for (other,) in ws.db.execute_sql(
            'SELECT "carried" FROM "submission" WHERE "organization_id" = ? AND '
            '"status" = \'current\' AND "id" != ?', (unit_id, older)).fetchall():
        for table, uuids in json.loads(other or "{}").items():
            gone.get(table, set()).difference_update(uuids)
    return gone


def drop_superseded_records(ws: Workspace, gone: dict[str, set[str]]) -> None:
    """Remove the superseded records (with their child rows and links). Done before the
    newer package's records are stored: those are checked against the records that
    stay (a member re-rated under a new UUID is not rated twice)."""
    from ctrdesk.core.records.service import delete_record

    for table, kind in {k.table: k for k in _record_kinds().values()}.items():
        for batch in chunked(sorted(gone.get(table, ())), 500):
            for (record_id,) in tuples(kind.model.select(kind.model.id).where(
                    kind.model.uuid.in_(batch))):
                delete_record(ws, kind.name, record_id)


def drop_superseded_rows(ws: Workspace, gone: dict[str, set[str]]) -> None:
    """Remove the rest of what was superseded, after the newer package's rows are stored
    (its records then no longer point at the older people), children before what they
    hang on: readings, targets, items, program, people."""
    for table, model in (("target_reading", TargetReading), ("target", Target),
                         ("program_item", ProgramItem), ("program", Program),
                         ("person", Person)):
        for batch in chunked(sorted(gone.get(table, ())), 500):
            model.delete().where(model.uuid.in_(batch)).execute()
