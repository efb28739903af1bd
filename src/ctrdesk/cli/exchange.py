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
    print_out,
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
    from ctrdesk.core.safetext import shown

    return print_out(args, [r.as_json() for r in rows], (
        f"{row.id:>5}  {row.period:<8} {row.created:%Y-%m-%d %H:%M}  "
        f"{row.status:<10} {shown(row.unit)} — {shown(row.signer)}" for row in rows))


def _cmd_consolidate(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.consolidate import consolidate, consolidated_report

    with open_from_args(args) as ws:
        data = consolidate(ws, args.period)
        if args.pdf:
            from ctrdesk.core.documents.layout import render

            render(consolidated_report(ws, args.period, data), args.pdf)
        shown = data.as_json()
        if args.unit:
            from ctrdesk.core.exchange.consolidate import unit_detail

            shown = unit_detail(ws, args.period, find_unit(ws, args.unit), data).as_json()
    if args.json or not args.pdf:
        print_json(shown)
    return 0


def _cmd_demo_generate(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.exchange.generate import generate

    if args.years is not None:
        return _demo_history(args)
    if args.units is None or args.period is None:
        raise ValidationError(_("give --units and --period, or --years"), field="period")
    made = generate(args.units, args.period, Path(args.out))
    print_json({"parent": made["parent"], "packages": len(made["packages"]),
                 "missing": made["missing"], "late": made["late"]})
    return 0


def _demo_history(args: argparse.Namespace) -> int:
    """Years of history: the submissions a parent level received, or a branch's records."""
    from ctrdesk.core.errors import ValidationError

    if not 1 <= args.years <= 30:
        raise ValidationError(_("--years must be between 1 and 30"), field="years")
    out = Path(args.out)
    if args.level == "branch":
        from ctrdesk.core.demo import open_for_use
        from ctrdesk.core.demo_history import build_branch_history

        out.mkdir(parents=True, exist_ok=True)
        path = out / "branch.sqlite"
        if path.exists():
            raise ValidationError(_("{path} already exists").format(path=path), field="out")
        with open_for_use(path, demo=True) as ws:
            added = build_branch_history(ws, args.years)
        print_json({"branch": str(path), "years_added": added})
        return 0
    from ctrdesk.core.exchange.history import generate_history

    if (out / "parent.sqlite").exists():
        raise ValidationError(_("{path} already exists").format(path=out / "parent.sqlite"),
                              field="out")
    made = generate_history(args.units or 100, args.years, out)
    print_json({"parent": made["parent"], "periods": len(made["periods"]),
                "packages": made["packages"], "missing": made["missing"],
                "late": made["late"]})
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
    p.add_argument("--units", type=int, metavar="N",
                   help=_("how many subordinate units (with --years: 100)"))
    p.add_argument("--period", metavar="P", help=_("the period the packages report on"))
    p.add_argument("--years", type=int, metavar="N",
                   help=_("instead of one period's packages, N years of history up to the "
                          "last quarter ended"))
    p.add_argument("--level", choices=("parent", "branch"), default="parent",
                   help=_("with --years: the parent level's received submissions, or one "
                          "branch's own records"))
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=_cmd_demo_generate)

    p = commands.add_parser("consolidate", help=_("roll the units' submissions up for a period"))
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="OUT.pdf", help=_("also write the consolidated report"))
    p.add_argument("--unit", metavar="NAME", help=_("only this unit's data (the drill-down)"))
    p.set_defaults(handler=_cmd_consolidate)
