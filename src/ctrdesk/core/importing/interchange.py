"""The interchange format ``ctrdesk.program/1`` (documented in docs/interchange-format.md).

What ``ctrdesk program parse --json`` prints, what ``program show --json`` prints and what
a parent level exports to its units. Reading it back validates every field and refuses
anything malformed with a message naming the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ctrdesk.core.errors import ParseError
from ctrdesk.core.i18n import _
from ctrdesk.core.importing.parsed import Header, Node, ParsedProgram, Signature
from ctrdesk.core.importing.thresholds import Threshold
from ctrdesk.core.importing.timespec import TimeSpec
from ctrdesk.core.store.models import ITEM_KINDS, TARGET_UNITS, THRESHOLD_OPS, TIME_KINDS

FORMAT = "ctrdesk.program/1"
PROGRAM_KINDS_IN_FORMAT = ("action_program", "work_program", "plan", "inspection_program",
                           "unit_program")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def node_to_json(node: Node) -> dict[str, Any]:
    return {
        "kind": node.kind,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "lead": list(node.lead),
        "coordinating": list(node.coordinating),
        "implementing": list(node.implementing),
        "time": node.time.as_json() if node.time else None,
        "threshold": node.threshold.as_json() if node.threshold else None,
        "children": [node_to_json(child) for child in node.children],
        "units_text": node.units_text,
        "units_label": node.units_label,
        "extra": list(node.extra),
        "lines": list(node.lines),
    }


def program_to_json(program: ParsedProgram, *, source: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
    header = program.header
    data: dict[str, Any] = {
        "format": FORMAT,
        "kind": program.kind,
        "header": {
            "superior": header.superior,
            "issuer": header.issuer,
            "number": header.number,
            "place": header.place,
            "date": _iso(header.date),
            "doc_type": header.doc_type,
            "summary": header.summary,
            "preamble": list(header.preamble),
        },
        "signature": (
            {"authority": program.signature.authority, "position": program.signature.position,
             "name": program.signature.name} if program.signature else None
        ),
        "recipients": list(program.recipients),
        "notes": list(program.notes),
        "items": [node_to_json(item) for item in program.items],
    }
    if source is not None:
        data["source"] = source
    if program.ignored:
        data["ignored"] = [{"line": i.line, "text": i.text, "reason": i.reason}
                           for i in program.ignored]
    if program.legacy_encoding:
        data["legacy_encoding"] = program.legacy_encoding
    return data


# --- reading it back ---------------------------------------------------------------------


def _bad(where: str, what: str) -> ParseError:
    return ParseError(_("Invalid program package: {where}: {what}").format(where=where, what=what),
                      field=where)


def _text(data: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _bad(f"{where}.{key}", _("missing"))
        return ""
    if not isinstance(value, str):
        raise _bad(f"{where}.{key}", _("must be text"))
    return value


def _optional_text(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(f"{where}.{key}", _("must be text"))
    return value


def _names(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"{where}.{key}", _("must be a list of text"))
    return list(value)


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise _bad(where, _("not a date (YYYY-MM-DD)")) from exc


def _time(value: Any, where: str) -> TimeSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _bad(where, _("must be an object"))
    kind = value.get("kind")
    if kind not in TIME_KINDS:
        raise _bad(f"{where}.kind", _("unknown time kind {kind!r}").format(kind=kind))
    return TimeSpec(_text(value, "text", where), kind, _date(value.get("start"), f"{where}.start"),
                    _date(value.get("end"), f"{where}.end"))


def _threshold(value: Any, where: str) -> Threshold | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _bad(where, _("must be an object"))
    op, unit = value.get("op"), value.get("unit")
    if op not in THRESHOLD_OPS:
        raise _bad(f"{where}.op", _("unknown operator {op!r}").format(op=op))
    if unit not in TARGET_UNITS:
        raise _bad(f"{where}.unit", _("unknown unit {unit!r}").format(unit=unit))
    number, upper = value.get("value"), value.get("max")
    if not isinstance(number, int | float) or isinstance(number, bool):
        raise _bad(f"{where}.value", _("must be a number"))
    if op == "range" and (not isinstance(upper, int | float) or upper < number):
        raise _bad(f"{where}.max", _("a range needs a maximum at least its value"))
    return Threshold(op, float(number), None if upper is None else float(upper), unit)


def node_from_json(data: Any, where: str, depth: int = 0) -> Node:
    if not isinstance(data, dict):
        raise _bad(where, _("must be an object"))
    if depth > 30:
        raise _bad(where, _("nested too deeply"))
    kind = data.get("kind")
    if kind not in ITEM_KINDS:
        raise _bad(f"{where}.kind", _("unknown item kind {kind!r}").format(kind=kind))
    children = data.get("children") or []
    if not isinstance(children, list):
        raise _bad(f"{where}.children", _("must be a list"))
    lines = data.get("lines") or []
    extra = data.get("extra") or []
    return Node(
        kind=kind,
        number=_text(data, "number", where),
        title=_text(data, "title", where),
        text=_text(data, "text", where),
        lead=_names(data, "lead", where),
        coordinating=_names(data, "coordinating", where),
        implementing=_names(data, "implementing", where),
        time=_time(data.get("time"), f"{where}.time"),
        threshold=_threshold(data.get("threshold"), f"{where}.threshold"),
        children=[node_from_json(child, f"{where}.children[{i}]", depth + 1)
                  for i, child in enumerate(children)],
        lines=[int(n) for n in lines if isinstance(n, int)],
        units_text=_text(data, "units_text", where),
        units_label=_text(data, "units_label", where),
        extra=[str(e) for e in extra] if isinstance(extra, list) else [],
    )


def program_from_json(data: Any) -> ParsedProgram:
    """Validate and read a ``ctrdesk.program/1`` document."""
    if not isinstance(data, dict):
        raise _bad("document", _("must be a JSON object"))
    found = data.get("format")
    if found != FORMAT:
        if isinstance(found, str) and found.startswith("ctrdesk.program/"):
            raise ParseError(_("This program package has format {found}, which this ctrdesk "
                               "cannot read ({expected}). Update ctrdesk.")
                             .format(found=found, expected=FORMAT))
        raise _bad("format", _("expected {expected}").format(expected=FORMAT))
    header_data = data.get("header")
    if not isinstance(header_data, dict):
        raise _bad("header", _("missing"))
    header = Header(
        superior=_optional_text(header_data, "superior", "header"),
        issuer=_optional_text(header_data, "issuer", "header"),
        number=_optional_text(header_data, "number", "header"),
        place=_optional_text(header_data, "place", "header"),
        date=_date(header_data.get("date"), "header.date"),
        doc_type=_optional_text(header_data, "doc_type", "header"),
        summary=_optional_text(header_data, "summary", "header"),
        preamble=_names(header_data, "preamble", "header"),
    )
    signature_data = data.get("signature")
    signature = None
    if signature_data is not None:
        if not isinstance(signature_data, dict):
            raise _bad("signature", _("must be an object or null"))
        signature = Signature(_text(signature_data, "authority", "signature"),
                              _text(signature_data, "position", "signature"),
                              _text(signature_data, "name", "signature"))
    items = data.get("items")
    if not isinstance(items, list):
        raise _bad("items", _("must be a list"))
    kind = data.get("kind", "action_program")
    if kind not in PROGRAM_KINDS_IN_FORMAT:
        raise _bad("kind", _("unknown program kind {kind!r}").format(kind=kind))
    return ParsedProgram(
        header=header,
        signature=signature,
        recipients=_names(data, "recipients", "document"),
        items=[node_from_json(item, f"items[{i}]") for i, item in enumerate(items)],
        kind=kind,
        source_lines=[],
        notes=_names(data, "notes", "document"),
    )
