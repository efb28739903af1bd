"""What a write changed: a small typed summary handed to whoever shows the workspace.

Every committed action produces one :class:`Changes` (Anki's ``OpChanges`` is the model):
which kinds of entity it touched, the ids a core operation chose to name, the periods it
concerns, the action's name and the origin that asked for it (a page, so it can skip its
own echo). The kinds are read from the statements themselves, so no write can forget to
say what it touched; operations add ids and periods where a reader can use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class Entity(StrEnum):
    """The kinds of thing a page may show."""

    SETTING = "setting"
    ORGANIZATION = "organization"
    PERSON = "person"
    PROGRAM = "program"          # a program's own row (the list of programs)
    ITEM = "item"                # items of a program, their units and 05-rõ fields
    TARGET = "target"            # targets and their readings
    PROGRESS = "progress"        # progress notes
    ATTACHMENT = "attachment"
    RECORD = "record"            # meetings, dialogues, inspections, issues, ratings
    DOCUMENT = "document"        # the document register
    TRUST = "trust"              # trusted roots and units' certificates
    SUBMISSION = "submission"    # packages received


TABLES: dict[str, Entity] = {
    "setting": Entity.SETTING,
    "organization": Entity.ORGANIZATION,
    "organization_alias": Entity.ORGANIZATION,
    "person": Entity.PERSON,
    "program": Entity.PROGRAM,
    "program_item": Entity.ITEM,
    "item_unit": Entity.ITEM,
    "target": Entity.TARGET,
    "target_reading": Entity.TARGET,
    "progress_note": Entity.PROGRESS,
    "attachment": Entity.ATTACHMENT,
    "meeting": Entity.RECORD,
    "agenda_item": Entity.RECORD,
    "attendance": Entity.RECORD,
    "follow_up": Entity.RECORD,
    "dialogue": Entity.RECORD,
    "concern": Entity.RECORD,
    "inspection": Entity.RECORD,
    "disciplinary_measure": Entity.RECORD,
    "ideological_issue": Entity.RECORD,
    "rating": Entity.RECORD,
    "record_link": Entity.RECORD,
    "document": Entity.DOCUMENT,
    "trust_root": Entity.TRUST,
    "unit_certificate": Entity.TRUST,
    "submission": Entity.SUBMISSION,
}

_TABLE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|'
    r'DELETE\s+FROM)\s+"?(\w+)"?',
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)  # the same few statements come back a thousand times a batch
def entity_of_statement(sql: str) -> Entity | None:
    """The kind of entity a write statement touches (None for schema statements)."""
    match = _TABLE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    return TABLES.get(table, Entity.SETTING if table == "schema_version" else None)


@dataclass(frozen=True)
class Changes:
    """What one committed action changed."""

    entities: frozenset[Entity] = frozenset()
    ids: frozenset[tuple[Entity, int]] = frozenset()
    periods: frozenset[str] = frozenset()
    action: str = ""
    origin: object = field(default=None, compare=False)

    def touches(self, *entities: Entity) -> bool:
        return any(entity in self.entities for entity in entities)

    def ids_of(self, entity: Entity) -> set[int]:
        return {i for kind, i in self.ids if kind is entity}

    def is_from(self, origin: object) -> bool:
        return origin is not None and self.origin is origin

    def __bool__(self) -> bool:
        return bool(self.entities)


class ChangeCollector:
    """Collects the changes of one outermost write, across nested writes."""

    def __init__(self, action: str, origin: object):
        self.action = action
        self.origin = origin
        self.entities: set[Entity] = set()
        self.ids: set[tuple[Entity, int]] = set()
        self.periods: set[str] = set()

    def statement(self, sql: str) -> None:
        entity = entity_of_statement(sql)
        if entity is not None:
            self.entities.add(entity)

    def note(self, entity: Entity, *ids: int, period: str | None = None) -> None:
        self.entities.add(entity)
        self.ids.update((entity, int(i)) for i in ids)
        if period:
            self.periods.add(str(period))

    def result(self) -> Changes:
        return Changes(frozenset(self.entities), frozenset(self.ids), frozenset(self.periods),
                       self.action, self.origin)
