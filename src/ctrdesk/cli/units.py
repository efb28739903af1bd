"""Units and keys: which certificates may sign for each subordinate unit (enrollment)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import (
    add_key_options,
    date_arg,
    find_unit,
    key_from_args,
    open_from_args,
    print_json,
)
from ctrdesk.core.i18n import _


def _cmd_cert_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.trust import enroll_certificate

    with open_from_args(args) as ws:
        print(enroll_certificate(ws, find_unit(ws, args.unit), Path(args.file)))
    return 0


def _cmd_cert_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.safetext import shown
    from ctrdesk.core.trust import list_unit_certificates

    with open_from_args(args) as ws:
        unit = find_unit(ws, args.unit) if args.unit else None
        rows = list_unit_certificates(ws, unit)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for row in rows:
        state = _("retired on {date}").format(date=row.retired_on.strftime("%d/%m/%Y")) \
            if row.retired_on else _("in service")
        until = _("valid until {date}").format(
            date=row.not_after.strftime("%d/%m/%Y") if row.not_after else "-")
        print(f"{row.id:>4}  {row.sha256[:16]}  {shown(row.unit)} — {shown(row.subject)} "
              f"({until}; {state})")
    return 0


def _cmd_cert_retire(args: argparse.Namespace) -> int:
    from ctrdesk.core.trust import retire_certificate

    with open_from_args(args) as ws:
        print(retire_certificate(ws, args.certificate, args.on))
    return 0


def _cmd_enrollment(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.files import write_whole
    from ctrdesk.core.trust import enrollment_file

    if args.cert:
        from ctrdesk.core.trust import _certificates_in, _read

        ders, _unit = _certificates_in(_read(Path(args.cert)), Path(args.cert).name)
        if len(ders) != 1:
            raise ValidationError(_("{name} must hold exactly one certificate.").format(
                name=Path(args.cert).name), field="certificate")
        der = ders[0]
    else:
        from ctrdesk.core.trust import key_certificate

        der = key_certificate(key_from_args(args))
    with open_from_args(args) as ws:
        write_whole(Path(args.out), enrollment_file(ws, der))
    print(args.out)
    return 0


def register(commands: Any) -> None:
    unit = commands.add_parser("unit", help=_("subordinate units and the keys they sign with"))
    unit_cmds = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    from ctrdesk.cli.editing import register_unit_commands

    register_unit_commands(unit_cmds)
    cert = unit_cmds.add_parser("cert", help=_("the certificates enrolled for each unit"))
    cert_cmds = cert.add_subparsers(dest="cert_command", metavar="ACTION", required=True)
    p = cert_cmds.add_parser("add", help=_("enroll a certificate (PEM, DER or a unit's "
                                           "enrollment file) for a unit"))
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("file", metavar="CERT.pem")
    p.set_defaults(handler=_cmd_cert_add)
    p = cert_cmds.add_parser("list", help=_("the enrolled certificates"))
    p.add_argument("--unit", metavar="UNIT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_cert_list)
    p = cert_cmds.add_parser("retire", help=_("retire a certificate (key rollover): packages "
                                              "made from that date on are refused"))
    p.add_argument("certificate", metavar="ID|SHA256")
    p.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD",
                   help=_("from this date (today by default)"))
    p.set_defaults(handler=_cmd_cert_retire)
    p = unit_cmds.add_parser("enrollment", help=_("this unit's enrollment file for its upper "
                                                  "level: its identity and certificate"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--cert", metavar="CERT.pem",
                   help=_("the certificate to enroll (or give the signing key)"))
    add_key_options(p)
    p.set_defaults(handler=_cmd_enrollment)
