"""Party members: ``ctrdesk member add|list|show|update|transfer-in|transfer-out|archive|
restore|import|export``."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import open_from_args, print_json
from ctrdesk.core.i18n import N_, _

# Options that set a member's fields (dest = the field's name in the core).
_FIELD_OPTIONS = (
    ("--birth-date", "birth_date", "DD/MM/YYYY", N_("date of birth")),
    ("--gender", "gender", "Nam|Nữ", N_("gender")),
    ("--admitted-on", "admitted_on", "DD/MM/YYYY", N_("date of admission to the Party")),
    ("--official-on", "official_on", "DD/MM/YYYY",
     N_("date of becoming an official member (none while probationary)")),
    ("--title", "title", "TEXT", N_("position in the unit (chức vụ)")),
    ("--role", "role", "ROLE",
     N_("position in the committee: Bí thư, Phó Bí thư, Chi ủy viên, Đảng viên")),
    ("--note", "note", "TEXT", N_("note")),
)


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    values = {dest: getattr(args, dest) for _flag, dest, _m, _h in _FIELD_OPTIONS
              if getattr(args, dest) is not None}
    if getattr(args, "full_name", None) is not None:
        values["full_name"] = args.full_name
    if args.retired is not None:
        values["retired"] = args.retired
    return values


def _show(member: Any, as_json: bool) -> None:
    from ctrdesk.core.i18n import format_short_date
    from ctrdesk.core.people.members import role_label

    if as_json:
        print_json(member.as_json())
        return
    standing = _("probationary") if member.probationary else _("official")
    print(f"{member.id:>5}  {member.full_name}  {format_short_date(member.birth_date)}  "
          f"{role_label(member.role)}  {member.title}  [{standing}]")


def _cmd_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import add_member, get_member

    with open_from_args(args) as ws:
        values = _fields(args)
        if args.joined_on is not None:
            values.update(joined_on=args.joined_on, joined_from=args.joined_from or "")
        member_id = add_member(ws, args.unit, **values)
        _show(get_member(ws, member_id), args.json)
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import list_members

    with open_from_args(args) as ws:
        members = list_members(ws, args.unit, include_left=args.all)
    if args.json:
        print_json([m.as_json() for m in members])
    else:
        for member in members:
            _show(member, False)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import get_member

    with open_from_args(args) as ws:
        _show(get_member(ws, args.id), args.json)
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import get_member, update_member

    with open_from_args(args) as ws:
        update_member(ws, args.id, **_fields(args))
        _show(get_member(ws, args.id), args.json)
    return 0


def _cmd_transfer_out(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import transfer_out

    with open_from_args(args) as ws:
        transfer_out(ws, args.id, args.on, args.to, args.note)
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import archive_member

    with open_from_args(args) as ws:
        archive_member(ws, args.id, args.on, args.reason)
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import restore_member

    with open_from_args(args) as ws:
        restore_member(ws, args.id)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.table import import_members

    with open_from_args(args) as ws:
        result = import_members(ws, args.file, args.unit)
    if args.json:
        print_json(result.as_json())
    else:
        print(_("{added} added, {updated} updated.").format(added=len(result.added),
                                                           updated=len(result.updated)))
        if result.ignored_columns:
            print(_("Columns not read: {columns}").format(
                columns=", ".join(result.ignored_columns)))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.table import export_members

    with open_from_args(args) as ws:
        count = export_members(ws, args.file, args.unit)
    if args.json:
        print_json({"file": args.file, "members": count})
    else:
        print(_("{count} members written to {path}.").format(count=count, path=args.file))
    return 0


def _add_field_options(p: argparse.ArgumentParser) -> None:
    for flag, dest, metavar, help_text in _FIELD_OPTIONS:
        p.add_argument(flag, dest=dest, metavar=metavar, help=_(help_text))
    retired = p.add_mutually_exclusive_group()
    retired.add_argument("--retired", dest="retired", action="store_true", default=None,
                         help=_("retired (nghỉ hưu)"))
    retired.add_argument("--working", dest="retired", action="store_false",
                         help=_("still working"))


def register(commands: Any) -> None:
    member = commands.add_parser("member", help=_("Party members of the unit"))
    cmds = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)

    def action(name: str, handler: Any, help_text: str, *, unit: bool = False
               ) -> argparse.ArgumentParser:
        p = cmds.add_parser(name, help=help_text)
        if unit:
            p.add_argument("--unit", type=int, metavar="ID",
                           help=_("the unit (this workspace's own by default)"))
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
        return p

    p = action("add", _cmd_add, _("add a member"), unit=True)
    p.add_argument("full_name", metavar="NAME")
    _add_field_options(p)
    p.add_argument("--joined-on", metavar="DD/MM/YYYY",
                   help=_("transferred in on this date (chuyển sinh hoạt đến)"))
    p.add_argument("--joined-from", metavar="UNIT", help=_("the unit the member came from"))
    p = action("list", _cmd_list, _("list the unit's members"), unit=True)
    p.add_argument("--all", action="store_true",
                   help=_("also those transferred out or archived"))
    p = action("show", _cmd_show, _("show a member"))
    p.add_argument("id", type=int)
    p = action("update", _cmd_update, _("change a member's details"))
    p.add_argument("id", type=int)
    p.add_argument("--name", dest="full_name", metavar="NAME", help=_("full name"))
    _add_field_options(p)
    p = action("transfer-out", _cmd_transfer_out,
               _("a member moves to another unit (chuyển sinh hoạt đi)"))
    p.add_argument("id", type=int)
    p.add_argument("--on", metavar="DD/MM/YYYY", help=_("date (today by default)"))
    p.add_argument("--to", default="", metavar="UNIT", help=_("the unit the member goes to"))
    p.add_argument("--note", default="")
    p = action("archive", _cmd_archive, _("archive a member (kept for the records)"))
    p.add_argument("id", type=int)
    p.add_argument("--on", metavar="DD/MM/YYYY", help=_("date (today by default)"))
    p.add_argument("--reason", default="")
    p = action("restore", _cmd_restore, _("undo a transfer out or an archive"))
    p.add_argument("id", type=int)
    p = action("import", _cmd_import, _("add or update members from an .xlsx or .csv list"),
               unit=True)
    p.add_argument("file")
    p = action("export", _cmd_export, _("write the members to an .xlsx or .csv file"),
               unit=True)
    p.add_argument("file")
