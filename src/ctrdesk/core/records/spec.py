"""Record kinds described once, read and written by one generic service.

A kind lists its fields and child lists (attendance, concerns, measures, follow-ups…);
the same description drives validation, the JSON the CLI reads and writes, the lists and
the GUI forms. Each kind adds its own checks and derived figures in
:mod:`ctrdesk.core.records.kinds`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _

FIELD_TYPES = ("text", "longtext", "date", "int", "bool", "choice", "person", "year")


@dataclass(frozen=True)
class Field:
    name: str  # key in the record's JSON and the model attribute
    label: str  # marked with N_, translated where shown
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Any = None
    in_list: bool = False  # shown as a column of the list


@dataclass(frozen=True)
class Child:
    name: str  # key in the record's JSON: "attendance", "concerns"…
    label: str
    model: Any  # a peewee model class; its typing cannot express generic field access
    fields: tuple[Field, ...]
    parent_field: str | None = None  # the child's foreign key to the record
    owner_table: str | None = None  # or: rows shared by several kinds (follow-ups)
    ordered: bool = True  # has a "position" column


@dataclass(frozen=True)
class Kind:
    name: str  # session, dialogue, inspection, ideological-issue, rating
    label: str
    model: Any  # a peewee model class
    fields: tuple[Field, ...]
    children: tuple[Child, ...] = ()
    date_field: str = "held_on"  # what lists sort and filter years by
    year_field: str | None = None  # or an explicit year column
    title_field: str = "title"
    validate: Callable[..., None] | None = None  # (ws, data, record_id, batch) -> None
    figures: Callable[..., dict[str, Any]] | None = None  # (ws, data) -> derived figures
    after_save: Callable[..., dict[str, Any]] | None = None  # (ws, record_id, data) -> info
    search_fields: tuple[str, ...] = ("title",)
    bulk_order: Callable[[dict[str, Any]], Any] | None = None  # order of a list's saves

    @property
    def table(self) -> str:
        return str(self.model._meta.table_name)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def label_of(self, path: str) -> str:
        """A field's path as the user reads it: "attendance[2].person" →
        "Điểm danh, dòng 2: Đảng viên"; "held_on" → "Ngày họp"."""
        return label_of_path(path, self.fields, self.children)


_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def label_of_path(path: str, fields: tuple[Field, ...], children: tuple[Child, ...]) -> str:
    parts: list[str] = []
    level_fields, level_children = fields, children
    for step in path.split("."):
        match = _STEP.fullmatch(step)
        if match is None:
            return path
        name, row = match.group(1), match.group(2)
        child = next((c for c in level_children if c.name == name), None)
        if name == "children" and row:  # agenda sub-items
            parts.append(_("sub-item {row}").format(row=row))
            continue
        if child is not None:
            parts.append(_("{list}, row {row}").format(list=_(child.label), row=row)
                         if row else _(child.label))
            level_fields, level_children = child.fields, ()
            continue
        spec = next((f for f in level_fields if f.name == name), None)
        if spec is None:
            from ctrdesk.core.validation import label_of

            parts.append(label_of(name))
        else:
            parts.append(_(spec.label))
    return ": ".join(parts)


@dataclass
class Context:
    """What values are resolved against: the workspace's people and units."""

    people_by_name: dict[str, list[int]] = field(default_factory=dict)
    people: dict[int, tuple[str, int]] = field(default_factory=dict)  # id -> (name, org)
    people_uuids: dict[int, str] = field(default_factory=dict)  # id -> uuid
    people_by_uuid: dict[str, int] = field(default_factory=dict)
    organizations: dict[int, str] = field(default_factory=dict)
    organizations_by_name: dict[str, list[int]] = field(default_factory=dict)
    own_organization: int | None = None


def _where(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def coerce(value: Any, spec: Field, where: str, context: Context,
           organization: int | None, label: Callable[[], str] | None = None) -> Any:
    """One value from JSON or a form to what is stored; a ValidationError names the field
    by ``label()`` (its label by default) and marks it by ``where``. The label is made only
    for an error: a package brings a hundred values a record, nearly all of them right."""

    def shown() -> str:
        return label() if label is not None else _(spec.label)

    if value is None or value == "":
        if spec.required:
            raise ValidationError(_("{field} is required.").format(field=shown()), field=where)
        if spec.type in ("text", "longtext", "choice"):
            return spec.default if spec.default is not None else ""
        if spec.type == "bool":
            return bool(spec.default)
        if spec.type == "int":
            return spec.default if spec.default is not None else 0
        return None
    if spec.type in ("text", "longtext"):
        if not isinstance(value, str):
            raise ValidationError(_("{field} must be text.").format(field=shown()),
                                  field=where)
        return value.strip() if spec.type == "longtext" else " ".join(value.split())
    if spec.type == "date":
        from ctrdesk.core.validation import parse_date

        if isinstance(value, date):  # already a date (a package's): nothing to name
            return parse_date(value, field=where)
        return parse_date(value, field=where, label=shown())
    if spec.type in ("int", "year"):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError(_("{field} must be a whole number.").format(field=shown()),
                                  field=where)
        try:
            number = int(value)
        except ValueError as exc:
            raise ValidationError(_("{field} must be a whole number.").format(field=shown()),
                                  field=where) from exc
        if number < 0 or (spec.type == "year" and not 1945 <= number <= 2100):
            raise ValidationError(_("{field} is out of range.").format(field=shown()),
                                  field=where)
        return number
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        raise ValidationError(_("{field} must be true or false.").format(field=shown()),
                              field=where)
    if spec.type == "choice":
        if value not in spec.choices:
            raise ValidationError(_("{field}: '{value}' is not one of {choices}.").format(
                field=shown(), value=value, choices=", ".join(spec.choices)), field=where)
        return value
    if spec.type == "person":
        return resolve_person(value, where, context, organization, shown)
    raise AssertionError(spec.type)


def resolve_person(value: Any, where: str, context: Context, organization: int | None,
                   label: Callable[[], str] | None = None) -> int:
    """A person by id or by name (within the record's unit when names repeat)."""

    def shown() -> str:  # made only for an error
        return label() if label is not None else where

    if isinstance(value, int) and not isinstance(value, bool):
        if value in context.people:
            return value
        raise ValidationError(_("{field}: no person with id {id}.").format(
            field=shown(), id=value), field=where)
    if not isinstance(value, str):
        raise ValidationError(_("{field} must be a person's name or id.").format(field=shown()),
                              field=where)
    if value.startswith("uuid:"):  # how packages between workspaces refer to people
        person = context.people_by_uuid.get(value[5:])
        if person is None:
            raise ValidationError(_("{field}: no person with id {id}.").format(
                field=shown(), id=value), field=where)
        return person
    from ctrdesk.core.textnorm import fold

    found = context.people_by_name.get(fold(value), [])
    if organization is not None and len(found) > 1:
        found = [p for p in found if context.people[p][1] == organization] or found
    if not found:
        raise ValidationError(_("{field}: nobody called '{name}' in this workspace.").format(
            field=shown(), name=value), field=where)
    if len(found) > 1:
        raise ValidationError(_("{field}: several people are called '{name}'; give the id.")
                              .format(field=shown(), name=value), field=where)
    return found[0]
