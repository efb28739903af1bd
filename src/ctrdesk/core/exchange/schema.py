"""The declared schema of every file in both package kinds, as msgspec structs.

A ``.ctrsub`` holds ``manifest.json``, ``data/people.json``, ``data/program.json``,
``data/records.json`` and optionally ``data/consolidation.json``; a ``.ctrprog`` holds its
own ``manifest.json``, ``program.json`` and ``units.json``. Each is decoded here straight
into typed structs with the same types, enumerations, ranges and text lengths the exporter
writes from (the store's models and the record kinds' descriptions), so a package that
passed its signature is checked whole before the importer opens a transaction. A fault is
a :class:`SchemaError` naming the member and the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from ctrdesk.core.store.models import (
    ITEM_KINDS,
    ITEM_STATUSES,
    ORGANIZATION_KINDS,
    PERSON_ROLES,
    TARGET_UNITS,
    THRESHOLD_OPS,
    TIME_KINDS,
)

UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
SHORT_TEXT = 2_000  # a name, a number, a one-line field
LONG_TEXT = 200_000  # a narrative field
MAX_ROWS = 5_000  # rows of one list in one member
SQLITE_INT = 2**31 - 1  # counts stored in INTEGER columns; far below SQLite's own limit

Day = date  # a field below is itself called "date"
Uuid = Annotated[str, Meta(pattern=UUID_PATTERN)]
Sha256 = Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]
Name = Annotated[str, Meta(min_length=1, max_length=500)]
Short = Annotated[str, Meta(max_length=SHORT_TEXT)]
Long = Annotated[str, Meta(max_length=LONG_TEXT)]
Count = Annotated[int, Meta(ge=0, le=SQLITE_INT)]
Figure = Annotated[float, Meta(ge=-1e9, le=1e9)]
MemberName = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_./-]{1,200}$")]


class SchemaError(ValueError):
    """A member does not follow its schema: ``member`` and ``field`` say where."""

    def __init__(self, member: str, field: str, problem: str) -> None:
        super().__init__(f"{member}: {field}: {problem}")
        self.member, self.field, self.problem = member, field, problem


_AT = re.compile(r"^(?P<problem>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)


def decode(member: str, data: bytes, type_: Any) -> Any:
    """``data`` decoded as ``type_``, or a :class:`SchemaError` naming the field."""
    try:
        return msgspec.json.decode(data, type=type_, strict=True)
    except msgspec.ValidationError as exc:
        match = _AT.match(str(exc))
        problem = match.group("problem") if match else str(exc)
        path = (match.group("path") or "") if match else ""
        raise SchemaError(member, path.lstrip(".") or "(document)", problem) from exc
    except msgspec.DecodeError as exc:
        raise SchemaError(member, "(document)", str(exc)) from exc
    except RecursionError as exc:
        raise SchemaError(member, "(document)", "nested too deeply") from exc


# --- submissions (.ctrsub) ---------------------------------------------------------------


class Envelope(Struct):
    """What any manifest must say first: its format and version."""

    format: Annotated[str, Meta(max_length=100)]
    version: int


class UnitRef(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    name: Name


class DocumentEntry(Struct, forbid_unknown_fields=True):
    file: Annotated[str, Meta(pattern=r"^documents/[0-9a-fA-F-]{36}\.pdf$")]
    number: Short
    title: Long
    kind: Annotated[str, Meta(max_length=50)]
    signed: bool


class Manifest(Struct, forbid_unknown_fields=True):
    format: Literal["ctrdesk.submission/1"]
    version: Literal[1]
    unit: UnitRef
    period: Annotated[str, Meta(max_length=20)]
    created: datetime
    files: Annotated[dict[MemberName, Sha256], Meta(max_length=5000)]
    documents: Annotated[list[DocumentEntry], Meta(max_length=5000)] = []


class PersonRow(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    full_name: Name
    role: Literal[PERSON_ROLES]  # type: ignore[valid-type]
    title: Short = ""


People = Annotated[list[PersonRow], Meta(max_length=MAX_ROWS)]

ITEM_ROLES = ("", "lead", "coordinating", "implementing", "suggested")


class ItemRow(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    parent_uuid: Uuid | None
    source_item_uuid: Uuid | None
    responsible_person_uuid: Uuid | None
    kind: Literal[ITEM_KINDS]  # type: ignore[valid-type]
    number: Short
    title: Long
    text: Long
    role: Literal[ITEM_ROLES]  # type: ignore[valid-type]
    role_evidence: Long
    status: Literal[ITEM_STATUSES]  # type: ignore[valid-type]
    progress: Annotated[int, Meta(ge=0, le=100)]
    deadline: date | None
    deadline_text: Short
    recurrence: Short
    action: Long
    resources: Long
    accountable: Long
    time_text: Short
    time_kind: Literal[TIME_KINDS] | None  # type: ignore[valid-type]
    time_start: date | None
    time_end: date | None
    position: Count


class ReadingRow(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    as_of: date
    numerator: Count | None
    denominator: Count | None
    count: Count | None
    note: Long = ""


class TargetRow(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    item_uuid: Uuid | None
    parent_target_uuid: Uuid | None
    text: Long
    op: Literal[THRESHOLD_OPS]  # type: ignore[valid-type]
    value: Figure
    max_value: Figure | None
    unit: Literal[TARGET_UNITS]  # type: ignore[valid-type]
    readings: Annotated[list[ReadingRow], Meta(max_length=MAX_ROWS)] = []


class ProgramData(Struct, forbid_unknown_fields=True):
    uuid: Uuid
    parent_uuid: Uuid | None
    summary: Long
    doc_type: Short
    items: Annotated[list[ItemRow], Meta(max_length=MAX_ROWS)]
    targets: Annotated[list[TargetRow], Meta(max_length=MAX_ROWS)]


class RollupSubmissions(Struct):
    units: Count
    submitted: Count
    missing: Annotated[list[Name], Meta(max_length=MAX_ROWS)]


class Rollup(Struct):
    """A sending level's roll-up of the units below it; kept as it came, but its
    submission figures are checked (the level above shows them)."""

    submissions: RollupSubmissions


def _field_type(spec: Any) -> Any:
    """The msgspec type of one record field, from the record kind's description."""
    required = spec.required
    if spec.type in ("text", "longtext"):
        text = Annotated[str, Meta(min_length=1 if required else 0,
                                   max_length=LONG_TEXT if spec.type == "longtext"
                                   else SHORT_TEXT)]
        return text if required else text | None
    if spec.type == "date":
        return date if required else date | None
    if spec.type == "int":
        return Count if required else Count | None
    if spec.type == "year":
        year = Annotated[int, Meta(ge=1945, le=2100)]
        return year if required else year | None
    if spec.type == "bool":
        return bool if required else bool | None
    if spec.type == "choice":
        choices = Literal[tuple(spec.choices)]  # type: ignore[valid-type]
        return choices if required else choices | Literal[""] | None
    if spec.type == "person":
        person = Annotated[str, Meta(pattern="^uuid:" + UUID_PATTERN[1:])]
        return person if required else person | None
    raise AssertionError(spec.type)


def _struct(name: str, fields: Any, extra: list[tuple[str, Any, Any]]) -> Any:
    declared = [(f.name, _field_type(f)) if f.required else (f.name, _field_type(f), None)
                for f in fields]
    ordered = [d for d in declared if len(d) == 2] + [d for d in declared if len(d) == 3]
    return msgspec.defstruct(name, [*ordered, *extra], forbid_unknown_fields=True,
                             kw_only=True)


@cache
def records_type() -> Any:
    """``data/records.json``: for each record kind, its records as the kind describes them."""
    from ctrdesk.core.records.kinds import KINDS

    fields: list[tuple[str, Any, Any]] = []
    names: dict[str, str] = {}
    for kind in KINDS.values():
        attribute = kind.name.replace("-", "_")
        names[attribute] = kind.name
        children: list[tuple[str, Any, Any]] = []
        for child in kind.children:
            leaf = _struct(f"{attribute}_{child.name}_sub", child.fields, [])
            nested: list[tuple[str, Any, Any]] = [
                ("children", Annotated[list[leaf], Meta(max_length=MAX_ROWS)], [])  # type: ignore[valid-type]
            ] if child.name == "agenda" else []  # agenda items carry their sub-items
            row = _struct(f"{attribute}_{child.name}", child.fields, nested)
            children.append((child.name, Annotated[list[row],  # type: ignore[valid-type]
                                                   Meta(max_length=MAX_ROWS)], []))
        record = _struct(attribute, kind.fields, [
            ("uuid", Uuid, msgspec.NODEFAULT), ("organization", Name | None, None),
            *children])
        fields.append((attribute, Annotated[list[record],  # type: ignore[valid-type]
                                            Meta(max_length=MAX_ROWS)], []))
    return msgspec.defstruct("Records", fields, forbid_unknown_fields=True, kw_only=True,
                             rename=names)


# --- programs down (.ctrprog) ------------------------------------------------------------


class ProgramManifest(Struct, forbid_unknown_fields=True):
    format: Literal["ctrdesk.program-package/1"]
    version: Literal[1]
    issuer: UnitRef
    program: Uuid
    created: datetime
    files: Annotated[dict[MemberName, Sha256], Meta(max_length=10)]


class UnitRow(Struct, forbid_unknown_fields=True):
    id: Count
    uuid: Uuid
    name: Name
    kind: Literal[ORGANIZATION_KINDS]  # type: ignore[valid-type]
    parent_id: Count | None = None
    abbreviation: Short = ""
    aliases: Annotated[list[Name], Meta(max_length=100)] = []
    depth: Annotated[int, Meta(ge=0, le=100)] = 0


Units = Annotated[list[UnitRow], Meta(max_length=MAX_ROWS)]


class TimeRow(Struct, forbid_unknown_fields=True):
    text: Short
    kind: Literal[TIME_KINDS]  # type: ignore[valid-type]
    start: date | None = None
    end: date | None = None


class ThresholdRow(Struct, forbid_unknown_fields=True):
    op: Literal[THRESHOLD_OPS]  # type: ignore[valid-type]
    value: Figure
    unit: Literal[TARGET_UNITS]  # type: ignore[valid-type]
    max: Figure | None = None


Names = Annotated[list[Short], Meta(max_length=1000)]


class Node(Struct, forbid_unknown_fields=True):
    """An item of ``ctrdesk.program/1``, with its children (at most 30 levels deep,
    checked by the reader of the format)."""

    kind: Literal[ITEM_KINDS]  # type: ignore[valid-type]
    number: Short = ""
    title: Long = ""
    text: Long = ""
    lead: Names = []
    coordinating: Names = []
    implementing: Names = []
    time: TimeRow | None = None
    threshold: ThresholdRow | None = None
    children: Annotated[list[Node], Meta(max_length=MAX_ROWS)] = []
    units_text: Long = ""
    units_label: Short = ""
    extra: Names = []
    lines: Annotated[list[Count], Meta(max_length=MAX_ROWS)] = []


class Header(Struct, forbid_unknown_fields=True):
    superior: Short | None = None
    issuer: Short | None = None
    number: Short | None = None
    place: Short | None = None
    date: Day | None = None
    doc_type: Short | None = None
    summary: Long | None = None
    preamble: Annotated[list[Long], Meta(max_length=1000)] = []


class SignatureRow(Struct, forbid_unknown_fields=True):
    authority: Short = ""
    position: Short = ""
    name: Short = ""


class SourceRef(Struct):
    filename: Short = ""
    sha256: Annotated[str, Meta(max_length=64)] = ""


class IgnoredLine(Struct):
    line: Count
    text: Long
    reason: Short


class ProgramBody(Struct, forbid_unknown_fields=True):
    """``program.json`` of a ``.ctrprog``: a ``ctrdesk.program/1`` document (read into a
    program by :func:`ctrdesk.core.importing.interchange.program_from_json`) with the
    UUIDs the parent holds it under."""

    format: Literal["ctrdesk.program/1"]
    header: Header
    items: Annotated[list[Node], Meta(max_length=MAX_ROWS)]
    uuid: Uuid
    item_uuids: Annotated[list[Uuid], Meta(max_length=MAX_ROWS)]
    target_uuids: Annotated[list[Uuid | None], Meta(max_length=MAX_ROWS)]
    kind: Literal["action_program", "work_program", "plan", "inspection_program",
                  "unit_program"] = "action_program"
    signature: SignatureRow | None = None
    recipients: Names = []
    notes: Names = []
    source: SourceRef | None = None
    ignored: Annotated[list[IgnoredLine], Meta(max_length=MAX_ROWS)] = []
    legacy_encoding: Short | None = None


def plain(value: Any) -> Any:
    """A decoded struct as plain JSON values (dates as ISO text)."""
    return msgspec.to_builtins(value)
