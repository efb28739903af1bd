"""Editing a unit program's structure from the command line: the same core edits as the
window's editor (each one transaction), so everything the window does is scriptable."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import open_from_args, print_json
from ctrdesk.core.i18n import _


def _apply(args: argparse.Namespace, edit: Any) -> int:
    from ctrdesk.core.programs.edits import DeleteItem

    with open_from_args(args) as ws:
        inverse = edit.apply(ws)
    item_id = edit.item_id if edit.item_id is not None else (
        inverse.item if isinstance(inverse, DeleteItem) else None)
    if args.json:
        print_json({"item_id": item_id})
    else:
        print(item_id)
    return 0


def _cmd_item_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.edits import AddItem

    return _apply(args, AddItem(args.program, args.parent, args.position, args.text))


def _cmd_item_move(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.edits import MoveItem

    return _apply(args, MoveItem(args.id, args.parent, args.position))


def _cmd_item_delete(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.edits import DeleteItem

    return _apply(args, DeleteItem(args.id))


def _cmd_item_copy(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.edits import CopyFromParent

    return _apply(args, CopyFromParent(args.program, args.parent_item, args.under))


def register_item_commands(item_cmds: Any) -> None:
    """``item add|move|delete|copy`` beside ``item update``."""
    p = item_cmds.add_parser("add", help=_("add an item to a unit program"))
    p.add_argument("program", type=int, metavar="PROGRAM_ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--parent", type=int, metavar="ITEM_ID",
                   help=_("under this item (at the top level without)"))
    p.add_argument("--position", type=int, metavar="N",
                   help=_("its place among its siblings, from 0 (the end without)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_add)
    p = item_cmds.add_parser("move", help=_("move an item (reorder, indent, outdent)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--parent", type=int, metavar="ITEM_ID",
                   help=_("the new parent item (the top level without)"))
    p.add_argument("--position", type=int, required=True, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_move)
    p = item_cmds.add_parser("delete", help=_("delete an item and what hangs from it"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_delete)
    p = item_cmds.add_parser("copy", help=_("copy an item of the parent program into the "
                                            "unit program"))
    p.add_argument("program", type=int, metavar="PROGRAM_ID")
    p.add_argument("parent_item", type=int, metavar="PARENT_ITEM_ID")
    p.add_argument("--under", type=int, metavar="ITEM_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_copy)


def _cmd_record_delete(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import delete_record, get_record

    with open_from_args(args) as ws:
        get_record(ws, args.kind, args.id)  # refuses an unknown record
        delete_record(ws, args.kind, args.id)
    return 0


def register_record_commands(record_cmds: Any, kinds: list[str]) -> None:
    p = record_cmds.add_parser("delete", help=_("delete a record"))
    p.add_argument("kind", choices=kinds, metavar="KIND")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=_cmd_record_delete)


def _read_sections(path: str) -> dict[str, str]:
    import json
    from pathlib import Path

    from ctrdesk.core.documents.report import parse_sections
    from ctrdesk.core.errors import ValidationError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(_("{path} is not a JSON file: {error}").format(
            path=path, error=exc), field="sections") from exc
    return parse_sections(data)


def _cmd_document_draft(args: argparse.Namespace) -> int:
    """A draft kept in the register (to edit, issue, sign later), or new sections for one."""
    from ctrdesk.core.documents.actions import save_narratives
    from ctrdesk.core.documents.register import create_draft
    from ctrdesk.core.period import parse_period

    sections = _read_sections(args.sections) if args.sections else None
    with open_from_args(args) as ws:
        if args.id is not None:
            save_narratives(ws, args.id, sections or {})
            document_id = args.id
        else:
            if not args.kind:
                from ctrdesk.core.errors import ValidationError

                raise ValidationError(_("Give the kind of the new draft, or --id of a "
                                        "draft to edit."), field="kind")
            period = parse_period(args.period).code if args.period else None
            document_id = create_draft(ws, args.kind, program=args.program, period=period,
                                       record=args.record, sections=sections)
    if args.json:
        print_json({"id": document_id})
    else:
        print(document_id)
    return 0


def _cmd_document_correct(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import correct

    with open_from_args(args) as ws:
        document_id = correct(ws, args.id)
    if args.json:
        print_json({"id": document_id, "corrects": args.id})
    else:
        print(document_id)
    return 0


def register_document_commands(document_cmds: Any) -> None:
    p = document_cmds.add_parser("draft", help=_(
        "keep a draft in the register, or write the narrative sections of one (--id)"))
    p.add_argument("kind", nargs="?", choices=["program", "report", "minutes", "notice"],
                   metavar="KIND")
    p.add_argument("--id", type=int, metavar="ID", help=_("the draft whose sections change"))
    p.add_argument("--program", type=int, metavar="ID")
    p.add_argument("--period", metavar="P", help=_("e.g. “Quý I/2026” or 2026-Q1"))
    p.add_argument("--record", type=int, metavar="ID")
    p.add_argument("--sections", metavar="FILE.json",
                   help=_("the report's narrative sections: a JSON object with the keys "
                          "situation, assessment, directions and proposals, each a text "
                          "with paragraphs separated by blank lines"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_draft)
    p = document_cmds.add_parser("correct", help=_(
        "start a correction of an issued document: a new draft that replaces it when issued"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_correct)


def _cmd_unit_set(args: argparse.Namespace) -> int:
    """The unit this workspace belongs to (whose programs, records and reports it keeps)."""
    from ctrdesk.cli.common import find_unit
    from ctrdesk.core.organizations import get_organization, set_own_organization

    with open_from_args(args) as ws:
        unit_id = int(args.unit) if args.unit.isdigit() else find_unit(ws, args.unit)
        set_own_organization(ws, unit_id)
        name = get_organization(ws, unit_id).name
    if args.json:
        print_json({"id": unit_id, "name": name})
    else:
        print(name)
    return 0


def register_unit_commands(unit_cmds: Any) -> None:
    p = unit_cmds.add_parser("set", help=_("set the unit this workspace belongs to"))
    p.add_argument("unit", metavar="NAME|ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_unit_set)
