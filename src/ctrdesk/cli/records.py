"""The committee's records and the calendar of what is due."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import (
    date_arg,
    open_from_args,
    print_json,
    print_out,
    read_json_file,
)
from ctrdesk.core.i18n import _

RECORD_KINDS = ["session", "dialogue", "inspection", "ideological-issue", "rating"]



def _cmd_record_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import save_many

    data = read_json_file(args.from_json)
    records = data if isinstance(data, list) else [data]
    with open_from_args(args) as ws:
        results = save_many(ws, args.kind, records)
    for _id, info in results:
        for warning in info.get("warnings", []):
            print(_("warning: {message}").format(message=warning), file=sys.stderr)
    return print_out(args, [{"id": record_id, **info} for record_id, info in results],
                     (record_id for record_id, _info in results))


def _cmd_record_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import list_records

    with open_from_args(args) as ws:
        rows = list_records(ws, args.kind, year=args.year, search=args.search)
    return print_out(args, rows, ("  ".join(str(v) for k, v in row.items()
                                             if k not in ("uuid", "figures")) for row in rows))


def _cmd_record_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import get_record

    with open_from_args(args) as ws:
        print_json(get_record(ws, args.kind, args.id))
    return 0


def _cmd_record_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import export_records

    with open_from_args(args) as ws:
        text = export_records(ws, args.kind, args.format, args.year)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_record_attach(args: argparse.Namespace) -> int:
    from ctrdesk.core.attachments import attach
    from ctrdesk.core.records.service import get_kind, get_record

    kind = get_kind(args.kind)
    with open_from_args(args) as ws:
        get_record(ws, args.kind, args.id)  # refuses an unknown record
        attachment_id = attach(ws, kind.table, args.id, args.file)
    print(attachment_id)
    return 0


def _cmd_record_plan_sessions(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.calendar import plan_sessions_from_program

    with open_from_args(args) as ws:
        created = plan_sessions_from_program(ws, args.program_id, args.organization)
    print_json({"created": created}) if args.json else print(len(created))
    return 0


def _cmd_record_readings(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import record_reading
    from ctrdesk.core.records.calendar import readings_from_records

    with open_from_args(args) as ws:
        suggestions = readings_from_records(ws, args.program_id, args.year)
        if args.apply:
            with ws.writing("records.readings"):
                for s in suggestions:
                    record_reading(ws, s.target_id, args.as_of or date.today(),
                                   numerator=s.numerator, denominator=s.denominator,
                                   count=s.count, note=s.source)
    print_json([s.as_json() for s in suggestions])
    return 0


def _cmd_calendar(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.calendar import due

    with open_from_args(args) as ws:
        entries = due(ws, horizon_days=args.days)
    return print_out(args, [e.as_json() for e in entries], (
        f"{'!' if entry.overdue else ' '} {entry.due.isoformat()}  {entry.kind:<14} "
        f"{entry.text[:80]}" for entry in entries))


def register(commands: Any) -> None:
    record = commands.add_parser("record", help=_("the committee's records"))
    record_cmds = record.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    p = record_cmds.add_parser("add", help=_("add records from a JSON file (one or a list)"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--from-json", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_add)
    p = record_cmds.add_parser("list", help=_("list records of a kind"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--year", type=int)
    p.add_argument("--search", metavar="WORDS")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_list)
    p = record_cmds.add_parser("show", help=_("print one record as JSON"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=_cmd_record_show)
    p = record_cmds.add_parser("export", help=_("export the records of a kind"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--year", type=int)
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(handler=_cmd_record_export)
    p = record_cmds.add_parser("attach", help=_("attach a file to a record"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_record_attach)
    from ctrdesk.cli.editing import register_record_commands

    register_record_commands(record_cmds, list(RECORD_KINDS))
    p = record_cmds.add_parser(
        "plan-sessions", help=_("the meetings of a work program as planned sessions"))
    p.add_argument("program_id", type=int, metavar="PROGRAM_ID")
    p.add_argument("--organization", type=int, metavar="ORG_ID",
                   help=_("whose meetings they are (default: the program's issuer)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_plan_sessions)
    p = record_cmds.add_parser(
        "readings", help=_("target readings the records already hold (and record them)"))
    p.add_argument("program_id", type=int, metavar="UNIT_PROGRAM_ID")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--apply", action="store_true")
    p.add_argument("--as-of", type=date_arg, metavar="DD/MM/YYYY")
    p.set_defaults(handler=_cmd_record_readings)

    p = commands.add_parser("calendar", help=_("what is due, overdue first"))
    p.add_argument("--days", type=int, default=45, help=_("how far ahead to look"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_calendar)
