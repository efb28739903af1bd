"""Party organizations (a tree) and the people in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    ORGANIZATION_KINDS,
    PERSON_ROLES,
    Organization,
    OrganizationAlias,
    Person,
    tuples,
)
from ctrdesk.core.validation import clean_text, require_choice, require_text

OWN_UNIT_SETTING = "own_organization_uuid"


@dataclass(frozen=True)
class OrganizationInfo:
    id: int
    uuid: str
    kind: str
    name: str
    abbreviation: str
    parent_id: int | None
    depth: int
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "kind": self.kind,
            "name": self.name,
            "abbreviation": self.abbreviation,
            "parent_id": self.parent_id,
            "depth": self.depth,
            "aliases": list(self.aliases),
        }


def add_organization(
    ws: Workspace,
    name: str,
    kind: str,
    *,
    parent: int | None = None,
    abbreviation: str = "",
    aliases: list[str] | tuple[str, ...] = (),
) -> int:
    """Add an organization under ``parent`` (an id) and return its id."""
    name = require_text(name, field="name", message=_("The organization needs a name."))
    require_choice(
        kind, ORGANIZATION_KINDS, field="kind",
        message=_("Unknown organization kind '{value}'; use one of: {choices}."),
    )
    with ws.writing("organization.add"):
        parent_row = None
        if parent is not None:
            parent_row = Organization.get_or_none(Organization.id == parent)
            if parent_row is None:
                raise NotFoundError(
                    _("No organization with id {id}.").format(id=parent), field="parent"
                )
        siblings = Organization.select().where(
            Organization.parent.is_null() if parent is None else Organization.parent == parent
        )
        if siblings.where(fn.lower(Organization.name) == name.lower()).exists():
            raise ValidationError(
                _("'{name}' already exists at this place in the tree.").format(name=name),
                field="name",
            )
        position = siblings.count()
        org = Organization.create(
            name=name, kind=kind, parent=parent_row, abbreviation=clean_text(abbreviation),
            position=position,
        )
        for alias in dict.fromkeys(clean_text(a) for a in aliases):
            if alias and alias != name:
                OrganizationAlias.create(organization=org, name=alias)
        return int(org.id)


def list_organizations(ws: Workspace) -> list[OrganizationInfo]:
    """Every organization in tree order (parents before their children)."""
    with ws.reading():
        rows = tuples(
            Organization.select(
                Organization.id, Organization.uuid, Organization.kind, Organization.name,
                Organization.abbreviation, Organization.parent,
            ).order_by(Organization.position, Organization.id)
        )
        aliases: dict[int, list[str]] = {}
        for org_id, alias in tuples(
            OrganizationAlias.select(OrganizationAlias.organization, OrganizationAlias.name)
            .order_by(OrganizationAlias.id)
        ):
            aliases.setdefault(org_id, []).append(alias)
    children: dict[int | None, list[tuple[Any, ...]]] = {}
    for row in rows:
        children.setdefault(row[5], []).append(row)
    result: list[OrganizationInfo] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for org_id, uuid, kind, name, abbreviation, parent in children.get(parent_id, []):
            result.append(
                OrganizationInfo(
                    id=org_id, uuid=uuid, kind=kind, name=name, abbreviation=abbreviation,
                    parent_id=parent, depth=depth, aliases=tuple(aliases.get(org_id, ())),
                )
            )
            walk(org_id, depth + 1)

    walk(None, 0)
    return result


def get_organization(ws: Workspace, org_id: int) -> OrganizationInfo:
    for info in list_organizations(ws):
        if info.id == org_id:
            return info
    raise NotFoundError(_("No organization with id {id}.").format(id=org_id))


def add_person(
    ws: Workspace, organization: int, full_name: str, role: str = "member", title: str = ""
) -> int:
    full_name = require_text(full_name, field="full_name", message=_("The person needs a name."))
    require_choice(
        role, PERSON_ROLES, field="role",
        message=_("Unknown role '{value}'; use one of: {choices}."),
    )
    with ws.writing("person.add"):
        if not Organization.select().where(Organization.id == organization).exists():
            raise NotFoundError(
                _("No organization with id {id}.").format(id=organization), field="organization"
            )
        return int(
            Person.create(
                organization=organization, full_name=full_name, role=role, title=clean_text(title)
            ).id
        )


def list_people(ws: Workspace, organization: int | None = None, *,
                active_only: bool = False) -> list[dict[str, object]]:
    """Everyone records may name, in the order they were entered; ``active_only`` keeps
    the members still in their unit (a picker for a new record). Members with all their
    details are in :mod:`ctrdesk.core.people.members`."""
    with ws.reading():
        query = Person.select(Person, Organization).join(Organization).order_by(Person.id)
        if organization is not None:
            query = query.where(Person.organization == organization)
        if active_only:
            query = query.where(Person.membership == "active")
        return [
            {
                "id": p.id, "uuid": p.uuid, "full_name": p.full_name, "role": p.role,
                "title": p.title, "organization_id": p.organization.id,
                "organization": p.organization.name, "membership": p.membership,
            }
            for p in query
        ]


def set_own_organization(ws: Workspace, org_id: int) -> None:
    """Record which organization this workspace belongs to."""
    info = get_organization(ws, org_id)
    ws.set_setting(OWN_UNIT_SETTING, info.uuid)


def own_organization(ws: Workspace) -> OrganizationInfo | None:
    """This workspace's own organization, as :func:`list_organizations` gives it (None
    when unset, or when it hangs on no root of the tree); read by itself, not with
    every unit of a parent level's tree."""
    wanted = ws.get_setting(OWN_UNIT_SETTING)
    if not wanted:
        return None
    with ws.reading():
        execute = ws.db.execute_sql
        row = execute('SELECT "id", "uuid", "kind", "name", "abbreviation", "parent_id" '
                      'FROM "organization" WHERE "uuid" = ?', (wanted,)).fetchone()
        if row is None:
            return None
        depth, current, seen = 0, row[5], {row[0]}
        while current is not None:  # up to the root: the depth, and no cycle
            parent = execute('SELECT "parent_id" FROM "organization" WHERE "id" = ?',
                             (current,)).fetchone()
            if parent is None or current in seen:
                return None
            seen.add(current)
            depth, current = depth + 1, parent[0]
        aliases = tuple(name for (name,) in execute(
            'SELECT "name" FROM "organization_alias" WHERE "organization_id" = ? '
            'ORDER BY "id"', (row[0],)))
    return OrganizationInfo(id=row[0], uuid=row[1], kind=row[2], name=row[3],
                            abbreviation=row[4], parent_id=row[5], depth=depth,
                            aliases=aliases)
