"""Organizations: the unit tree the workspace knows."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import (
    open_from_args,
    print_json,
)
from ctrdesk.core.i18n import _


def _cmd_org_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.organizations import list_organizations

    with open_from_args(args) as ws:
        orgs = list_organizations(ws)
    if args.json:
        print_json([o.as_json() for o in orgs])
    else:
        for org in orgs:
            print(f"{org.id:>5}  {'  ' * org.depth}{org.name}  [{org.kind}]")
    return 0


def _cmd_org_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.organizations import add_organization, get_organization

    with open_from_args(args) as ws:
        org_id = add_organization(
            ws, args.name, args.kind, parent=args.parent,
            abbreviation=args.abbreviation, aliases=args.alias or [],
        )
        info = get_organization(ws, org_id)
    if args.json:
        print_json(info.as_json())
    else:
        print(org_id)
    return 0


def register(commands: Any) -> None:
    org = commands.add_parser("org", help=_("party organizations"))
    org_cmds = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    p = org_cmds.add_parser("list", help=_("list organizations in tree order"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_org_list)
    p = org_cmds.add_parser("add", help=_("add an organization"))
    p.add_argument("name")
    p.add_argument("--kind", default="branch")
    p.add_argument("--parent", type=int, metavar="ID")
    p.add_argument("--abbreviation", default="")
    p.add_argument("--alias", action="append", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_org_add)
