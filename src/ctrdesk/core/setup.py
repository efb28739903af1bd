"""Whose workspace this is, and the settings its documents and checks use.

First-run setup (the GUI's wizard and ``ctrdesk setup``) chooses or creates the committee
this workspace belongs to, names its secretary and deputy, the place its documents are
dated at, the superior body as printed, the term, and trusts the upper level's
certificate. :func:`setup_status` says whether a workspace is ready and what is missing.

Every setting is a row of the ``setting`` table, read and written here only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import N_, _
from ctrdesk.core.organizations import (
    OWN_UNIT_SETTING,
    OrganizationInfo,
    add_organization,
    list_organizations,
    own_organization,
    set_own_organization,
)
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import ORGANIZATION_KINDS, Person, TrustRoot, tuples
from ctrdesk.core.validation import Problems, clean_text, label_of, optional_date, parse_date

DOCUMENT_KINDS = ("program", "report", "minutes", "notice")
DEFAULT_EXCELLENT_SHARE = 0.20  # Quy định 124-QĐ/TW: at most 20 % "excellent"
DEFAULT_GOOD_TARGET = 0.99


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # marked with N_
    kind: str = "text"  # text, date, share, lines, member, yesno
    default: str = ""


# Settings a user may change, with their labels (the GUI's settings page lists these).
SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("place", N_("Place name on documents")),
    SettingSpec("issuer_name", N_("Committee name as printed")),
    SettingSpec("superior_name", N_("Superior body as printed")),
    SettingSpec("on_behalf", N_("Signing on behalf of (T/M …)")),
    # Whether a chi ủy leads the branch (its documents say "chi ủy", else "chi bộ"); empty:
    # from the member count (nine or more), see documents.kinds.issuer_of.
    SettingSpec("branch_has_committee", N_("The branch has a chi ủy (yes/no)"), "yesno"),
    SettingSpec("quota.excellent_share", N_("Largest share rated excellent"), "share",
                str(DEFAULT_EXCELLENT_SHARE)),
    SettingSpec("quota.good_target", N_("Target share rated good or better"), "share",
                str(DEFAULT_GOOD_TARGET)),
    *(SettingSpec(f"signer.{kind}", N_("Signer"), "member") for kind in DOCUMENT_KINDS),
    *(SettingSpec(f"recipients.{kind}", N_("Recipients"), "lines") for kind in DOCUMENT_KINDS),
)
_BY_KEY = {spec.key: spec for spec in SETTINGS}


def setting_spec(key: str) -> SettingSpec:
    spec = _BY_KEY.get(key)
    if spec is None:
        raise ValidationError(_("Unknown setting '{key}'; use one of: {keys}.").format(
            key=key, keys=", ".join(_BY_KEY)), field="key")
    return spec


def _clean_setting(spec: SettingSpec, value: Any, ws: Workspace) -> str:
    label = _(spec.label)
    if value is None:
        return ""
    if spec.kind == "date":
        day = optional_date(value, field=spec.key, label=label)
        return day.isoformat() if day else ""
    if spec.kind == "share":
        text = str(value).strip().rstrip("%").replace(",", ".")
        try:
            share = float(text)
        except ValueError as exc:
            raise ValidationError(_("{field}: “{value}” is not a number.").format(
                field=label, value=value), field=spec.key) from exc
        if share > 1:  # given as a percentage
            share /= 100
        if not 0 <= share <= 1:
            raise ValidationError(_("{field}: give a share between 0 and 100 %.").format(
                field=label), field=spec.key)
        return repr(round(share, 4))
    if spec.kind == "lines":
        lines = value if isinstance(value, list | tuple) else str(value).splitlines()
        return json.dumps([clean_text(str(x)) for x in lines if clean_text(str(x))],
                          ensure_ascii=False)
    if spec.kind == "yesno":
        text = str(value).strip().lower()
        if text in ("", "auto"):
            return ""
        if text in ("yes", "y", "true", "1", "có", "co"):
            return "yes"
        if text in ("no", "n", "false", "0", "không", "khong"):
            return "no"
        raise ValidationError(_("{field}: answer yes or no.").format(field=label),
                              field=spec.key)
    if spec.kind == "member":
        if value in ("", 0):
            return ""
        with ws.reading():
            person = Person.get_or_none(Person.id == int(value))
        if person is None:
            raise NotFoundError(_("No member with id {id}.").format(id=value), field=spec.key)
        return str(person.uuid)
    return clean_text(str(value))


def set_settings(ws: Workspace, values: dict[str, Any]) -> None:
    """Change several settings at once: every wrong value reported, none stored."""
    problems = Problems()
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        try:
            cleaned[setting_spec(key).key] = _clean_setting(setting_spec(key), value, ws)
        except (ValidationError, NotFoundError) as exc:
            problems.catch(exc)
    problems.raise_if_any()
    with ws.writing("settings"):
        for key, value in cleaned.items():
            if value:
                ws.set_setting(key, value)
            else:
                from ctrdesk.core.store.models import Setting

                Setting.delete().where(Setting.key == key).execute()


def get_setting(ws: Workspace, key: str) -> str:
    """A setting's stored text, or its default."""
    spec = setting_spec(key)
    return ws.get_setting(key) or spec.default


def all_settings(ws: Workspace) -> dict[str, Any]:
    """Every setting as it is used (members by id, recipients as lines)."""
    out: dict[str, Any] = {}
    for spec in SETTINGS:
        raw = get_setting(ws, spec.key)
        if spec.kind == "lines":
            out[spec.key] = json.loads(raw) if raw else []
        elif spec.kind == "share":
            out[spec.key] = float(raw)
        elif spec.kind == "member":
            out[spec.key] = _member_id(ws, raw)
        else:
            out[spec.key] = raw
    return out


def _member_id(ws: Workspace, uuid: str) -> int | None:
    if not uuid:
        return None
    with ws.reading():
        row = Person.get_or_none(Person.uuid == uuid)
    return int(row.id) if row else None


# --- what documents and checks read ----------------------------------------------------------


def place_name(ws: Workspace) -> str:
    """The place documents are dated at ("Hà Nội"); empty until set up."""
    return get_setting(ws, "place")


def excellent_share(ws: Workspace) -> float:
    return float(get_setting(ws, "quota.excellent_share"))


def good_target(ws: Workspace) -> float:
    return float(get_setting(ws, "quota.good_target"))


def default_signer(ws: Workspace, kind: str) -> int | None:
    """The member who signs documents of ``kind``; the secretary unless set."""
    chosen = _member_id(ws, get_setting(ws, f"signer.{kind}")) if kind in DOCUMENT_KINDS \
        else None
    if chosen is not None:
        return chosen
    own = own_organization(ws)
    if own is None:
        return None
    with ws.reading():
        row = Person.select().where((Person.organization == own.id)
                                    & (Person.role == "secretary")
                                    & (Person.membership == "active")).first()
    return int(row.id) if row else None


def default_recipients(ws: Workspace, kind: str) -> list[str]:
    raw = get_setting(ws, f"recipients.{kind}") if kind in DOCUMENT_KINDS else ""
    return json.loads(raw) if raw else []


# --- the committee -----------------------------------------------------------------------------


def setup_committee(
    ws: Workspace, *, organization: int | None = None, name: str = "", kind: str = "branch",
    abbreviation: str | None = None, parent: int | None = None,
    superior_name: str | None = None, place: str | None = None,
    term_start: object = None, term_end: object = None,
) -> int:
    """Choose (``organization``) or create (``name``, ``kind``, ``parent``) the committee
    this workspace belongs to and record its printed names; return its id. Every wrong
    field is reported at once."""
    problems = Problems()
    name = clean_text(name)
    if organization is None and not name:
        problems.add("name", _("{field} is required.").format(field=_("Committee name")))
    if organization is None and kind not in ORGANIZATION_KINDS:
        problems.add("kind", _("{field}: unknown kind '{value}'.").format(
            field=label_of("kind"), value=kind))
    known = {o.id: o for o in list_organizations(ws)}
    if organization is not None and organization not in known:
        problems.add("organization", _("No organization with id {id}.").format(
            id=organization))
    if parent is not None and parent not in known:
        problems.add("parent", _("No organization with id {id}.").format(id=parent))
    values: dict[str, Any] = {}
    if superior_name is not None:
        values["superior_name"] = superior_name
    if place is not None:
        values["place"] = place
    term: tuple[date, date] | None = None
    if term_start is not None or term_end is not None:
        term = _term_dates(term_start, term_end, problems)
    problems.raise_if_any()
    with ws.writing("setup.committee"):
        if organization is None:
            existing = _same_name(known.values(), name, parent)
            organization = existing.id if existing else add_organization(
                ws, name, kind, parent=parent, abbreviation=abbreviation or "")
        if abbreviation is not None:
            from ctrdesk.core.store.models import Organization

            Organization.update(abbreviation=clean_text(abbreviation)).where(
                Organization.id == organization).execute()
        set_own_organization(ws, organization)
        set_settings(ws, values)
        if term is not None:  # the one home of terms: the numbering series (documents.terms)
            from ctrdesk.core.documents.terms import add_term, term_on

            if term_on(ws, organization, term[0]) is None:
                add_term(ws, term[0], term[1], organization=organization)
        return organization


def _term_dates(start: object, end: object, problems: Problems) -> tuple[date, date] | None:
    """The term's first and last day, each wrong date reported."""
    days: list[date] = []
    for key, value, label in (("term_start", start, _("Term from")),
                              ("term_end", end, _("Term to"))):
        try:
            days.append(parse_date(value, field=key, label=label))
        except ValidationError as exc:
            problems.catch(exc)
    if len(days) != 2:
        return None
    if days[1] <= days[0]:
        problems.add("term_end", _("{field}: the term ends before it starts.").format(
            field=_("Term to")))
        return None
    return days[0], days[1]


def _same_name(orgs: Any, name: str, parent: int | None) -> OrganizationInfo | None:
    from ctrdesk.core.textnorm import fold

    return next((o for o in orgs if fold(o.name) == fold(name) and o.parent_id == parent),
                None)


def set_committee_position(ws: Workspace, member_id: int, role: str) -> None:
    """Make a member secretary, deputy secretary or committee member; a secretary taking
    over moves the previous one to committee member."""
    from ctrdesk.core.people.members import ROLE_LABELS, update_member

    if role not in ROLE_LABELS:
        raise ValidationError(_("{field}: unknown position '{value}'.").format(
            field=label_of("role"), value=role), field="role")
    with ws.writing("setup.position"):
        person = Person.get_or_none(Person.id == member_id)
        if person is None:
            raise NotFoundError(_("No member with id {id}.").format(id=member_id),
                                field="member")
        if role == "secretary":
            Person.update(role="committee_member").where(
                (Person.organization == person.organization_id)  # type: ignore[attr-defined]
                & (Person.role == "secretary") & (Person.id != member_id)).execute()
        update_member(ws, member_id, role=role)


def trust_upper_level(ws: Workspace, certificate: str | Path) -> int:
    """Trust the upper level's root certificate (what its packages are checked against)."""
    from ctrdesk.core.trust import add_trust_root

    return add_trust_root(ws, Path(certificate))


# --- is it set up? ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    key: str  # committee, place, secretary, members, superior_name, trust, term
    message: str  # what to do, in the user's words
    required: bool = True  # False: advised, the workspace works without it


@dataclass
class SetupStatus:
    organization: OrganizationInfo | None
    members: int
    missing: list[Missing] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """Usable end to end: nothing required is missing."""
        return not any(m.required for m in self.missing)

    def as_json(self) -> dict[str, object]:
        return {"ready": self.ready,
                "organization": self.organization.as_json() if self.organization else None,
                "members": self.members,
                "missing": [{"key": m.key, "message": m.message, "required": m.required}
                            for m in self.missing]}


def setup_status(ws: Workspace, today: date | None = None) -> SetupStatus:
    """Whether the workspace is set up, and what is missing (the wizard and the home page
    show these, each with where to do it)."""
    own = own_organization(ws)
    missing: list[Missing] = []
    members = 0
    if own is None:
        missing.append(Missing("committee", _("Choose or create the committee this "
                                              "workspace belongs to.")))
    else:
        with ws.reading():
            roles_of_active = tuples(Person.select(Person.role).where(
                (Person.organization == own.id) & (Person.membership == "active")))
        members = len(roles_of_active)
        roles = {role for (role,) in roles_of_active}
        if members == 0:
            missing.append(Missing("members", _("Enter the unit's Party members (by hand or "
                                                "from a list).")))
        if "secretary" not in roles:
            missing.append(Missing("secretary", _("Say who the secretary is: documents are "
                                                  "signed in that name.")))
        if "deputy_secretary" not in roles:
            missing.append(Missing("deputy_secretary", _("Say who the deputy secretary is."),
                                   required=False))
        if not own.abbreviation:
            missing.append(Missing("abbreviation", _("Give the abbreviation used in document "
                                                     "numbers (e.g. CB).")))
        if not get_setting(ws, "superior_name") and own.parent_id is None:
            missing.append(Missing("superior_name", _("Give the name of the superior body as "
                                                      "printed on documents.")))
    if not place_name(ws):
        missing.append(Missing("place", _("Give the place name documents are dated at "
                                          "(e.g. Hà Nội).")))
    from ctrdesk.core.documents.terms import list_terms

    terms = list_terms(ws, own.id) if own else []
    if not terms:
        missing.append(Missing("term", _("Give the committee's term (from, to)."),
                               required=False))
    elif max(date.fromisoformat(t["end"]) for t in terms) < (today or date.today()):
        missing.append(Missing("term", _("The committee's term has ended: give the new "
                                         "term."), required=False))
    with ws.reading():
        trusted = TrustRoot.select().exists()
    if not trusted:
        missing.append(Missing("trust", _("Trust the upper level's certificate, to check "
                                          "the programs and packages it sends."),
                               required=False))
    return SetupStatus(own, members, missing)


__all__ = ["OWN_UNIT_SETTING", "SETTINGS", "SetupStatus", "all_settings", "default_recipients",
           "default_signer", "excellent_share", "get_setting", "place_name", "set_settings",
           "setup_committee", "setup_status", "trust_upper_level"]
