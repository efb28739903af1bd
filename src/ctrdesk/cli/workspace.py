"""The workspace itself: what protects it, encrypting it, changing its passphrase."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import new_secret, open_from_args, print_json
from ctrdesk.core.i18n import _


def _cmd_info(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.accounts import list_accounts
    from ctrdesk.core.security.backup import KEEP_SETTING, backup_folder

    with open_from_args(args) as ws:
        folder = backup_folder(ws)
        info = {"path": str(ws.path), "encrypted": ws.encrypted,
                "schema_version": ws.schema_version, "accounts": len(list_accounts(ws)),
                "user": ws.user, "role": ws.role,
                "backup_folder": str(folder) if folder else None,
                "backup_keep": ws.get_setting(KEEP_SETTING)}
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            print(f"{key}: {'' if value is None else value}")
    return 0


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.encryption import encrypt_workspace

    with open_from_args(args) as ws:
        passphrase = "" if ws.encrypted else new_secret(
            args.new_passphrase_env, _("New passphrase: "), _("The new passphrase again: "))
        result = encrypt_workspace(ws, passphrase)
    if args.json:
        print_json({"path": str(result.path),
                    "backup": str(result.backup) if result.backup else None,
                    "files_encrypted": result.files_encrypted})
        return 0
    print(_("{path} is encrypted.").format(path=result.path))
    if result.backup:
        print(_("A clear copy was made first: {path}. Delete it (or keep it somewhere safe) "
                "once you have checked the encrypted workspace.").format(path=result.backup))
    return 0


def _cmd_passphrase(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.encryption import change_passphrase

    with open_from_args(args) as ws:
        ws.require("workspace.passphrase")
        change_passphrase(ws, new_secret(args.new_passphrase_env, _("New passphrase: "),
                                         _("The new passphrase again: ")))
    print(_("The passphrase of {path} was changed.").format(path=ws.path))
    return 0


def _cmd_may(args: argparse.Namespace) -> int:
    with open_from_args(args) as ws:
        allowed = ws.may(args.action)
        user, role = ws.user, ws.role
    if args.json:
        print_json({"user": user, "role": role, "action": args.action, "allowed": allowed})
    else:
        print("yes" if allowed else "no")
    return 0 if allowed else 1


def register(commands: Any) -> None:
    group = commands.add_parser("workspace", help=_("the workspace: encryption, information"))
    cmds = group.add_subparsers(dest="workspace_command", metavar="ACTION", required=True)
    p = cmds.add_parser("info", help=_("what protects this workspace"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_info)
    p = cmds.add_parser("encrypt", help=_("encrypt a clear workspace (a backup is made first)"))
    p.add_argument("--new-passphrase-env", metavar="VAR",
                   help=_("the environment variable holding the new passphrase"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_encrypt)
    p = cmds.add_parser("passphrase", help=_("change the passphrase of an encrypted workspace"))
    p.add_argument("--new-passphrase-env", metavar="VAR",
                   help=_("the environment variable holding the new passphrase"))
    p.set_defaults(handler=_cmd_passphrase)
    p = cmds.add_parser("may", help=_("may the signed-in user do ACTION? (exit 0 yes, 1 no)"))
    p.add_argument("action", help=_("e.g. document.issue, sign, submission.export"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_may)
