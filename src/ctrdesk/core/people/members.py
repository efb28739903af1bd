"""Party members of a unit: add, edit, transfer in and out, archive.

A member's input is checked as a whole: every wrong field is reported at once, in the
user's words, and nothing is stored. Who is secretary and deputy is the ``role`` (the
position in the committee); the position in the agency is ``title`` (chức vụ).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import N_, _, format_short_date
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    GENDERS,
    MEMBERSHIPS,
    PERSON_ROLES,
    Organization,
    Person,
    utc_now,
)
from ctrdesk.core.textnorm import fold
from ctrdesk.core.validation import Problems, clean_text, label_of, optional_date

ADMISSION_AGE = 18  # Điều lệ Đảng: a member is admitted at eighteen or older
PROBATION_MONTHS = 12  # the probationary period before becoming an official member

ROLE_LABELS = {
    "secretary": N_("Secretary"),
    "deputy_secretary": N_("Deputy secretary"),
    "committee_member": N_("Committee member"),
    "member": N_("Member"),
    "head": N_("Head of the unit"),
}
GENDER_LABELS = {"male": N_("Male"), "female": N_("Female")}
MEMBERSHIP_LABELS = {"active": N_("In the unit"), "transferred_out": N_("Transferred out"),
                     "archived": N_("Archived")}
# Words a list may use for a role or a gender, folded (Vietnamese or English, any case).
_ROLE_WORDS = {
    "bi thu": "secretary", "bi thu chi bo": "secretary", "secretary": "secretary",
    "pho bi thu": "deputy_secretary", "pho bi thu chi bo": "deputy_secretary",
    "deputy secretary": "deputy_secretary", "deputy_secretary": "deputy_secretary",
    "chi uy vien": "committee_member", "uy vien": "committee_member",
    "dang uy vien": "committee_member", "committee member": "committee_member",
    "committee_member": "committee_member",
    "dang vien": "member", "member": "member", "": "member",
    "thu truong don vi": "head", "head": "head",
}
_GENDER_WORDS = {"nam": "male", "male": "male", "m": "male",
                 "nu": "female", "female": "female", "f": "female"}
_TEXT_FIELDS = ("full_name", "title", "joined_from", "note")
_DATE_FIELDS = ("birth_date", "admitted_on", "official_on", "joined_on")
EDITABLE = ("full_name", "birth_date", "gender", "admitted_on", "official_on", "title", "role",
            "retired", "joined_on", "joined_from", "note")
# Positions in the committee held by one member at a time.
SINGLE_ROLES = ("secretary",)


@dataclass(frozen=True)
class Member:
    id: int
    uuid: str
    organization_id: int
    organization: str
    full_name: str
    birth_date: date | None
    gender: str
    admitted_on: date | None
    official_on: date | None
    title: str
    role: str
    retired: bool
    membership: str
    joined_on: date | None
    joined_from: str
    left_on: date | None
    left_to: str
    note: str

    @property
    def probationary(self) -> bool:
        """Dự bị: admitted, not (yet) an official member."""
        return self.official_on is None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        out["probationary"] = self.probationary
        return out


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return _(label) if label else role


def gender_label(gender: str) -> str:
    label = GENDER_LABELS.get(gender)
    return _(label) if label else ""


def parse_role(value: object) -> str | None:
    """A position in the committee from its code or its Vietnamese name; None if unknown."""
    return _ROLE_WORDS.get(fold(str(value or "")))


def parse_gender(value: object) -> str | None:
    text = fold(str(value or ""))
    return "" if not text else _GENDER_WORDS.get(text)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


def clean_member(values: dict[str, Any], problems: Problems, *, line: int | None = None,
                 today: date | None = None) -> dict[str, Any]:
    """Check and convert the given fields of a member; problems go to ``problems``."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in EDITABLE:
            problems.add(name, _("Unknown field: {field}").format(field=name), line)
            continue
        if name in _TEXT_FIELDS:
            clean[name] = clean_text(str(value or "")) if name != "note" \
                else str(value or "").strip()
        elif name in _DATE_FIELDS:
            try:
                clean[name] = optional_date(value, field=name)
            except ValidationError as exc:
                problems.catch(exc, line)
        elif name == "gender":
            gender = parse_gender(value)
            if gender is None:
                problems.add(name, _("{field}: “{value}” is neither Nam nor Nữ.").format(
                    field=label_of(name), value=value), line)
            else:
                clean[name] = gender
        elif name == "role":
            role = parse_role(value)
            if role is None:
                problems.add(name, _("{field}: “{value}” is not a position in the committee "
                                     "(Bí thư, Phó Bí thư, Chi ủy viên, Đảng viên).").format(
                    field=label_of(name), value=value), line)
            else:
                clean[name] = role
        elif name == "retired":
            clean[name] = bool(value) if not isinstance(value, str) else \
                fold(value) in ("x", "co", "yes", "true", "1", "nghi huu", "da nghi huu")
    if "full_name" in clean and not clean["full_name"]:
        problems.add("full_name", _("{field} is required.").format(
            field=label_of("full_name")), line)
    today = today or date.today()
    for name in _DATE_FIELDS:
        day = clean.get(name)
        if day is not None and day > today:
            problems.add(name, _("{field}: {value} is in the future.").format(
                field=label_of(name), value=format_short_date(day)), line)
    return clean


def _check_together(data: dict[str, Any], problems: Problems, line: int | None) -> None:
    """The rules between fields of the whole member (after an edit is merged)."""
    born, admitted, official = data.get("birth_date"), data.get("admitted_on"), \
        data.get("official_on")
    if official is not None and admitted is None:
        problems.add("admitted_on", _("{field} is required for an official member.").format(
            field=label_of("admitted_on")), line)
    if born and admitted and admitted < _add_months(born, 12 * ADMISSION_AGE):
        problems.add("admitted_on", _("{field}: admitted before the age of {age}.").format(
            field=label_of("admitted_on"), age=ADMISSION_AGE), line)
    if admitted and official and official < _add_months(admitted, PROBATION_MONTHS):
        problems.add("official_on", _("{field}: less than {months} months after the "
                                      "admission ({admitted}).").format(
            field=label_of("official_on"), months=PROBATION_MONTHS,
            admitted=format_short_date(admitted)), line)
    if born and data.get("joined_on") and data["joined_on"] < born:
        problems.add("joined_on", _("{field}: before the date of birth.").format(
            field=label_of("joined_on")), line)


def _member(row: Person) -> Member:
    return Member(
        id=row.id, uuid=row.uuid, organization_id=row.organization_id,  # type: ignore[attr-defined]
        organization=row.organization.name, full_name=row.full_name,
        birth_date=row.birth_date, gender=row.gender, admitted_on=row.admitted_on,
        official_on=row.official_on, title=row.title, role=row.role,
        retired=bool(row.retired), membership=row.membership, joined_on=row.joined_on,
        joined_from=row.joined_from, left_on=row.left_on, left_to=row.left_to, note=row.note)


def _own_unit(ws: Workspace, organization: int | None) -> int:
    if organization is not None:
        if not Organization.select().where(Organization.id == organization).exists():
            raise NotFoundError(_("No organization with id {id}.").format(id=organization),
                                field="organization")
        return organization
    from ctrdesk.core.organizations import own_organization

    own = own_organization(ws)
    if own is None:
        raise ValidationError(_("Choose the unit this workspace belongs to first (setup)."),
                              field="organization")
    return own.id


def _check_single_roles(organization: int, problems: Problems, line: int | None = None) -> None:
    for role in SINGLE_ROLES:
        holders = list(Person.select().where(
            (Person.organization == organization) & (Person.role == role)
            & (Person.membership == "active")).order_by(Person.id))
        if len(holders) > 1:
            problems.add("role", _("{field}: {names} cannot all be {role}; a unit has one.")
                         .format(field=label_of("role"),
                                 names=", ".join(p.full_name for p in holders),
                                 role=role_label(role).lower()), line)


def add_member(ws: Workspace, organization: int | None = None, **values: Any) -> int:
    """Add a member to ``organization`` (the workspace's own unit when None); a member
    transferred in gives ``joined_on`` and ``joined_from``."""
    problems = Problems()
    values.setdefault("full_name", "")
    clean = clean_member(values, problems)
    _check_together(clean, problems, None)
    problems.raise_if_any()
    with ws.writing("member.add"):
        unit = _own_unit(ws, organization)
        row = Person.create(organization=unit, **clean)
        _check_single_roles(unit, problems)
        problems.raise_if_any()
        return int(row.id)


def transfer_in(ws: Workspace, joined_on: object, joined_from: str,
                organization: int | None = None, **values: Any) -> int:
    """A member arriving from another unit (chuyển sinh hoạt đến)."""
    return add_member(ws, organization, joined_on=joined_on, joined_from=joined_from,
                      **values)


def _get(member_id: int) -> Person:
    row = Person.get_or_none(Person.id == member_id)
    if row is None:
        raise NotFoundError(_("No member with id {id}.").format(id=member_id), field="member")
    return row


def update_member(ws: Workspace, member_id: int, **changes: Any) -> dict[str, Any]:
    """Change fields of a member; return the previous values (for undo)."""
    problems = Problems()
    clean = clean_member(changes, problems)
    problems.raise_if_any()
    with ws.writing("member.update"):
        row = _get(member_id)
        before = {name: getattr(row, name) for name in clean}
        merged = {name: getattr(row, name) for name in EDITABLE} | clean
        _check_together(merged, problems, None)
        problems.raise_if_any()
        for name, value in clean.items():
            setattr(row, name, value)
        row.updated_at = utc_now()
        row.save()
        _check_single_roles(row.organization_id, problems)  # type: ignore[attr-defined]
        problems.raise_if_any()
        return before


def _leave(ws: Workspace, member_id: int, membership: str, on: object, to: str,
           reason: str, action: str) -> None:
    problems = Problems()
    clean = clean_member({"note": reason}, problems)
    try:
        left_on = optional_date(on, field="left_on") or date.today()
    except ValidationError as exc:
        problems.catch(exc)
        left_on = date.today()
    problems.raise_if_any()
    with ws.writing(action):
        row = _get(member_id)
        if row.membership != "active":
            raise ValidationError(_("{name} has already left the unit.").format(
                name=row.full_name), field="membership")
        if row.joined_on and left_on < row.joined_on:
            raise ValidationError(_("{field}: before the member joined the unit ({joined})."
                                    ).format(field=label_of("left_on"),
                                             joined=format_short_date(row.joined_on)),
                                  field="left_on")
        row.membership, row.left_on, row.left_to = membership, left_on, clean_text(to)
        if clean["note"]:
            row.note = "\n".join(x for x in (row.note, clean["note"]) if x)
        if row.role in ("secretary", "deputy_secretary", "committee_member"):
            row.role = "member"  # who leaves leaves the committee too
        row.updated_at = utc_now()
        row.save()


def transfer_out(ws: Workspace, member_id: int, on: object = None, to: str = "",
                 note: str = "") -> None:
    """A member moving to another unit (chuyển sinh hoạt đi): kept for the records that
    name them, no longer listed among the unit's members."""
    _leave(ws, member_id, "transferred_out", on, to, note, "member.transfer_out")


def archive_member(ws: Workspace, member_id: int, on: object = None, reason: str = "") -> None:
    """No longer followed (deceased, removed…), kept because records name them."""
    _leave(ws, member_id, "archived", on, "", reason, "member.archive")


def restore_member(ws: Workspace, member_id: int) -> None:
    """Undo of a transfer out or an archive."""
    with ws.writing("member.restore"):
        row = _get(member_id)
        row.membership, row.left_on, row.left_to = "active", None, ""
        row.updated_at = utc_now()
        row.save()


def list_members(ws: Workspace, organization: int | None = None, *,
                 include_left: bool = False) -> list[Member]:
    """The members of a unit (the workspace's own by default): committee first, then by
    name; those who left only when asked."""
    with ws.reading():
        unit = _own_unit(ws, organization)
        query = Person.select(Person, Organization).join(Organization).where(
            Person.organization == unit)
        if not include_left:
            query = query.where(Person.membership == "active")
        rows = [_member(r) for r in query]
    order = {role: i for i, role in enumerate(PERSON_ROLES)}
    return sorted(rows, key=lambda m: (m.membership != "active", order.get(m.role, 9),
                                       _name_key(m.full_name), m.id))


def _name_key(full_name: str) -> tuple[str, str]:
    """Vietnamese names sort by the given name (the last word), then the whole name."""
    words = fold(full_name).split()
    return (words[-1] if words else "", " ".join(words))


def get_member(ws: Workspace, member_id: int) -> Member:
    with ws.reading():
        row = Person.select(Person, Organization).join(Organization).where(
            Person.id == member_id).first()
        if row is None:
            raise NotFoundError(_("No member with id {id}.").format(id=member_id),
                                field="member")
        return _member(row)


def holder_of(ws: Workspace, role: str, organization: int | None = None) -> Member | None:
    """Who holds a position in the committee now (the secretary, the deputy…)."""
    return next((m for m in list_members(ws, organization) if m.role == role), None)


__all__ = ["GENDERS", "MEMBERSHIPS", "MEMBERSHIP_LABELS", "Member", "add_member",
           "archive_member", "get_member", "holder_of", "list_members", "restore_member",
           "transfer_in", "transfer_out", "update_member"]
