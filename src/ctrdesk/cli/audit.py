"""The audit trail: list, verify, export."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ctrdesk.cli.common import open_from_args, print_json
from ctrdesk.core.i18n import _


def _cmd_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.audit import entries

    with open_from_args(args) as ws:
        rows = entries(ws, args.entity, args.id, args.limit)
    if args.json:
        print_json([e.as_json() for e in rows])
    else:
        for e in rows:
            who = f"{e.user or '-'} ({e.role})" if e.role else "-"
            print(f"{e.id:>6}  {e.at[:19]}  {who:<24} {e.action:<28} {e.summary()}")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.audit import verify

    with open_from_args(args) as ws:
        result = verify(ws)
    if args.json:
        print_json({"ok": result.ok, "entries": result.entries, "bad_entry": result.bad_entry,
                    "reason": result.reason})
    elif result.ok:
        print(_("The audit trail is whole: {n} entries.").format(n=result.entries))
    if not result.ok:
        print(_("ctrdesk: the audit trail is broken: {reason}.").format(reason=result.reason),
              file=sys.stderr)
        return 1
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.files import write_whole
    from ctrdesk.core.security.audit import entries, to_csv

    with open_from_args(args) as ws:
        rows = entries(ws, args.entity, args.id)
    print(write_whole(args.out, to_csv(rows)))
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entity", metavar="E", help=_("a kind of row (table), e.g. meeting"))
    p.add_argument("--id", type=int, metavar="N", help=_("the row's id (with --entity)"))


def register(commands: Any) -> None:
    group = commands.add_parser("audit", help=_("who changed what, and when"))
    cmds = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = cmds.add_parser("list", help=_("the audit trail, oldest first"))
    _filters(p)
    p.add_argument("--limit", type=int, metavar="N", help=_("only the last N entries"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_list)
    p = cmds.add_parser("verify", help=_("check the chain of entries (exit 1 if broken)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_verify)
    p = cmds.add_parser("export", help=_("the audit trail as CSV"))
    _filters(p)
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p.set_defaults(handler=_cmd_export)
