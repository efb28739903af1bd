"""Deriving a unit's own program from its parent program.

For a chosen unit every parent item gets a role — lead, coordinating, implementing,
suggested or not concerned — with the words of the parent that gave it. The user accepts
or changes the roles; the unit's draft program then holds the items that concern it,
each linked to its parent item, ready to be made concrete under the "05 rõ" rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ctrdesk.core.errors import AlreadyDerivedError, NotFoundError, ValidationError
from ctrdesk.core.i18n import N_, _, format_short_date
from ctrdesk.core.programs.service import require_program
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Organization, Program, ProgramItem, Target
from ctrdesk.core.units import Resolution, UnitDirectory

ROLES = ("lead", "coordinating", "implementing", "suggested", "not_concerned")
INCLUDED_ROLES = ("lead", "coordinating", "implementing")
_STRENGTH = {role: rank for rank, role in enumerate(reversed(ROLES))}
ROLE_LABELS = {
    "lead": N_("Lead"),
    "coordinating": N_("Coordinating"),
    "implementing": N_("Implementing"),
    "suggested": N_("Suggested"),
    "not_concerned": N_("Not concerned"),
}


@dataclass
class Proposal:
    item_id: int
    path: list[str]
    kind: str
    text: str
    role: str
    evidence: str
    depth: int
    parent_item_id: int | None
    children: list[Proposal] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"item_id": self.item_id, "path": self.path, "kind": self.kind,
                "text": self.text, "role": self.role, "evidence": self.evidence}


def _resolver(directory: UnitDirectory) -> Callable[[str], Resolution]:
    cache: dict[str, Resolution] = {}

    def resolve(name: str) -> Resolution:
        if name not in cache:
            cache[name] = directory.resolve(name)
        return cache[name]

    return resolve


def _names(text: str) -> list[str]:
    return [name for name in text.split("; ") if name]


def _own_role(item: ProgramItem, unit_id: int, resolve: Callable[[str], Resolution]
              ) -> tuple[str, str] | None:
    """The role the item's own unit lines give the unit, or None if it names no units."""
    lines = (("lead", _names(item.lead_text)), ("coordinating", _names(item.coordinating_text)),
             ("implementing", _names(item.implementing_text)))
    if not any(names for _role, names in lines):
        return None
    undetermined = ""
    for role, names in lines:
        for name in names:
            resolution = resolve(name)
            if unit_id in resolution.unit_ids:
                return role, name
            if resolution.undetermined and not undetermined:
                undetermined = name
    if undetermined:
        return "suggested", undetermined
    return "not_concerned", item.units_text or "; ".join(n for _r, ns in lines for n in ns)


def propose(
    ws: Workspace, parent_program_id: int, unit_id: int,
    directory: UnitDirectory | None = None,
) -> list[Proposal]:
    """The proposed role of every item of the parent program for the unit, in tree order."""
    directory = directory or UnitDirectory.from_workspace(ws)
    if unit_id not in directory.units:
        raise NotFoundError(_("No organization with id {id}.").format(id=unit_id))
    with ws.reading():
        require_program(parent_program_id)
        rows = list(ProgramItem.select(
            ProgramItem.id, ProgramItem.parent, ProgramItem.position, ProgramItem.kind,
            ProgramItem.number, ProgramItem.title, ProgramItem.text, ProgramItem.lead_text,
            ProgramItem.coordinating_text, ProgramItem.implementing_text,
            ProgramItem.units_text,
        ).where(ProgramItem.program == parent_program_id)
            .order_by(ProgramItem.position, ProgramItem.id))
    return propose_for_rows(rows, unit_id, directory)


def propose_for_rows(rows: list[ProgramItem], unit_id: int, directory: UnitDirectory
                     ) -> list[Proposal]:
    resolve = _resolver(directory)
    children: dict[int | None, list[ProgramItem]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)  # type: ignore[attr-defined]
    result: list[Proposal] = []

    def walk(parent: int | None, path: list[str], inherited: tuple[str, str] | None,
             depth: int, in_appendix: bool) -> list[Proposal]:
        made: list[Proposal] = []
        bullet = 0
        for row in children.get(parent, []):
            if row.number:
                label = row.number
            else:
                bullet += 1
                label = f"-{bullet}"
            row_path = [*path, label]
            own = _own_role(row, unit_id, resolve)
            given = own or inherited
            proposal = Proposal(row.id, row_path, row.kind, row.title or row.text, "",
                                "", depth, parent)
            result.append(proposal)
            proposal.children = walk(row.id, row_path, given, depth + 1,
                                     in_appendix or row.kind == "appendix")
            if given is not None:
                proposal.role, proposal.evidence = given
            elif row.kind == "target":
                if in_appendix:
                    proposal.role = "suggested"
                    proposal.evidence = _("a target of the whole program (appendix)")
                else:
                    proposal.role = "implementing"
                    proposal.evidence = _("a key target of the whole program")
            else:
                mention = directory.mentions(f"{row.title} {row.text}", unit_id)
                if mention:
                    proposal.role, proposal.evidence = "suggested", mention
                else:
                    proposal.role, proposal.evidence = "not_concerned", ""
            if own is None and inherited is None and proposal.children:
                # A heading takes the strongest role among what it contains.
                strongest = max(proposal.children, key=lambda p: _STRENGTH[p.role])
                if _STRENGTH[strongest.role] > _STRENGTH[proposal.role]:
                    proposal.role = strongest.role
                    proposal.evidence = _("through its sub-items")
            made.append(proposal)
        return made

    walk(None, [], None, 0, False)
    return result


# --- creating the unit program ----------------------------------------------------------


def create_unit_program(
    ws: Workspace,
    parent_program_id: int,
    unit_id: int,
    roles: dict[int, str] | None = None,
    directory: UnitDirectory | None = None,
    *,
    again: bool = False,
) -> int:
    """Store the unit's draft program from the (possibly changed) proposal; return its id.

    A unit that already has a program derived from this parent is refused with an
    :class:`AlreadyDerivedError` naming it (the GUI offers to open it), unless ``again``.

    Items with a role in INCLUDED_ROLES are copied with their headings, each linked to its
    parent item; targets are copied too (percentages as they are, counts to be apportioned).
    """
    if not again:
        existing = existing_unit_program(ws, parent_program_id, unit_id)
        if existing is not None:
            with ws.reading():
                name = Organization.get_by_id(unit_id).name
            raise AlreadyDerivedError(
                _("{unit} already has a program implementing this one (created on {date}): "
                  "open it instead of making a second one.").format(
                    unit=name, date=format_short_date(existing[1])),
                program_id=existing[0], unit_id=unit_id)
    proposals = propose(ws, parent_program_id, unit_id, directory)
    if roles:
        unknown = [r for r in roles.values() if r not in ROLES]
        if unknown:
            raise ValidationError(_("Unknown role '{role}'; use one of: {roles}.").format(
                role=unknown[0], roles=", ".join(ROLES)), field="role")
        for proposal in proposals:
            if proposal.item_id in roles:
                proposal.role = roles[proposal.item_id]
    by_id = {p.item_id: p for p in proposals}
    keep: set[int] = set()
    for proposal in proposals:
        if proposal.role in INCLUDED_ROLES and proposal.kind != "section":
            current: Proposal | None = proposal
            while current is not None and current.item_id not in keep:
                keep.add(current.item_id)
                current = by_id.get(current.parent_item_id) if current.parent_item_id else None
    with ws.writing("program.derive"):
        parent = Program.get_by_id(parent_program_id)
        unit = Organization.get_by_id(unit_id)
        unit_program = Program.create(
            kind="unit_program", status="draft", issuer=unit, issuer_text=unit.name,
            doc_type="CHƯƠNG TRÌNH",
            summary=_("implementing {type} {summary}").format(
                type=(parent.doc_type or "").lower(), summary=parent.summary or "").strip(),
            parent=parent, superior_text=parent.issuer_text,
        )
        source_rows = {row.id: row for row in ProgramItem.select().where(
            ProgramItem.program == parent_program_id)}
        targets = {t.item_id: t for t in Target.select().where(  # type: ignore[attr-defined]
            Target.program == parent_program_id)}
        copies: dict[int, ProgramItem] = {}
        positions: dict[int | None, int] = {}
        for proposal in proposals:  # tree order: parents come before children
            if proposal.item_id not in keep:
                continue
            source = source_rows[proposal.item_id]
            parent_copy = copies.get(proposal.parent_item_id) if proposal.parent_item_id \
                else None
            slot = parent_copy.id if parent_copy else None
            positions[slot] = positions.get(slot, -1) + 1
            # Sections and appendices are headings: they carry no role and no 05-rõ fields.
            included = proposal.role in INCLUDED_ROLES and source.kind not in (
                "section", "appendix")
            copy = ProgramItem.create(
                program=unit_program, parent=parent_copy, position=positions[slot],
                kind=source.kind, number=source.number, title=source.title, text=source.text,
                lead_text=source.lead_text, coordinating_text=source.coordinating_text,
                implementing_text=source.implementing_text, units_text=source.units_text,
                units_label=source.units_label, time_text=source.time_text,
                time_kind=source.time_kind, time_start=source.time_start,
                time_end=source.time_end,
                deadline=source.time_end if source.time_kind not in (None, "regular",
                                                                       "by_plan") else None,
                source_item=source, role=proposal.role if included else "",
                role_evidence=proposal.evidence if included else "",
                extra=source.extra, source_lines="[]",
            )
            copies[proposal.item_id] = copy
            target = targets.get(proposal.item_id)
            if target is not None and included:
                percent = target.unit == "percent"
                Target.create(
                    program=unit_program, item=copy, parent_target=target, text=target.text,
                    op=target.op if percent else ">=",
                    value=target.value if percent else 0,
                    max_value=target.max_value if percent else None, unit=target.unit,
                )
        return int(unit_program.id)


def existing_unit_program(ws: Workspace, parent_program_id: int, unit_id: int
                          ) -> tuple[int, date] | None:
    """The unit's program already derived from this parent (id, day created), if any."""
    with ws.reading():
        row = (Program.select(Program.id, Program.created_at)
               .where((Program.kind == "unit_program") & (Program.parent == parent_program_id)
                      & (Program.issuer == unit_id))
               .order_by(Program.id).first())
    return (int(row.id), row.created_at.date()) if row else None


def role_label(role: str) -> str:
    return _(ROLE_LABELS.get(role, role)) if role else ""


def describe_path(path: list[str]) -> str:
    return " › ".join(path)


__all__ = ["ROLES", "Proposal", "create_unit_program", "propose"]
