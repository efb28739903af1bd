"""The one place that knows how unit names match.

A unit is known by its name, kind and aliases ("Chi bộ Vụ 14", "Chi ủy Vụ 14", "Vụ 14").
Names are compared whole, after folding case, diacritics, spacing and the party-body
prefix ("Chi ủy", "Chi bộ", "Đảng ủy", "Đảng bộ"): "Vụ 1" is never "Vụ 14". Group phrases
("các đảng ủy, chi ủy trực thuộc", "đảng ủy VKSND tỉnh, thành phố", "các đơn vị có liên
quan") resolve to groups of units or to "undetermined".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ctrdesk.core.textnorm import fold

# Party-body words in front of a unit's own name; they vary between documents.
_PREFIX = re.compile(
    r"^(?:(?:cac|nhung|tat ca)\s+)?(?:(?:chi uy|chi bo|dang uy|dang bo|cap uy|to chuc dang)"
    r"(?:\s*,\s*|\s+va\s+|\s+))+"
)
# "… VKSND tối cao" at the end names the same body as without it.
_SUFFIX = re.compile(r"\s+(?:vksnd|vien kiem sat nhan dan) toi cao$")

SUBORDINATE_KINDS = ("grassroots_committee", "branch_committee", "branch")
PROVINCIAL_KIND = "provincial_committee"
# Every kind of unit that reports to an upper level: what a workspace receives packages from.
REPORTING_KINDS = (*SUBORDINATE_KINDS, PROVINCIAL_KIND)

_GROUP_SUBORDINATE = re.compile(
    r"^(?:cac |tat ca )?(?:(?:dang uy|dang bo|chi uy|chi bo|cap uy|to chuc dang|to chuc co so dang)"
    r"(?:\s*,\s*|\s+va\s+|\s+))+(?:cac cap\s+)?truc thuoc\b"
)
_GROUP_PROVINCIAL = re.compile(
    r"^(?:cac )?(?:dang uy |dang bo )?(?:cac )?vksnd (?:cac )?(?:tinh, thanh pho|cap tinh|tinh)\b"
)
_GROUP_ADVISORY = re.compile(
    r"^(?:cac )?(?:co quan|ban) tham muu(?:, giup viec)?(?: cua (?:dang uy|cap uy))?$"
)
_PLURAL = re.compile(r"^(?:cac|nhung|tat ca(?: cac)?)\s")
_UNDETERMINED = re.compile(
    r"(?:^|\s)(?:co lien quan|lien quan|doan the|cac co quan, don vi|cac don vi)(?:\s|$)"
)


def unit_key(name: str) -> str:
    """The comparable core of a unit name: 'Chi ủy  Vụ14' -> 'vu 14'."""
    key = fold(name).strip(" .;,:")
    key = re.sub(r"(?<=[a-z])(?=\d)", " ", key)  # "vu14" -> "vu 14"
    key = re.sub(r"\b0+(\d)", r"\1", key)  # "vu 04" -> "vu 4"
    key = key.replace(" – ", " - ")
    stripped = _PREFIX.sub("", key)
    key = stripped or key
    shorter = _SUFFIX.sub("", key)
    return shorter or key


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    kind: str
    parent_id: int | None
    aliases: tuple[str, ...] = ()


@dataclass
class Resolution:
    """What a unit phrase means: a set of units, a group, or nothing certain."""

    phrase: str
    unit_ids: set[int] = field(default_factory=set)
    group: str | None = None  # subordinate, provincial, advisory, named group
    undetermined: bool = False  # "các đơn vị có liên quan": anyone might be meant
    known: bool = True  # False: a name no unit of this workspace carries


class UnitDirectory:
    """Unit names of a workspace, indexed for whole-name matching."""

    def __init__(self, units: Iterable[Unit]):
        self.units = {u.id: u for u in units}
        self._by_key: dict[str, set[int]] = {}
        for unit in self.units.values():
            for name in (unit.name, *unit.aliases):
                self._by_key.setdefault(unit_key(name), set()).add(unit.id)
        self._children: dict[int | None, list[int]] = {}
        for unit in self.units.values():
            self._children.setdefault(unit.parent_id, []).append(unit.id)

    @classmethod
    def from_workspace(cls, ws: object) -> UnitDirectory:
        from ctrdesk.core.organizations import list_organizations

        return cls(Unit(o.id, o.name, o.kind, o.parent_id, o.aliases)
                   for o in list_organizations(ws))  # type: ignore[arg-type]

    def descendants(self, unit_id: int) -> set[int]:
        found: set[int] = set()
        stack = list(self._children.get(unit_id, []))
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(self._children.get(current, []))
        return found

    def of_kind(self, *kinds: str) -> set[int]:
        return {u.id for u in self.units.values() if u.kind in kinds}

    def match(self, name: str) -> set[int]:
        """Units whose name or alias is this name (whole names only)."""
        return set(self._by_key.get(unit_key(name), set()))

    def resolve(self, phrase: str) -> Resolution:
        key = fold(phrase).strip(" .;,:")
        result = Resolution(phrase)
        if _GROUP_SUBORDINATE.search(key):
            result.group = "subordinate"
            result.unit_ids = self.of_kind(*SUBORDINATE_KINDS)
            return result
        if _GROUP_PROVINCIAL.search(key):
            result.group = "provincial"
            result.unit_ids = self.of_kind(PROVINCIAL_KIND)
            return result
        if _GROUP_ADVISORY.search(key):
            result.group = "advisory"
            result.unit_ids = self.of_kind("advisory_body")
            return result
        matched = self.match(phrase)
        if matched:
            for unit_id in list(matched):
                if self.units[unit_id].kind == "group":  # a named group: its members
                    result.group = self.units[unit_id].name
                    matched |= self.descendants(unit_id)
            result.unit_ids = matched
            return result
        series = self.series(phrase)
        if series:  # "các chi bộ VKSND khu vực": every "Chi bộ VKSND khu vực N"
            result.group = phrase.strip(" .;,:")
            result.unit_ids = series
            return result
        if _UNDETERMINED.search(key):
            result.undetermined = True
            return result
        result.known = False
        return result

    def series(self, phrase: str) -> set[int]:
        """The numbered units a plural phrase names: "các chi bộ VKSND khu vực" holds
        "Chi bộ VKSND khu vực 1", "… khu vực 2" (not "Chi bộ Văn phòng"); a phrase that
        ends in a number ("các chi ủy Vụ 7") names one unit, never a series."""
        key = fold(phrase).strip(" .;,:")
        if not _PLURAL.match(key):
            return set()
        stem = unit_key(phrase)
        if not stem or stem[-1].isdigit() or len(stem) < 3:
            return set()
        pattern = re.compile(re.escape(stem) + r" \d{1,3}$")
        return {unit_id for name_key, ids in self._by_key.items() if pattern.match(name_key)
                for unit_id in ids}

    def mentions(self, text: str, unit_id: int) -> str | None:
        """The words in ``text`` that name the unit (whole names), if any."""
        unit = self.units[unit_id]
        folded = re.sub(r"(?<=[a-z])(?=\d)", " ", fold(text))
        for name in sorted({unit.name, *unit.aliases}, key=len, reverse=True):
            key = unit_key(name)
            if len(key) < 4:
                continue
            match = re.search(r"(?<![\w])" + re.escape(key) + r"(?![\w])(?!\s*\d)", folded)
            if match:
                return name
        return None
