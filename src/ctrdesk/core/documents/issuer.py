"""Who issues a document, and the frame every document of a unit shares: the header's
names (superior, issuer), the number's symbol, the place, the signature block "T/M …" with
its signer, the recipients with their purposes. Read from the workspace's setup."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctrdesk.core.documents.layout import Document, Signature
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Organization, Person, Program, Setting

# The body above the workspace's top unit as printed (one key with the setup's settings).
SUPERIOR_SETTING = "superior_name"
# Where the Supreme People's Procuracy's Party Committee reports (see the domain notes).
DEFAULT_SUPERIOR = "Đảng bộ các cơ quan Đảng Trung ương"
SYMBOLS = {"BÁO CÁO": "BC", "CHƯƠNG TRÌNH": "CTr", "BIÊN BẢN": "BB", "THÔNG BÁO": "TB",
           "KẾ HOẠCH": "KH"}
# A branch of fewer than nine members elects no chi ủy (only a secretary): its documents
# speak of the chi bộ. The setting overrides the count ("yes" / "no").
COMMITTEE_SETTING = "branch_has_committee"
COMMITTEE_MINIMUM = 9


@dataclass
class Issuer:
    id: int | None
    name: str  # the issuing body as the header names it: "Chi bộ Vụ 14", "Đảng ủy …"
    superior: str
    abbreviation: str
    secretary: str
    place: str
    kind: str = ""  # the organization's kind (branch, party_committee…)
    secretary_position: str = "BÍ THƯ"
    on_behalf: str = ""  # "T/M CHI BỘ"; derived from the name unless set
    # Per document kind (program, report, minutes, notice), from the settings:
    signers: dict[str, tuple[str, str]] = field(default_factory=dict)  # (name, position)
    recipients: dict[str, list[str]] = field(default_factory=dict)
    committee: bool = True  # a chi ủy (or đảng ủy) leads the unit; False: a small branch

    @property
    def is_branch(self) -> bool:
        return not self.name.lower().startswith(("đảng bộ", "đảng ủy"))

    @property
    def committee_word(self) -> str:
        """Who leads the unit's work: "chi ủy" (or "đảng ủy"), "chi bộ" when there is none."""
        if not self.is_branch:
            return "đảng ủy"
        return "chi ủy" if self.committee else "chi bộ"

    @property
    def members_line(self) -> str:
        if not self.is_branch:
            return "Các đồng chí ủy viên Ban Chấp hành"
        return "Các đồng chí chi ủy viên" if self.committee else "Các đồng chí đảng viên chi bộ"


def committee_name(name: str) -> str:
    """A đảng bộ issues its documents as its committee: "Đảng bộ X" -> "Đảng ủy X"."""
    if name.lower().startswith("đảng bộ "):
        return "Đảng ủy " + name[len("Đảng bộ "):]
    return name


_POSITION_PRINTED = {"secretary": "BÍ THƯ", "deputy_secretary": "PHÓ BÍ THƯ",
                     "committee_member": "CHI ỦY VIÊN"}
_DOC_TYPE_KIND = {"CHƯƠNG TRÌNH": "program", "BÁO CÁO": "report", "BIÊN BẢN": "minutes",
                  "THÔNG BÁO": "notice"}


def issuer_of(ws: Workspace, organization: int | None = None) -> Issuer:
    """Who issues: the unit's names as printed, its signer and recipients per kind of
    document and its place name, from the workspace's setup (:mod:`ctrdesk.core.setup`);
    whether a chi ủy leads it (the setting, else nine active members or more)."""
    from ctrdesk.core.organizations import own_organization
    from ctrdesk.core.setup import (
        DOCUMENT_KINDS,
        default_recipients,
        default_signer,
        get_setting,
        place_name,
    )

    own = own_organization(ws)
    if organization is None:
        organization = own.id if own else None
    is_own = own is not None and organization == own.id
    with ws.reading():
        org = Organization.get_or_none(Organization.id == organization) if organization \
            else None
        superior = org.parent.name if org is not None and org.parent_id else ""  # type: ignore[attr-defined]
        secretary = Person.select().where((Person.organization == organization)
                                          & (Person.role == "secretary")
                                          & (Person.membership == "active")).first() \
            if organization else None
        if not superior:  # the top of the workspace: its superior is a setting
            above = Setting.get_or_none(Setting.key == SUPERIOR_SETTING)
            superior = above.value if above and above.value else (
                DEFAULT_SUPERIOR if org is not None and org.kind == "party_committee" else "")
        signers: dict[str, tuple[str, str]] = {}
        recipients: dict[str, list[str]] = {}
        if is_own:
            for kind in DOCUMENT_KINDS:
                signer = default_signer(ws, kind)
                person = Person.get_or_none(Person.id == signer) if signer else None
                if person is not None:
                    signers[kind] = (person.full_name,
                                     _POSITION_PRINTED.get(person.role, "BÍ THƯ"))
                if default_recipients(ws, kind):
                    recipients[kind] = default_recipients(ws, kind)
        chosen = Setting.get_or_none(Setting.key == COMMITTEE_SETTING) if is_own else None
        members = Person.select().where((Person.organization == organization)
                                        & (Person.membership == "active")).count() \
            if organization else 0
    committee = chosen.value.strip().lower() in ("yes", "1", "true", "có") \
        if chosen is not None and chosen.value.strip() else members >= COMMITTEE_MINIMUM
    name = committee_name(org.name) if org else ""
    if is_own:
        name = get_setting(ws, "issuer_name") or name
        superior = get_setting(ws, "superior_name") or superior
    return Issuer(organization, name, superior,
                  (org.abbreviation if org else "") or "CB",
                  secretary.full_name if secretary else "", place_name(ws),
                  org.kind if org else "",
                  on_behalf=get_setting(ws, "on_behalf") if is_own else "",
                  signers=signers, recipients=recipients, committee=committee)


def _on_behalf(issuer: Issuer) -> str:
    if issuer.on_behalf:
        return issuer.on_behalf
    name = issuer.name.lower()
    if name.startswith("chi bộ"):
        return "T/M CHI BỘ"
    if name.startswith(("đảng bộ", "đảng ủy")):
        return "T/M ĐẢNG ỦY"
    return "T/M " + issuer.name.upper()


def frame(issuer: Issuer, doc_type: str, summary: str, on: date, body: list[Any],
          title: str) -> Document:
    """A document of this issuer: its signer and recipients for this kind of document
    come from the settings when set, else the defaults of its level (each recipient with
    its purpose; the lines are punctuated when drawn). A draft carries its symbol
    ("BC/CB") so that its number line reads "Số    -BC/CB"."""
    kind = _DOC_TYPE_KIND.get(doc_type, "")
    signer, position = issuer.signers.get(kind, (issuer.secretary, issuer.secretary_position))
    recipients = issuer.recipients.get(kind) or [
        f"{committee_name(issuer.superior) if issuer.superior else 'Cấp trên'} (để báo cáo)",
        *own_recipients(issuer)]
    return Document(
        superior=issuer.superior, issuer=issuer.name, doc_type=doc_type, summary=summary,
        place=issuer.place, date=on, body=body,
        signature=Signature(_on_behalf(issuer), position, signer),
        recipients=list(recipients), draft="DỰ THẢO", title=title,
        symbol=f"{SYMBOLS.get(doc_type, '')}/{issuer.abbreviation}")


def own_recipients(issuer: Issuer, purpose: str = "để thực hiện") -> list[str]:
    """The unit's own recipients: its members (with ``purpose``) and its archive."""
    return [f"{issuer.members_line} ({purpose})",
            "Lưu Chi bộ" if issuer.is_branch else "Lưu Văn phòng"]


def unit_program_of(ws: Workspace, organization: int | None) -> int | None:
    with ws.reading():
        row = (Program.select(Program.id).where((Program.kind == "unit_program")
                                                & (Program.issuer == organization))
               .order_by(Program.id.desc()).first())
    return row.id if row else None
