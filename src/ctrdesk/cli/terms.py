"""The committee's terms (nhiệm kỳ): document numbers run over a term."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import date_arg, open_from_args, print_json
from ctrdesk.core.i18n import _


def _cmd_term_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.terms import add_term

    with open_from_args(args) as ws:
        term_id = add_term(ws, args.start, args.end, args.name or "", args.organization)
    print(term_id)
    return 0


def _cmd_term_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.terms import list_terms

    with open_from_args(args) as ws:
        terms = list_terms(ws)
    if args.json:
        print_json(terms)
    else:
        for term in terms:
            print(f"{term['id']:>4}  {term['name']:<12} {term['start']} – {term['end']}")
    return 0


def register(commands: Any) -> None:
    term = commands.add_parser("term", help=_("the committee's terms (document numbers run "
                                              "over a term)"))
    term_cmds = term.add_subparsers(dest="term_command", metavar="ACTION", required=True)
    p = term_cmds.add_parser("add", help=_("add a term of the committee"))
    p.add_argument("--start", type=date_arg, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--end", type=date_arg, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--name", metavar="TEXT", help=_("e.g. 2025-2030 (the default)"))
    p.add_argument("--organization", type=int, metavar="ID",
                   help=_("the committee (the workspace's own unit by default)"))
    p.set_defaults(handler=_cmd_term_add)
    p = term_cmds.add_parser("list", help=_("list the terms"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_term_list)
