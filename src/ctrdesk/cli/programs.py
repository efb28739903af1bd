"""Programs, their items and targets: import, derive, compare, 05-rõ checks, packages down."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import (
    add_key_options,
    date_arg,
    find_unit,
    key_from_args,
    open_from_args,
    print_json,
    print_out,
)
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import _


def _cmd_program_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.service import list_programs

    with open_from_args(args) as ws:
        programs = list_programs(ws)
    return print_out(args, [p.as_json() for p in programs], (
        f"{p.id:>5}  {p.number or '-':<14} "
        f"{p.issued_on.isoformat() if p.issued_on else '-':<10}  {p.doc_type} {p.summary}"
        for p in programs))


def _cmd_program_parse(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.importing.interchange import program_to_json

    source, program = parse_file(args.file)
    data = program_to_json(program, source={"filename": source.filename,
                                            "sha256": source.sha256, "format": source.format})
    if args.json:
        print_json(data)
    else:
        _print_outline(data["items"])
    return 0


def _print_outline(nodes: list[dict[str, Any]], depth: int = 0) -> None:
    for node in nodes:
        label = node["number"] or "-"
        text = (node["title"] or node["text"])[:90]
        print(f"{'  ' * depth}{label} [{node['kind']}] {text}")
        _print_outline(node["children"], depth + 1)


def _cmd_program_import(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.programs.service import store_program

    source, program = parse_file(args.file)
    with open_from_args(args) as ws:
        program_id = store_program(
            ws, program, source_filename=source.filename, source_sha256=source.sha256,
            allow_duplicate=args.allow_duplicate,
        )
    return print_out(args, {"id": program_id}, [program_id])


def _cmd_program_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing.interchange import program_to_json
    from ctrdesk.core.programs.service import get_program_row, load_program

    with open_from_args(args) as ws:
        program = load_program(ws, args.id)
        row = get_program_row(ws, args.id)
    data = program_to_json(program, source={"filename": row.source_filename,
                                            "sha256": row.source_sha256})
    data["id"] = args.id
    if args.json:
        print_json(data)
    else:
        _print_outline(data["items"])
    return 0


def _cmd_program_derive(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.programs.derive import create_unit_program, propose

    roles: dict[int, str] = {}
    for spec in args.role or []:
        item, _sep, role = spec.partition("=")
        if not item.isdigit() or not role:
            raise ValidationError(_("--role takes ITEM_ID=ROLE, not '{spec}'.").format(
                spec=spec), field="role")
        roles[int(item)] = role
    with open_from_args(args) as ws:
        unit_id = find_unit(ws, args.unit)
        proposals = propose(ws, args.parent_id, unit_id)
        for proposal in proposals:
            proposal.role = roles.get(proposal.item_id, proposal.role)
        created = create_unit_program(ws, args.parent_id, unit_id, roles,
                                      again=args.again) if args.create else None
    if args.json:
        data: dict[str, Any] = {"parent_id": args.parent_id, "unit_id": unit_id,
                                "items": [p.as_json() for p in proposals]}
        if created is not None:
            data["program_id"] = created
        print_json(data)
    else:
        for p in proposals:
            print(f"{' › '.join(p.path):<24} {p.role:<14} {p.evidence[:50]}")
        if created is not None:
            print(created)
    return 0


def _cmd_program_compare(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.revisions import compare_versions

    with open_from_args(args) as ws:
        changes = compare_versions(ws, args.old_id, args.new_id, args.unit_program)
    return print_out(args, {"old_id": args.old_id, "new_id": args.new_id,
                            "changes": [c.as_json() for c in changes]}, (
        f"{change.kind:<10} {' › '.join(change.path):<24} "
        f"{(change.new_text or change.old_text or change.new_time)[:60]}"
        for change in changes))


def _cmd_program_update_parent(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.revisions import apply_changes

    with open_from_args(args) as ws:
        done = apply_changes(ws, args.id, args.to, set(args.accept) if args.accept else None)
    return print_out(args, done, [", ".join(f"{k}: {v}" for k, v in done.items())])


def _cmd_program_check(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import check_program

    with open_from_args(args) as ws:
        findings = check_program(ws, args.id)
    if args.json:
        print_json({"program_id": args.id, "complete": not findings,
                     "findings": [f.as_json() for f in findings]})
    else:
        for finding in findings:
            print(f"{' › '.join(finding.path):<24} {finding.message}")
        if not findings:
            print(_("Complete: every item states the five clear points."))
    return 0 if not findings else 1


def _cmd_item_update(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import progress_notes, record_progress, update_item_fields

    fields = {name: getattr(args, name) for name in (
        "action", "deadline", "deadline_text", "recurrence", "resources", "accountable")
        if getattr(args, name) is not None}
    if args.person is not None:
        fields["responsible_person"] = args.person
    with open_from_args(args) as ws, ws.writing("item.update.cli"):
        if fields:
            update_item_fields(ws, args.id, **fields)
        if args.status or args.progress is not None or args.note or args.attach:
            record_progress(ws, args.id, status=args.status, progress=args.progress,
                            note=args.note or "", noted_on=args.date,
                            attachments=args.attach or [])
    with open_from_args(args) as ws:
        notes = progress_notes(ws, args.id)
    if args.json:
        print_json({"item_id": args.id, "notes": notes})
    return 0


def _cmd_target_record(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import attainment, record_reading

    with open_from_args(args) as ws:
        reading_id = record_reading(ws, args.id, args.as_of, numerator=args.numerator,
                                    denominator=args.denominator, count=args.count,
                                    note=args.note or "")
        result = attainment(ws, args.id)
    if args.json:
        print_json({"reading_id": reading_id, "target_id": args.id, **result.as_json()})
    else:
        print(result.reading, _("attained") if result.attained else _("not attained"))
    return 0


def _cmd_target_set(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import set_target

    with open_from_args(args) as ws:
        set_target(ws, args.id, op=args.op, value=args.value, max_value=args.max)
    return 0


def _cmd_program_package(args: argparse.Namespace) -> int:
    import sys

    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.exchange.package import (
        export_program_package,
        import_program_package_checked,
    )
    from ctrdesk.core.safetext import shown

    if args.export:
        key = key_from_args(args)  # a program goes down signed by the issuing level
        with open_from_args(args) as ws:
            write_whole(args.export, export_program_package(ws, args.id, key))
        print(args.export)
        return 0
    if not args.file:
        raise ValidationError(_("Give --export FILE --id ID, or --file FILE."), field="file")
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(_("{name} cannot be read: {error}").format(
            name=shown(path.name), error=exc.strerror or exc), field="file") from exc
    with open_from_args(args) as ws:
        result = import_program_package_checked(ws, data, path.name)
    print(result.program_id)
    print(_("Issued by {issuer}, signed by {signer}.").format(
        issuer=shown(result.issuer), signer=shown(result.signer)), file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    program = commands.add_parser("program", help=_("programs"))
    program_cmds = program.add_subparsers(dest="program_command", metavar="ACTION", required=True)
    p = program_cmds.add_parser("list", help=_("list programs"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_list)
    p = program_cmds.add_parser(
        "parse", help=_("parse a program document and print it, without storing it")
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print ctrdesk.program/1 JSON"))
    p.set_defaults(handler=_cmd_program_parse)
    p = program_cmds.add_parser("import", help=_("parse a program document and store it"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--allow-duplicate", action="store_true",
                   help=_("store it even if the same file was imported before"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_import)
    p = program_cmds.add_parser("show", help=_("print a stored program"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print ctrdesk.program/1 JSON"))
    p.set_defaults(handler=_cmd_program_show)
    p = program_cmds.add_parser(
        "derive", help=_("propose what concerns a unit in a parent program (and create it)"))
    p.add_argument("parent_id", type=int, metavar="PARENT_ID")
    p.add_argument("--unit", required=True, metavar="NAME")
    p.add_argument("--role", action="append", metavar="ITEM_ID=ROLE",
                   help=_("change the proposed role of a parent item"))
    p.add_argument("--create", action="store_true",
                   help=_("store the unit's draft program and print its id"))
    p.add_argument("--again", action="store_true",
                   help=_("derive even if the unit already has a program from this one"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_derive)
    p = program_cmds.add_parser(
        "compare", help=_("what changed between two versions of a parent program"))
    p.add_argument("old_id", type=int, metavar="OLD_ID")
    p.add_argument("new_id", type=int, metavar="NEW_ID")
    p.add_argument("--unit-program", type=int, metavar="ID",
                   help=_("also show what each change means for this unit program"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_compare)
    p = program_cmds.add_parser(
        "update-parent", help=_("move a unit program onto a newer parent version"))
    p.add_argument("id", type=int, metavar="UNIT_PROGRAM_ID")
    p.add_argument("--to", type=int, required=True, metavar="NEW_PARENT_ID")
    p.add_argument("--accept", action="append", metavar="CHANGE_KEY",
                   help=_("take in only these changes (keys from 'program compare')"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_update_parent)
    p = program_cmds.add_parser("check", help=_("list what a unit program still lacks (05 rõ)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_check)

    item = commands.add_parser("item", help=_("items of a unit program"))
    item_cmds = item.add_subparsers(dest="item_command", metavar="ACTION", required=True)
    p = item_cmds.add_parser("update", help=_("set 05-rõ fields, status, progress, notes"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--status", choices=["not_started", "in_progress", "done", "overdue",
                                        "cancelled"])
    p.add_argument("--progress", type=int, metavar="PERCENT")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--date", type=date_arg, metavar="DD/MM/YYYY")
    p.add_argument("--attach", action="append", metavar="FILE")
    p.add_argument("--person", type=int, metavar="PERSON_ID")
    p.add_argument("--action", metavar="TEXT")
    p.add_argument("--deadline", type=date_arg, metavar="DD/MM/YYYY")
    p.add_argument("--deadline-text", metavar="TEXT")
    p.add_argument("--recurrence", choices=["monthly", "quarterly", "half_yearly", "yearly"])
    p.add_argument("--resources", metavar="TEXT")
    p.add_argument("--accountable", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_update)
    from ctrdesk.cli.editing import register_item_commands

    register_item_commands(item_cmds)

    target = commands.add_parser("target", help=_("targets and their readings"))
    target_cmds = target.add_subparsers(dest="target_command", metavar="ACTION", required=True)
    p = target_cmds.add_parser("record", help=_("record a dated reading of a target"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--as-of", type=date_arg, required=True, metavar="DD/MM/YYYY")
    p.add_argument("--numerator", type=int)
    p.add_argument("--denominator", type=int)
    p.add_argument("--count", type=int)
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_target_record)
    p = target_cmds.add_parser("set", help=_("set a unit target (apportion a count)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--op", choices=["=", ">", ">=", "<", "<=", "range"])
    p.add_argument("--value", type=float)
    p.add_argument("--max", type=float)
    p.set_defaults(handler=_cmd_target_set)

    p = program_cmds.add_parser("package", help=_("export a program package for the units, "
                                                  "or import one from the parent"))
    p.add_argument("--export", metavar="FILE", help=_("write the package of program --id"))
    p.add_argument("--id", type=int, metavar="ID")
    p.add_argument("--file", metavar="FILE", help=_("import this package"))
    add_key_options(p)
    p.set_defaults(handler=_cmd_program_package)
