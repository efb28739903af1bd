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


def _sections(path: str | None) -> dict[str, str] | None:
    """The narrative sections from a JSON file: {"situation": "...", ...}."""
    import json

    from ctrdesk.core.documents.report import parse_sections
    from ctrdesk.core.errors import ValidationError

    if path is None:
        return None
    source = Path(path)
    if not source.is_file():
        raise ValidationError(_("{path} does not exist.").format(path=source), field="sections")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("{path} is not a JSON file: {error}").format(
            path=source, error=exc), field="sections") from exc
    return parse_sections(data)


def _cmd_document_render(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.kinds import build

    sections = _sections(args.sections)
    with open_from_args(args) as ws:
        document = build(ws, args.kind, program=args.program, period=args.period,
                         record=args.record, sections=sections, review=args.review or "")
    _write_document(document, args.out)
    print(args.out)
    return 0


def _cmd_document_issue(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import create_draft, issue, render_pdf

    sections = _sections(args.sections)
    with open_from_args(args) as ws:
        ws.require("document.issue")  # before the draft is stored: a refusal changes nothing
        document_id = create_draft(ws, args.kind, program=args.program, period=args.period,
                                   record=args.record, sections=sections,
                                   review=args.review or "", on=args.date)
        number = issue(ws, document_id, args.date)
        data, _slot = render_pdf(ws, document_id)
    write_whole(args.out, data)
    if args.json:
        print_json({"id": document_id, "number": number, "out": args.out})
    else:
        print(number)
    return 0


def _cmd_document_settings(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.consolidated import set_signer_settings, signer_settings
    from ctrdesk.core.documents.issuer import SUPERIOR_SETTING, issuer_of

    with open_from_args(args) as ws:
        if args.superior is not None:
            ws.set_setting(SUPERIOR_SETTING, " ".join(args.superior.split()))
        if args.place is not None:
            ws.set_setting("place", " ".join(args.place.split()))
        set_signer_settings(ws, authority=args.consolidated_authority,
                            position=args.consolidated_position,
                            name=args.consolidated_signer,
                            recipients=args.consolidated_recipient)
        issuer, signer = issuer_of(ws), signer_settings(ws)
    shown = {"superior": issuer.superior, "issuer": issuer.name, "place": issuer.place,
             "consolidated": {"authority": signer.authority, "position": signer.position,
                              "signer": signer.name, "recipients": signer.recipients}}
    if args.json:
        print_json(shown)
    else:
        print(f"{shown['superior']} / {shown['issuer']} — {shown['place']}")
        print(f"{signer.authority} / {signer.position} / {signer.name}")
        for recipient in signer.recipients:
            print(f"- {recipient}")
    return 0


def _cmd_document_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import list_documents

    with open_from_args(args) as ws:
        rows = list_documents(ws, args.year)
    if args.json:
        print_json(rows)
    else:
        word = _("term")
        for row in rows:
            term = f"[{word} {row['term']}]" if row["term"] else ""
            print(f"{row['id']:>4}  {row['number'] or '(dự thảo)':<14} {term:<20} "
                  f"{row['title']}")
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
    from ctrdesk.core.safetext import shown
    from ctrdesk.core.trust import list_crls, list_trust_roots

    with open_from_args(args) as ws:
        roots = list_trust_roots(ws)
        crls = list_crls(ws)
    if args.json:
        print_json(roots if not args.crls else crls)
    elif args.crls:
        for crl in crls:
            print(f"{crl['id']:>4}  {crl['this_update']}  {shown(crl['issuer'])}")
    else:
        for root in roots:
            print(f"{root['id']:>4}  {shown(root['subject'])}")
    return 0


def _cmd_trust_add_crl(args: argparse.Namespace) -> int:
    from ctrdesk.core.trust import add_crl

    with open_from_args(args) as ws:
        for path in args.files:
            print(add_crl(ws, Path(path)))
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
        p.add_argument("--sections", metavar="FILE.json",
                       help=_("the report's narrative sections: a JSON object with the keys "
                              "situation, assessment, directions and proposals, each a text "
                              "with paragraphs separated by blank lines"))
        p.add_argument("--review", choices=["so_ket", "tong_ket"],
                       help=_("a review report (sơ kết, tổng kết) of the period"))
        if action == "issue":
            p.add_argument("--date", type=date_arg, metavar="DD/MM/YYYY")
            p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    p = document_cmds.add_parser("settings", help=_(
        "the header, signer and recipients of the workspace's documents"))
    p.add_argument("--superior", metavar="TEXT",
                   help=_("the body above the workspace's top unit, for the header"))
    p.add_argument("--place", metavar="TEXT", help=_("the place in the date line"))
    p.add_argument("--consolidated-authority", metavar="TEXT",
                   help=_("e.g. T/M BAN THƯỜNG VỤ (the consolidated report)"))
    p.add_argument("--consolidated-position", metavar="TEXT", help=_("e.g. BÍ THƯ"))
    p.add_argument("--consolidated-signer", metavar="NAME")
    p.add_argument("--consolidated-recipient", action="append", metavar="TEXT",
                   help=_("a recipient line (repeat; replaces the defaults)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_settings)
    p = document_cmds.add_parser("list", help=_("the document register"))
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_list)
    from ctrdesk.cli.editing import register_document_commands

    register_document_commands(document_cmds)

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
    p.add_argument("--crls", action="store_true",
                   help=_("list the revocation lists (CRLs) instead"))
    p.set_defaults(handler=_cmd_trust_list)
    p = trust_cmds.add_parser("add-crl", help=_("keep certificate revocation lists (CRL, PEM "
                                                "or DER) issued by a trusted authority"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_cmd_trust_add_crl)
