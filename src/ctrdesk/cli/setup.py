"""First-run setup and settings: ``ctrdesk setup show|committee|position|trust`` and
``ctrdesk settings list|set|unset``."""

from __future__ import annotations

import argparse
from typing import Any

from ctrdesk.cli.common import open_from_args, print_json
from ctrdesk.core.i18n import _


def _print_status(status: Any) -> None:
    org = status.organization
    print(_("Committee: {name}").format(name=org.name if org else _("(not chosen)")))
    print(_("Members: {count}").format(count=status.members))
    if status.ready:
        print(_("The workspace is set up."))
    for missing in status.missing:
        mark = "*" if missing.required else "-"
        print(f"  {mark} {missing.message}")


def _cmd_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.setup import all_settings, setup_status

    with open_from_args(args) as ws:
        status = setup_status(ws)
        settings = all_settings(ws)
    if args.json:
        print_json({**status.as_json(), "settings": settings})
    else:
        _print_status(status)
    return 0


def _cmd_committee(args: argparse.Namespace) -> int:
    from ctrdesk.core.setup import setup_committee, setup_status

    with open_from_args(args) as ws:
        setup_committee(ws, organization=args.organization, name=args.name or "",
                        kind=args.kind, abbreviation=args.abbreviation, parent=args.parent,
                        superior_name=args.superior_name, place=args.place,
                        term_start=args.term_start, term_end=args.term_end)
        status = setup_status(ws)
    if args.json:
        print_json(status.as_json())
    else:
        _print_status(status)
    return 0


def _cmd_position(args: argparse.Namespace) -> int:
    from ctrdesk.core.people.members import parse_role
    from ctrdesk.core.setup import set_committee_position

    with open_from_args(args) as ws:
        set_committee_position(ws, args.member, parse_role(args.role) or args.role)
    return 0


def _cmd_trust(args: argparse.Namespace) -> int:
    from ctrdesk.core.setup import trust_upper_level

    with open_from_args(args) as ws:
        root = trust_upper_level(ws, args.certificate)
    if args.json:
        print_json({"trust_root": root})
    return 0


def _cmd_settings_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.setup import SETTINGS, all_settings

    with open_from_args(args) as ws:
        values = all_settings(ws)
    if args.json:
        print_json(values)
    else:
        for spec in SETTINGS:
            value = values[spec.key]
            shown = "; ".join(value) if isinstance(value, list) else \
                ("" if value is None else str(value))
            print(f"{spec.key:<24} {shown}")
    return 0


def _cmd_settings_set(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.setup import set_settings, setting_spec

    pairs = args.pairs
    if len(pairs) % 2:
        raise ValidationError(_("Give settings as KEY VALUE pairs."), field="key")
    values: dict[str, Any] = {}
    for key, value in zip(pairs[::2], pairs[1::2], strict=True):
        spec = setting_spec(key)
        values[key] = value.split(";") if spec.kind == "lines" else value
    with open_from_args(args) as ws:
        set_settings(ws, values)
    return 0


def _cmd_settings_unset(args: argparse.Namespace) -> int:
    from ctrdesk.core.setup import set_settings

    with open_from_args(args) as ws:
        set_settings(ws, {key: None for key in args.keys})
    return 0


def _cmd_overview(args: argparse.Namespace) -> int:
    from ctrdesk.core.i18n import format_short_date
    from ctrdesk.core.overview import overview

    with open_from_args(args) as ws:
        view = overview(ws)
    if args.json:
        print_json(view.as_json())
        return 0
    print(_("{overdue} overdue, {coming} due in the coming weeks.").format(
        overdue=len(view.overdue), coming=len(view.due_soon)))
    for entry in view.overdue + view.due_soon:
        print(f"  {format_short_date(entry.due)}  {entry.text}")
    for program in view.programs:
        print(_("{title}: {done}/{items} tasks done, {progress} %; {unclear} without a "
                "complete 05 rõ").format(title=program.title, done=program.done,
                                         items=program.items, progress=program.progress,
                                         unclear=len(program.unclear)))
    if view.targets_at_risk:
        print(_("{count} targets at risk: record where they stand or act on them.").format(
            count=len(view.targets_at_risk)))
        for risk in view.targets_at_risk:
            print(f"  {risk.text}: {risk.describe()}")
    for missing in view.missing:
        print(f"  {'*' if missing.required else '-'} {missing.message}")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("overview", help=_("what is due, the programs' completion and "
                                               "what is missing"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_overview)
    setup = commands.add_parser("setup", help=_("whose workspace this is (first-run setup)"))
    cmds = setup.add_subparsers(dest="setup_command", metavar="ACTION", required=True)
    p = cmds.add_parser("show", help=_("is the workspace set up, and what is missing"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_show)
    p = cmds.add_parser("committee", help=_("choose or create this workspace's committee"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--organization", type=int, metavar="ID",
                       help=_("an organization already in the tree"))
    which.add_argument("--name", help=_("create (or find) the committee by its name"))
    p.add_argument("--kind", default="branch", help=_("kind of a new committee"))
    p.add_argument("--parent", type=int, metavar="ID", help=_("the superior organization"))
    p.add_argument("--abbreviation", help=_("issuer part of document numbers (e.g. CB)"))
    p.add_argument("--superior-name", help=_("the superior body's name as printed"))
    p.add_argument("--place", help=_("place name for dates (e.g. Hà Nội)"))
    p.add_argument("--term-start", metavar="DD/MM/YYYY")
    p.add_argument("--term-end", metavar="DD/MM/YYYY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_committee)
    p = cmds.add_parser("position", help=_("make a member secretary, deputy secretary or "
                                           "committee member"))
    p.add_argument("member", type=int, metavar="MEMBER_ID")
    p.add_argument("role", help=_("Bí thư, Phó Bí thư, Chi ủy viên or Đảng viên"))
    p.set_defaults(handler=_cmd_position)
    p = cmds.add_parser("trust", help=_("trust the upper level's root certificate"))
    p.add_argument("certificate", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_trust)

    settings = commands.add_parser("settings", help=_("the workspace's settings"))
    cmds = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    p = cmds.add_parser("list", help=_("every setting and its value"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_settings_list)
    p = cmds.add_parser("set", help=_("change settings: KEY VALUE [KEY VALUE…]; lines of "
                                      "recipients separated by ';'"))
    p.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    p.set_defaults(handler=_cmd_settings_set)
    p = cmds.add_parser("unset", help=_("back to the default"))
    p.add_argument("keys", nargs="+", metavar="KEY")
    p.set_defaults(handler=_cmd_settings_unset)
