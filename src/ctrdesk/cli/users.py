"""Accounts of the workspace and their roles."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import new_secret, open_from_args, print_json, secret
from ctrdesk.core.i18n import _
from ctrdesk.core.security.roles import ROLES


def _cmd_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import list_accounts

    with open_from_args(args) as ws:
        rows = list_accounts(ws)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            state = "" if r.active else _(" (disabled)")
            print(f"{r.id:>4}  {r.name:<16} {r.role:<10} {r.full_name}{state}")
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import add_account

    with open_from_args(args) as ws:
        ws.require("account.add")  # before asking for a password
        password = new_secret(args.new_password_env, _("Password of {user}: ").format(
            user=args.name), _("The password again: "))
        info = add_account(ws, args.name, args.role, password, args.full_name)
    if args.json:
        print_json(info.as_json())
    else:
        print(info.id)
    return 0


def _cmd_role(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import set_role

    with open_from_args(args) as ws:
        info = set_role(ws, args.name, args.role)
    print_json(info.as_json())
    return 0


def _cmd_password(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import set_password

    with open_from_args(args) as ws:
        ws.require("account.password")
        set_password(ws, args.name, new_secret(
            args.new_password_env, _("New password of {user}: ").format(user=args.name),
            _("The password again: ")))
    return 0


def _cmd_change_password(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import change_own_password

    with open_from_args(args) as ws:
        ws.require("account.own_password")
        current = secret(args.current_password_env, _("Current password of {user}: ").format(
            user=ws.user or ""))
        change_own_password(ws, current, new_secret(
            args.new_password_env, _("New password: "), _("The password again: ")))
    print(_("The password was changed."))
    return 0


def _cmd_active(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import set_active

    with open_from_args(args) as ws:
        info = set_active(ws, args.name, args.users_command == "enable")
    print_json(info.as_json())
    return 0


def register(commands: Any) -> None:
    group = commands.add_parser("users", aliases=["user"],
                                help=_("accounts and roles of the workspace"))
    cmds = group.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = cmds.add_parser("list", help=_("the accounts"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_list)
    p = cmds.add_parser("add", help=_("add an account (the first is the secretary's)"))
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--full-name", default="")
    p.add_argument("--new-password-env", metavar="VAR",
                   help=_("the environment variable holding the new account's password"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_add)
    p = cmds.add_parser("role", help=_("change an account's role"))
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(handler=_cmd_role)
    p = cmds.add_parser("password", help=_("set an account's password"))
    p.add_argument("name")
    p.add_argument("--new-password-env", metavar="VAR")
    p.set_defaults(handler=_cmd_password)
    p = cmds.add_parser("change-password", help=_(
        "change the signed-in user's own password (--user NAME)"))
    p.add_argument("--current-password-env", metavar="VAR",
                   help=_("the environment variable holding the current password"))
    p.add_argument("--new-password-env", metavar="VAR")
    p.set_defaults(handler=_cmd_change_password)
    for action, text in (("disable", _("disable an account")), ("enable", _("enable it again"))):
        p = cmds.add_parser(action, help=text)
        p.add_argument("name")
        p.set_defaults(handler=_cmd_active)
