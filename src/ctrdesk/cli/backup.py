"""Backups: make, check, list, restore; the folder of automatic backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import open_from_args, print_json, secret
from ctrdesk.core.i18n import _


def _cmd_create(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.backup import create_backup

    with open_from_args(args) as ws:
        info = create_backup(ws, args.out)
    if args.json:
        print_json(info.as_json())
    else:
        print(info.path)
    return 0


def _backup_passphrase(args: argparse.Namespace) -> str | None:
    return secret(args.backup_passphrase_env, "") if args.backup_passphrase_env else None


def _cmd_restore(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.backup import restore_backup

    ws = open_from_args(args)
    try:
        result = restore_backup(ws, args.file, _backup_passphrase(args))
    finally:
        ws.close()
    if args.json:
        print_json({"restored": result.backup.as_json(), "replaced": str(result.replaced)})
    else:
        print(_("Restored from {backup}; the replaced workspace was kept as {path}.").format(
            backup=result.backup.path, path=result.replaced))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from ctrdesk.cli.common import passphrase_from_args
    from ctrdesk.core.security.backup import check_backup

    passphrase = _backup_passphrase(args) or passphrase_from_args(args)
    info = check_backup(args.file, passphrase)
    print_json(info.as_json())
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.backup import backup_folder, list_backups

    stem = None
    if args.folder:
        folder: Path | None = Path(args.folder)
    else:
        with open_from_args(args) as ws:
            folder, stem = backup_folder(ws), ws.path.stem
    rows = list_backups(folder, stem) if folder else []
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        if folder is None:
            print(_("No backup folder is chosen: use 'ctrdesk backup settings --folder DIR'."))
        for r in rows:
            print(f"{r.created or '?':<20} {r.size:>12}  {r.path}")
    return 0


def _cmd_settings(args: argparse.Namespace) -> int:
    from ctrdesk.core.security.backup import KEEP_SETTING, backup_folder, configure

    with open_from_args(args) as ws:
        if args.folder is not None or args.keep is not None:
            configure(ws, args.folder, args.keep)
        folder = backup_folder(ws)
        print_json({"folder": str(folder) if folder else None,
                    "keep": int(ws.get_setting(KEEP_SETTING) or 7)})
    return 0


def register(commands: Any) -> None:
    group = commands.add_parser("backup", help=_("backups of the workspace"))
    cmds = group.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    p = cmds.add_parser("create", help=_("write a backup (encrypted like the workspace)"))
    p.add_argument("--out", required=True, metavar="FILE.ctrbak")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_create)
    p = cmds.add_parser("restore", help=_("replace the workspace by a backup, checked first"))
    p.add_argument("file")
    p.add_argument("--backup-passphrase-env", metavar="VAR",
                   help=_("the backup's passphrase, if not the workspace's"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_restore)
    p = cmds.add_parser("check", help=_("check a backup whole without restoring it"))
    p.add_argument("file")
    p.add_argument("--backup-passphrase-env", metavar="VAR")
    p.set_defaults(handler=_cmd_check)
    p = cmds.add_parser("list", help=_("the backups in the backup folder"))
    p.add_argument("--folder", metavar="DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_list)
    p = cmds.add_parser("settings", help=_("the folder of automatic backups, how many kept"))
    p.add_argument("--folder", metavar="DIR")
    p.add_argument("--keep", type=int, metavar="N")
    p.set_defaults(handler=_cmd_settings)
