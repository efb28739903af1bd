"""Splitting the unit phrases of a program into unit names, and lead / coordinating roles.

This only reads the words: which organization a name means is decided by
:mod:`ctrdesk.core.units`, the one place that matches unit names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctrdesk.core.textnorm import fold

# Group phrases contain commas that do not separate units: protect them before splitting.
_GROUPS = [
    r"(?:cac )?(?:dang uy|dang bo|chi uy|chi bo|cap uy|to chuc dang)"
    r"(?:, (?:dang uy|dang bo|chi uy|chi bo|cap uy|to chuc dang))* truc thuoc",
    r"(?:cac )?(?:dang uy )?vksnd (?:cac )?tinh, thanh pho(?: truc thuoc trung uong)?",
    r"(?:cac )?co quan tham muu, giup viec(?: cua (?:dang uy|cap uy|ban thuong vu))?",
    r"(?:cac )?to chuc ct-xh(?: co quan)?",
]
_GROUP_RE = re.compile("|".join(f"(?:{g})" for g in _GROUPS))
# Words that begin a unit name: a split at "," or "và" is made only before one of them.
_UNIT_START = re.compile(
    r"(?:cac |nhung )?(?:dang uy|dang bo|chi uy|chi bo|cap uy|ban |uy ban|ubkt|van phong|"
    r"vu \d|cuc \d|thanh tra|co quan|truong|bao |vien |vksnd|doan |to chuc|don vi|phong |"
    r"cong doan|chi doan|hoi |to |vpdu|btv)"
)
_LABEL_LIST = re.compile(
    r"(?:cac )?((?:dang uy|chi uy|chi bo|dang bo)(?:, (?:dang uy|chi uy|chi bo|dang bo))*)"
    r"\s*:\s*"
)
_QUALIFIER = re.compile(
    r"\s+(?:theo chuc nang.*|da duoc phan cong.*|duoc (?:ban thuong vu|dang uy|phan cong).*"
    r"|theo su phan cong.*|co lien quan den.*)$"
)
# What a sentence goes on to say after naming the units: "… phối hợp với Y theo dõi, …".
_ACTION = re.compile(
    r"\s+(?:(?:tham muu|to chuc|trien khai|thuc hien|theo doi|giam sat|kiem tra|xay dung|"
    r"huong dan|don doc|tong hop|bao cao|ra soat|chuan bi|nghien cuu|de xuat)\b)"
)
_PREFIX_NAMES = {"dang uy": "Đảng ủy", "chi uy": "Chi ủy", "chi bo": "Chi bộ",
                 "dang bo": "Đảng bộ"}


@dataclass
class UnitRoles:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    implementing: list[str] = field(default_factory=list)


def _aligned(text: str) -> tuple[str, str]:
    """Single-spaced text and its fold, character for character."""
    spaced = " ".join(text.split())
    folded = fold(spaced)
    if len(folded) != len(spaced):  # a character that folds to several: compare folded only
        return folded, folded
    return spaced, folded


def _tidy(name: str) -> str:
    name = name.strip(" .;,:")
    name = re.sub(r"^(?:và|cùng|với)\s+", "", name, flags=re.IGNORECASE)
    return name.strip(" .;,:")


def _mask_groups(folded: str) -> str:
    """The folded text with the commas inside group phrases hidden from splitting."""
    masked = list(folded)
    for match in _GROUP_RE.finditer(folded):
        for i in range(match.start(), match.end()):
            if masked[i] == ",":
                masked[i] = "\x00"
    return "".join(masked)


def _cut(spaced: str, mask: str, separators: str, only_before_unit: bool) -> list[str]:
    """Cut at separators; "Viện phúc thẩm 1, 2, 3": a bare number continues the name."""
    pieces: list[str] = []
    start = 0
    for match in re.finditer(separators, mask):
        if only_before_unit and match.group().strip() != ";" and not _UNIT_START.match(
            mask, match.end()
        ):
            continue
        pieces.append(spaced[start:match.start()])
        start = match.end()
    pieces.append(spaced[start:])
    names: list[str] = []
    for piece in pieces:
        name = _tidy(piece)
        if not name:
            continue
        if re.fullmatch(r"\d+", name) and names:
            stem = re.sub(r"\s*\d+$", "", names[-1])
            if stem != names[-1]:
                names.append(f"{stem} {name}")
                continue
        names.append(name)
    return names


def _split_plain(spaced: str, folded: str) -> list[str]:
    """Split free text only where a separator is followed by the start of a unit name."""
    return _cut(spaced, _mask_groups(folded), r";\s*|,\s*|\s+va\s+|\s+cung\s+", True)


def _split_list(spaced: str, folded: str) -> list[str]:
    """Inside "Các chi ủy: …" every comma separates names ("Vụ 1, Vụ 2, Thanh tra")."""
    return _cut(spaced, _mask_groups(folded), r",\s*|\s+va\s+|;\s*", False)


def split_units(text: str) -> list[str]:
    """'Các chi ủy: Vụ 14, Vụ 15 và các đảng ủy: Cơ quan Điều tra' -> one name per unit."""
    spaced, folded = _aligned(text)
    qualifier = _QUALIFIER.search(folded)
    if qualifier:
        spaced, folded = spaced[: qualifier.start()], folded[: qualifier.start()]
    labels = list(_LABEL_LIST.finditer(folded))
    if not labels:
        return _split_plain(spaced, folded)
    names = _split_plain(spaced[: labels[0].start()], folded[: labels[0].start()])
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(spaced)
        kinds = [k.strip() for k in label.group(1).split(",")]
        prefix = _PREFIX_NAMES[kinds[0]] if len(kinds) == 1 else ""
        body_spaced, body_folded = spaced[label.end():end], folded[label.end():end]
        # Inside a label list every comma separates names ("Vụ 1, Vụ 2, Thanh tra").
        for name in _split_list(body_spaced, body_folded):
            if _GROUP_RE.fullmatch(fold(name)) or fold(name).startswith(("cac ", "dang uy vksnd")):
                names.append(name)
            else:
                names.append(f"{prefix} {name}".strip())
    return names


_LEAD = re.compile(r"\s+chu tri\b")
_COORDINATE = re.compile(r"\bphoi hop (?:voi|cung)?\s*")
_COORDINATE_AFTER = re.compile(r"\s+phoi hop\s*$")


def _trim_action(spaced: str, folded: str) -> tuple[str, str]:
    for action in _ACTION.finditer(folded):
        word = spaced[action.start():action.end()].strip()
        if word[:1].islower():  # "Ủy ban Kiểm tra" is a name, "kiểm tra việc …" an action
            return spaced[: action.start()], folded[: action.start()]
    return spaced, folded


def parse_unit_roles(text: str) -> UnitRoles:
    """Lead and coordinating units of a units phrase, else the implementing units:

    "X chủ trì, phối hợp với Y", "X chủ trì; Y phối hợp", "X chủ trì, Y phối hợp",
    "X chủ trì, phối hợp với Y theo dõi, kiểm tra …" (the action is not a unit).
    """
    spaced, folded = _aligned(text.strip(" .;"))
    lead_match = _LEAD.search(folded)
    if not lead_match:
        return UnitRoles(implementing=split_units(spaced))
    roles = UnitRoles(lead=split_units(spaced[: lead_match.start()]))
    rest_spaced, rest_folded = spaced[lead_match.end():], folded[lead_match.end():]
    rest_spaced, rest_folded = rest_spaced.strip(" ,;"), rest_folded.strip(" ,;")
    after = _COORDINATE_AFTER.search(rest_folded)
    if after:  # "X chủ trì; Y phối hợp"
        roles.coordinating = split_units(rest_spaced[: after.start()])
        return roles
    coordinate = _COORDINATE.search(rest_folded)
    if coordinate:
        body_spaced, _body_folded = _trim_action(rest_spaced[coordinate.end():],
                                                 rest_folded[coordinate.end():])
        roles.coordinating = split_units(body_spaced)
    return roles


_PROSE = re.compile(
    r"^(?:giao\s+)?(.{3,120}?)\s+chu tri\s*[,;]\s*(?:phoi hop|\S.{0,160}?\s+phoi hop\b)")


def roles_in_sentence(text: str) -> UnitRoles | None:
    """Units named in a task's own sentence: "Ủy ban Kiểm tra chủ trì, phối hợp với Văn
    phòng Đảng ủy giám sát …" -> lead and coordinating; None when the sentence names none."""
    spaced, folded = _aligned(text.strip(" .;"))
    match = _PROSE.match(folded)
    if not match or not _UNIT_START.match(match.group(1)):
        return None
    offset = len(folded) - len(folded.lstrip())
    start = match.start(1) + offset
    roles = parse_unit_roles(spaced[start:])
    return roles if roles.lead else None
