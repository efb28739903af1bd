"""Party-format documents, the register, signing, verifying and trusted roots."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ctrdesk.cli.common import (
    add_key_options,
    date_arg,
    key_from_args,
    open_from_args,
    print_json,
)
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import _


def _write_document(document: Any, out: str) -> None:
    from ctrdesk.core.documents.docx_export import export_docx
    from ctrdesk.core.documents.layout import render

    if out.lower().endswith(".docx"):
        export_docx(document, out)
    else:
        render(document, out)


def _cmd_document_render(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.kinds import build

    with open_from_args(args) as ws:
        document = build(ws, args.kind, program=args.program, period=args.period,
                         record=args.record)
    _write_document(document, args.out)
    print(args.out)
    return 0


def _cmd_document_issue(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import create_draft, issue, render_pdf

    with open_from_args(args) as ws:
        document_id = create_draft(ws, args.kind, program=args.program, period=args.period,
                                   record=args.record)
        number = issue(ws, document_id, args.date)
        data, _slot = render_pdf(ws, document_id)
    write_whole(args.out, data)
    if args.json:
        print_json({"id": document_id, "number": number, "out": args.out})
    else:
        print(number)
    return 0


def _cmd_document_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import list_documents

    with open_from_args(args) as ws:
        rows = list_documents(ws, args.year)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:>4}  {row['number'] or '(dự thảo)':<14} {row['title']}")
    return 0


def _cmd_sign(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.signing import sign_pdf

    if args.document is None:
        if args.input is None:
            raise ValidationError(_("Give the PDF to sign, or --document ID."), field="input")
        source = Path(args.input)
        if not source.is_file():
            raise ValidationError(_("{path} does not exist.").format(path=source),
                                  field="input")
    key = key_from_args(args)
    if args.document is not None:
        from ctrdesk.core.documents.register import sign_issued

        with open_from_args(args) as ws:
            data = sign_issued(ws, args.document, key, reason=args.reason or "",
                               role=args.block, allow_other_signer=args.allow_other_signer)
    else:
        data = sign_pdf(source.read_bytes(), key, reason=args.reason or "")
    print(write_whole(args.out, data))  # never a half-signed file
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.signing import load_certificates, verify_pdf

    path = Path(args.file)
    if not path.is_file():
        raise ValidationError(_("{path} does not exist.").format(path=path), field="file")
    roots = load_certificates([Path(t) for t in args.trust or []])
    if args.db or args.demo:
        from ctrdesk.core.trust import trust_roots

        with open_from_args(args) as ws:
            roots += trust_roots(ws)
    report = verify_pdf(path.read_bytes(), roots)
    if args.json:
        print_json(report.as_json())
    else:
        from ctrdesk.core.signing import stamp_time

        def word(value: bool) -> str:
            return _("yes") if value else _("no")

        if not report.signatures:
            print(_("No signature in {name}.").format(name=path.name))
        for s in report.signatures:
            verdict = _("OK") if s.ok else _("NOT OK")
            print(f"{s.field}: {verdict} — {s.signer}")
            print("   " + _("intact: {intact}, valid: {valid}, trusted: {trusted}, changed "
                          "after signing: {changed}, signed at: {at}").format(
                intact=word(s.intact), valid=word(s.valid), trusted=word(s.trusted),
                changed=word(s.modified_after),
                at=stamp_time(s.signed_at) if s.signed_at else "-"))
            if s.change:
                print("   " + _("Changed after signing: {change}.").format(change=s.change))
    return 0 if report.ok else 1


def _cmd_stamp_images(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import set_stamp_image
    from ctrdesk.core.errors import ValidationError

    with open_from_args(args) as ws:
        for which in ("signature", "seal"):
            value = getattr(args, which)
            if args.clear:
                set_stamp_image(ws, which, None)
            elif value:
                path = Path(value)
                if not path.is_file():
                    raise ValidationError(_("{path} does not exist.").format(path=path),
                                          field=which)
                set_stamp_image(ws, which, path.read_bytes())
    return 0


def _cmd_trust_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.trust import add_trust_root

    with open_from_args(args) as ws:
        for path in args.files:
            print(add_trust_root(ws, Path(path)))
    return 0


def _cmd_trust_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.trust import list_trust_roots

    with open_from_args(args) as ws:
        roots = list_trust_roots(ws)
    if args.json:
        print_json(roots)
    else:
        for root in roots:
            print(f"{root['id']:>4}  {root['subject']}")
    return 0


def register(commands: Any) -> None:
    document = commands.add_parser("document", help=_("Party-format documents"))
    document_cmds = document.add_subparsers(dest="document_command", metavar="ACTION",
                                            required=True)
    for action, handler, helptext in (
        ("render", _cmd_document_render, _("render a document (a draft) to PDF or .docx")),
        ("issue", _cmd_document_issue, _("issue a document: give it its number, keep it")),
    ):
        p = document_cmds.add_parser(action, help=helptext)
        p.add_argument("kind", choices=["program", "report", "minutes", "notice"],
                       metavar="KIND")
        p.add_argument("--out", required=True, metavar="FILE")
        p.add_argument("--program", type=int, metavar="ID")
        p.add_argument("--period", metavar="P", help=_("YYYY, YYYY-Qn, YYYY-Hn, YYYY-9M or "
                                                     "YYYY-MM"))
        p.add_argument("--record", type=int, metavar="ID")
        if action == "issue":
            p.add_argument("--date", type=date_arg, metavar="YYYY-MM-DD")
            p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    p = document_cmds.add_parser("list", help=_("the document register"))
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_list)

    p = commands.add_parser("sign", help=_("sign a PDF (PAdES) with a key file or a token"))
    p.add_argument("input", metavar="IN.pdf", nargs="?")
    p.add_argument("--document", type=int, metavar="ID",
                   help=_("sign this issued document of the workspace and keep the signed "
                          "PDF with it (it is what the submission package carries)"))
    p.add_argument("--out", required=True, metavar="OUT.pdf")
    add_key_options(p)
    p.add_argument("--reason", metavar="TEXT")
    p.add_argument("--block", choices=["signatory", "recorder", "initials", "body"],
                   help=_("the block the signature goes in (with --document): by default "
                          "the one naming the certificate's holder"))
    p.add_argument("--allow-other-signer", action="store_true",
                   help=_("sign although the certificate's holder is not the person named "
                          "in the signature block"))
    p.set_defaults(handler=_cmd_sign)
    p = document_cmds.add_parser("stamp-images", help=_(
        "the handwritten-signature and seal images (PNG) shown in visible signatures"))
    p.add_argument("--signature", metavar="PNG", help=_("the signatory's signature image"))
    p.add_argument("--seal", metavar="PNG", help=_("the committee's seal image"))
    p.add_argument("--clear", action="store_true", help=_("remove both images"))
    p.set_defaults(handler=_cmd_stamp_images)
    p = commands.add_parser("verify", help=_("check the signatures of a PDF"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--trust", action="append", metavar="CA.pem",
                   help=_("a root certificate to trust (besides the workspace's)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_verify)
    trust = commands.add_parser("trust", help=_("the workspace's trusted root certificates"))
    trust_cmds = trust.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    p = trust_cmds.add_parser("add", help=_("trust root certificates (PEM or DER)"))
    p.add_argument("files", nargs="+", metavar="CA.pem")
    p.set_defaults(handler=_cmd_trust_add)
    p = trust_cmds.add_parser("list", help=_("list the trusted root certificates"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_trust_list)
