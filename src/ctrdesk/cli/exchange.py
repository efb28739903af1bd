"""Packages between levels: submissions up, consolidation, demo packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import (
    add_key_options,
    find_unit,
    key_from_args,
    open_from_args,
    print_json,
)
from ctrdesk.core.i18n import _


def _cmd_submission_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.package import write_submission

    key = key_from_args(args)
    with open_from_args(args) as ws:
        write_submission(ws, args.period, key, Path(args.out))
    print(args.out)
    return 0


def _cmd_submission_import(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.importer import BatchCancelled, import_files
    from ctrdesk.core.safetext import shown

    cancelled = False
    with open_from_args(args) as ws:
        try:
            outcomes = import_files(ws, [Path(name) for name in args.files])
        except BatchCancelled as exc:  # Ctrl+C: every file still gets its outcome
            outcomes, cancelled = exc.outcomes, True
    for outcome in outcomes:
        if outcome.status == "refused":
            print(f"ctrdesk: {outcome.reason}", file=sys.stderr)
    if args.json:
        print_json([o.as_json() for o in outcomes])
    else:
        for outcome in outcomes:
            print(f"{shown(outcome.file)}: {outcome.status}")
    if cancelled:
        return 130
    return 7 if any(o.status == "refused" for o in outcomes) else 0


def _cmd_submission_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.importer import received_submissions

    with open_from_args(args) as ws:
        rows = received_submissions(ws, args.period, history=not args.current)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        from ctrdesk.core.safetext import shown

        for row in rows:
            print(f"{row.id:>5}  {row.period:<8} {row.created:%Y-%m-%d %H:%M}  "
                  f"{row.status:<10} {shown(row.unit)} — {shown(row.signer)}")
    return 0


def _cmd_consolidate(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.consolidate import consolidate, consolidated_report

    with open_from_args(args) as ws:
        data = consolidate(ws, args.period)
        if args.pdf:
            from ctrdesk.core.documents.layout import render

            render(consolidated_report(ws, args.period, data), args.pdf)
        if args.unit:
            from ctrdesk.core.exchange.consolidate import unit_detail

            data = unit_detail(ws, args.period, find_unit(ws, args.unit), data)
    if args.json or not args.pdf:
        print_json(data)
    return 0


def _cmd_demo_generate(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.generate import generate

    made = generate(args.units, args.period, Path(args.out))
    print_json({"parent": made["parent"], "packages": len(made["packages"]),
                 "missing": made["missing"], "late": made["late"]})
    return 0


def register(commands: Any) -> None:
    submission = commands.add_parser("submission", help=_("signed packages sent upward"))
    submission_cmds = submission.add_subparsers(dest="submission_command", metavar="ACTION",
                                                required=True)
    p = submission_cmds.add_parser("export", help=_("the unit's signed package for a period"))
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--out", required=True, metavar="FILE.ctrsub")
    add_key_options(p)
    p.set_defaults(handler=_cmd_submission_export)
    p = submission_cmds.add_parser("import", help=_("verify and store subordinate units' "
                                                    "packages"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_submission_import)
    p = submission_cmds.add_parser("list", help=_("the packages received, with their history"))
    p.add_argument("--period", metavar="P")
    p.add_argument("--current", action="store_true",
                   help=_("only the packages in force, not the superseded ones"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_submission_list)

    demo = commands.add_parser("demo", help=_("demo and test data"))
    demo_cmds = demo.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    p = demo_cmds.add_parser("generate", help=_("a parent workspace and signed packages of "
                                                "synthetic units"))
    p.add_argument("--units", type=int, required=True, metavar="N")
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=_cmd_demo_generate)

    p = commands.add_parser("consolidate", help=_("roll the units' submissions up for a period"))
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="OUT.pdf", help=_("also write the consolidated report"))
    p.add_argument("--unit", metavar="NAME", help=_("only this unit's data (the drill-down)"))
    p.set_defaults(handler=_cmd_consolidate)
