"""The ``ctrdesk`` command: the GUI when called alone, a scriptable tool with subcommands.

Machine output is JSON on stdout; errors go to stderr with a non-zero exit code and
no traceback. Heavy libraries are imported by the commands that use them.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctrdesk import __version__
from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.files import write_whole
from ctrdesk.core.i18n import _, set_language

if TYPE_CHECKING:
    from ctrdesk.core.signing import Pkcs12Key, TokenKey
    from ctrdesk.core.store import Workspace


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _workspace_path(args: argparse.Namespace) -> Path:
    from ctrdesk.core import paths

    if args.db:
        return Path(args.db)
    return paths.demo_workspace_path() if args.demo else paths.default_workspace_path()


def open_from_args(args: argparse.Namespace) -> Workspace:
    """Open the workspace the global options name, building the demo if asked."""
    from ctrdesk.core.demo import open_for_use

    return open_for_use(_workspace_path(args), demo=args.demo)


# --- org ------------------------------------------------------------------------

def _cmd_org_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.organizations import list_organizations

    with open_from_args(args) as ws:
        orgs = list_organizations(ws)
    if args.json:
        _print_json([o.as_json() for o in orgs])
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
        _print_json(info.as_json())
    else:
        print(org_id)
    return 0


# --- program --------------------------------------------------------------------

def _cmd_program_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.service import list_programs

    with open_from_args(args) as ws:
        programs = list_programs(ws)
    if args.json:
        _print_json([p.as_json() for p in programs])
    else:
        for p in programs:
            when = p.issued_on.isoformat() if p.issued_on else "-"
            print(f"{p.id:>5}  {p.number or '-':<14} {when:<10}  {p.doc_type} {p.summary}")
    return 0


def _cmd_program_parse(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.importing.interchange import program_to_json

    source, program = parse_file(args.file)
    data = program_to_json(program, source={"filename": source.filename,
                                            "sha256": source.sha256, "format": source.format})
    if args.json:
        _print_json(data)
    else:
        _print_outline(data["items"])
    return 0


def _print_outline(nodes: list[dict[str, Any]], depth: int = 0) -> None:
    for node in nodes:
        label = node["number"] or "-"
        text = (node["title"] or node["text"])[:90]
        print(f"{'  ' * depth}{label} [{node['kind']}] {text}")
        _print_outline(node["children"], depth + 1)


def _cmd_program_import(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.programs.service import store_program

    source, program = parse_file(args.file)
    with open_from_args(args) as ws:
        program_id = store_program(
            ws, program, source_filename=source.filename, source_sha256=source.sha256,
            allow_duplicate=args.allow_duplicate,
        )
    if args.json:
        _print_json({"id": program_id})
    else:
        print(program_id)
    return 0


def _cmd_program_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.importing.interchange import program_to_json
    from ctrdesk.core.programs.service import get_program_row, load_program

    with open_from_args(args) as ws:
        program = load_program(ws, args.id)
        row = get_program_row(ws, args.id)
    data = program_to_json(program, source={"filename": row.source_filename,
                                            "sha256": row.source_sha256})
    data["id"] = args.id
    if args.json:
        _print_json(data)
    else:
        _print_outline(data["items"])
    return 0


def _find_unit(ws: Workspace, name: str) -> int:
    from ctrdesk.core.errors import NotFoundError, ValidationError
    from ctrdesk.core.units import UnitDirectory

    directory = UnitDirectory.from_workspace(ws)
    matches = sorted(directory.match(name))
    if not matches:
        raise NotFoundError(_("No unit of this workspace is called '{name}'.").format(name=name))
    if len(matches) > 1:
        raise ValidationError(_("'{name}' names several units: {units}.").format(
            name=name, units=", ".join(directory.units[m].name for m in matches)), field="unit")
    return matches[0]


def _cmd_program_derive(args: argparse.Namespace) -> int:
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.programs.derive import create_unit_program, propose

    roles: dict[int, str] = {}
    for spec in args.role or []:
        item, _sep, role = spec.partition("=")
        if not item.isdigit() or not role:
            raise ValidationError(_("--role takes ITEM_ID=ROLE, not '{spec}'.").format(
                spec=spec), field="role")
        roles[int(item)] = role
    with open_from_args(args) as ws:
        unit_id = _find_unit(ws, args.unit)
        proposals = propose(ws, args.parent_id, unit_id)
        for proposal in proposals:
            proposal.role = roles.get(proposal.item_id, proposal.role)
        created = create_unit_program(ws, args.parent_id, unit_id, roles) if args.create \
            else None
    if args.json:
        data: dict[str, Any] = {"parent_id": args.parent_id, "unit_id": unit_id,
                                "items": [p.as_json() for p in proposals]}
        if created is not None:
            data["program_id"] = created
        _print_json(data)
    else:
        for p in proposals:
            print(f"{' › '.join(p.path):<24} {p.role:<14} {p.evidence[:50]}")
        if created is not None:
            print(created)
    return 0


def _cmd_program_compare(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.revisions import compare_versions

    with open_from_args(args) as ws:
        changes = compare_versions(ws, args.old_id, args.new_id, args.unit_program)
    if args.json:
        _print_json({"old_id": args.old_id, "new_id": args.new_id,
                     "changes": [c.as_json() for c in changes]})
    else:
        for change in changes:
            print(f"{change.kind:<10} {' › '.join(change.path):<24} "
                  f"{(change.new_text or change.old_text or change.new_time)[:60]}")
    return 0


def _cmd_program_update_parent(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.revisions import apply_changes

    with open_from_args(args) as ws:
        done = apply_changes(ws, args.id, args.to, set(args.accept) if args.accept else None)
    if args.json:
        _print_json(done)
    else:
        print(", ".join(f"{k}: {v}" for k, v in done.items()))
    return 0


def _cmd_program_check(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import check_program

    with open_from_args(args) as ws:
        findings = check_program(ws, args.id)
    if args.json:
        _print_json({"program_id": args.id, "complete": not findings,
                     "findings": [f.as_json() for f in findings]})
    else:
        for finding in findings:
            print(f"{' › '.join(finding.path):<24} {finding.message}")
        if not findings:
            print(_("Complete: every item states the five clear points."))
    return 0 if not findings else 1


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {text}").format(
            text=text)) from exc


def _cmd_item_update(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import progress_notes, record_progress, update_item_fields

    fields = {name: getattr(args, name) for name in (
        "action", "deadline", "deadline_text", "recurrence", "resources", "accountable")
        if getattr(args, name) is not None}
    if args.person is not None:
        fields["responsible_person"] = args.person
    with open_from_args(args) as ws, ws.writing("item.update.cli"):
        if fields:
            update_item_fields(ws, args.id, **fields)
        if args.status or args.progress is not None or args.note or args.attach:
            record_progress(ws, args.id, status=args.status, progress=args.progress,
                            note=args.note or "", noted_on=args.date,
                            attachments=args.attach or [])
    with open_from_args(args) as ws:
        notes = progress_notes(ws, args.id)
    if args.json:
        _print_json({"item_id": args.id, "notes": notes})
    return 0


def _cmd_target_record(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import attainment, record_reading

    with open_from_args(args) as ws:
        reading_id = record_reading(ws, args.id, args.as_of, numerator=args.numerator,
                                    denominator=args.denominator, count=args.count,
                                    note=args.note or "")
        result = attainment(ws, args.id)
    if args.json:
        _print_json({"reading_id": reading_id, "target_id": args.id, **result.as_json()})
    else:
        print(result.reading, _("attained") if result.attained else _("not attained"))
    return 0


def _cmd_target_set(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import set_target

    with open_from_args(args) as ws:
        set_target(ws, args.id, op=args.op, value=args.value, max_value=args.max)
    return 0


RECORD_KINDS = ["session", "dialogue", "inspection", "ideological-issue", "rating"]


def _read_json_file(path: str) -> Any:
    from ctrdesk.core.errors import ValidationError

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise ValidationError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror), field="file") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(_("{path} is not valid JSON: {reason}").format(
            path=path, reason=exc), field="file") from exc


def _cmd_record_add(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import save_many

    data = _read_json_file(args.from_json)
    records = data if isinstance(data, list) else [data]
    with open_from_args(args) as ws:
        results = save_many(ws, args.kind, records)
    for _id, info in results:
        for warning in info.get("warnings", []):
            print(_("warning: {message}").format(message=warning), file=sys.stderr)
    if args.json:
        _print_json([{"id": record_id, **info} for record_id, info in results])
    else:
        for record_id, _info in results:
            print(record_id)
    return 0


def _cmd_record_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import list_records

    with open_from_args(args) as ws:
        rows = list_records(ws, args.kind, year=args.year, search=args.search)
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            values = [str(v) for k, v in row.items() if k not in ("uuid", "figures")]
            print("  ".join(values))
    return 0


def _cmd_record_show(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import get_record

    with open_from_args(args) as ws:
        _print_json(get_record(ws, args.kind, args.id))
    return 0


def _cmd_record_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.service import export_records

    with open_from_args(args) as ws:
        text = export_records(ws, args.kind, args.format, args.year)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_record_attach(args: argparse.Namespace) -> int:
    from ctrdesk.core.attachments import attach
    from ctrdesk.core.records.service import get_kind, get_record

    kind = get_kind(args.kind)
    with open_from_args(args) as ws:
        get_record(ws, args.kind, args.id)  # refuses an unknown record
        attachment_id = attach(ws, kind.table, args.id, args.file)
    print(attachment_id)
    return 0


def _cmd_record_plan_sessions(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.calendar import plan_sessions_from_program

    with open_from_args(args) as ws:
        created = plan_sessions_from_program(ws, args.program_id, args.organization)
    _print_json({"created": created}) if args.json else print(len(created))
    return 0


def _cmd_record_readings(args: argparse.Namespace) -> int:
    from ctrdesk.core.programs.execution import record_reading
    from ctrdesk.core.records.calendar import readings_from_records

    with open_from_args(args) as ws:
        suggestions = readings_from_records(ws, args.program_id, args.year)
        if args.apply:
            with ws.writing("records.readings"):
                for s in suggestions:
                    record_reading(ws, s.target_id, args.as_of or date.today(),
                                   numerator=s.numerator, denominator=s.denominator,
                                   count=s.count, note=s.source)
    _print_json([s.as_json() for s in suggestions])
    return 0


def _cmd_calendar(args: argparse.Namespace) -> int:
    from ctrdesk.core.records.calendar import due

    with open_from_args(args) as ws:
        entries = due(ws, horizon_days=args.days)
    if args.json:
        _print_json([e.as_json() for e in entries])
    else:
        for entry in entries:
            mark = "!" if entry.overdue else " "
            print(f"{mark} {entry.due.isoformat()}  {entry.kind:<14} {entry.text[:80]}")
    return 0


def _write_document(document: Any, out: str) -> None:
    from ctrdesk.core.documents.layout import render
    from ctrdesk.core.documents.register import export_docx

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
        _print_json({"id": document_id, "number": number, "out": args.out})
    else:
        print(number)
    return 0


def _cmd_document_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.documents.register import list_documents

    with open_from_args(args) as ws:
        rows = list_documents(ws, args.year)
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:>4}  {row['number'] or '(dự thảo)':<14} {row['title']}")
    return 0


def _cmd_submission_export(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.package import write_submission

    key = _key_from_args(args)
    with open_from_args(args) as ws:
        write_submission(ws, args.period, key, Path(args.out))
    print(args.out)
    return 0


def _cmd_submission_import(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.importer import import_files

    with open_from_args(args) as ws:
        outcomes = import_files(ws, [Path(name) for name in args.files])
    for outcome in outcomes:
        if outcome.status == "refused":
            print(f"ctrdesk: {outcome.reason}", file=sys.stderr)
    if args.json:
        _print_json([o.as_json() for o in outcomes])
    else:
        for outcome in outcomes:
            print(f"{outcome.file}: {outcome.status}")
    return 7 if any(o.status == "refused" for o in outcomes) else 0


def _cmd_submission_list(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.importer import received_submissions

    with open_from_args(args) as ws:
        rows = received_submissions(ws, args.period, history=not args.current)
    if args.json:
        _print_json([r.as_json() for r in rows])
    else:
        for row in rows:
            print(f"{row.id:>5}  {row.period:<8} {row.created:%Y-%m-%d %H:%M}  "
                  f"{row.status:<10} {row.unit}")
    return 0


def _cmd_program_package(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.package import export_program_package, import_program_package

    with open_from_args(args) as ws:
        if args.export:
            write_whole(args.export, export_program_package(ws, args.id))
            print(args.export)
        else:
            print(import_program_package(ws, Path(args.file).read_bytes()))
    return 0


def _cmd_consolidate(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.consolidate import consolidate, consolidated_report

    with open_from_args(args) as ws:
        data = consolidate(ws, args.period)
        if args.pdf:
            from ctrdesk.core.documents.layout import render

            render(consolidated_report(ws, args.period, data), args.pdf)
        if args.unit:
            from ctrdesk.core.exchange.consolidate import unit_detail

            data = unit_detail(ws, args.period, _find_unit(ws, args.unit), data)
    if args.json or not args.pdf:
        _print_json(data)
    return 0


def _cmd_demo_generate(args: argparse.Namespace) -> int:
    from ctrdesk.core.exchange.generate import generate

    made = generate(args.units, args.period, Path(args.out))
    _print_json({"parent": made["parent"], "packages": len(made["packages"]),
                 "missing": made["missing"], "late": made["late"]})
    return 0


def _secret(env_name: str | None, prompt: str) -> str:
    """A password or PIN: from the named environment variable, or asked for; never an
    argument (it would show in the process list and the shell history)."""
    import getpass
    import os

    from ctrdesk.core.errors import ValidationError

    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise ValidationError(_("The environment variable {name} is not set.").format(
                name=env_name), field="secret")
        return value
    if not sys.stdin.isatty():
        raise ValidationError(_("No password given: use --password-env or --pin-env, or run "
                                "in a terminal to be asked."), field="secret")
    return getpass.getpass(prompt)


def _key_from_args(args: argparse.Namespace) -> Pkcs12Key | TokenKey:
    """The signing key the options name: a key file or a USB token."""
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

    if args.p12:
        return Pkcs12Key(Path(args.p12), _secret(args.password_env, _("Key password: "))
                         .encode())
    if args.pkcs11_lib:
        if not (args.token_label and args.key_label):
            raise ValidationError(_("A token needs --token-label and --key-label."),
                                  field="token")
        return TokenKey(args.pkcs11_lib, args.token_label, args.key_label,
                        _secret(args.pin_env, _("Token PIN: ")))
    raise ValidationError(_("Give --p12 FILE or --pkcs11-lib LIB."), field="key")


def _add_key_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--p12", metavar="FILE", help=_("a PKCS#12 key file"))
    p.add_argument("--password-env", metavar="VAR",
                   help=_("the environment variable holding the key file's password"))
    p.add_argument("--pkcs11-lib", metavar="LIB", help=_("the token's PKCS#11 library"))
    p.add_argument("--token-label", metavar="L")
    p.add_argument("--key-label", metavar="K")
    p.add_argument("--pin-env", metavar="VAR",
                   help=_("the environment variable holding the token PIN"))


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
    key = _key_from_args(args)
    if args.document is not None:
        from ctrdesk.core.documents.register import sign_issued

        with open_from_args(args) as ws:
            data = sign_issued(ws, args.document, key, reason=args.reason or "")
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
        _print_json(report.as_json())
    else:
        if not report.signatures:
            print(_("No signature in {name}.").format(name=path.name))
        for s in report.signatures:
            verdict = _("OK") if s.ok else _("NOT OK")
            print(f"{s.field}: {verdict} — {s.signer}")
            print("   " + _("intact: {intact}, valid: {valid}, trusted: {trusted}, changed "
                          "after signing: {changed}, signed at: {at}").format(
                intact=s.intact, valid=s.valid, trusted=s.trusted, changed=s.modified_after,
                at=s.signed_at.isoformat() if s.signed_at else "-"))
    return 0 if report.ok else 1


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
        _print_json(roots)
    else:
        for root in roots:
            print(f"{root['id']:>4}  {root['subject']}")
    return 0


# --- parser -----------------------------------------------------------------------

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctrdesk",
        description=_("Implementing programs, records and signed reports of Party committees."),
    )
    parser.add_argument("--version", action="version", version=f"ctrdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("workspace file to use"))
    parser.add_argument(
        "--demo", action="store_true",
        help=_("use the demo workspace (built on first use; with --db, built in PATH)"),
    )
    parser.add_argument("--lang", choices=["vi", "en"], help=_("language of messages"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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

    program = commands.add_parser("program", help=_("programs"))
    program_cmds = program.add_subparsers(dest="program_command", metavar="ACTION", required=True)
    p = program_cmds.add_parser("list", help=_("list programs"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_list)
    p = program_cmds.add_parser(
        "parse", help=_("parse a program document and print it, without storing it")
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help=_("print ctrdesk.program/1 JSON"))
    p.set_defaults(handler=_cmd_program_parse)
    p = program_cmds.add_parser("import", help=_("parse a program document and store it"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--allow-duplicate", action="store_true",
                   help=_("store it even if the same file was imported before"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_import)
    p = program_cmds.add_parser("show", help=_("print a stored program"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print ctrdesk.program/1 JSON"))
    p.set_defaults(handler=_cmd_program_show)
    p = program_cmds.add_parser(
        "derive", help=_("propose what concerns a unit in a parent program (and create it)"))
    p.add_argument("parent_id", type=int, metavar="PARENT_ID")
    p.add_argument("--unit", required=True, metavar="NAME")
    p.add_argument("--role", action="append", metavar="ITEM_ID=ROLE",
                   help=_("change the proposed role of a parent item"))
    p.add_argument("--create", action="store_true",
                   help=_("store the unit's draft program and print its id"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_derive)
    p = program_cmds.add_parser(
        "compare", help=_("what changed between two versions of a parent program"))
    p.add_argument("old_id", type=int, metavar="OLD_ID")
    p.add_argument("new_id", type=int, metavar="NEW_ID")
    p.add_argument("--unit-program", type=int, metavar="ID",
                   help=_("also show what each change means for this unit program"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_compare)
    p = program_cmds.add_parser(
        "update-parent", help=_("move a unit program onto a newer parent version"))
    p.add_argument("id", type=int, metavar="UNIT_PROGRAM_ID")
    p.add_argument("--to", type=int, required=True, metavar="NEW_PARENT_ID")
    p.add_argument("--accept", action="append", metavar="CHANGE_KEY",
                   help=_("take in only these changes (keys from 'program compare')"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_update_parent)
    p = program_cmds.add_parser("check", help=_("list what a unit program still lacks (05 rõ)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_program_check)

    item = commands.add_parser("item", help=_("items of a unit program"))
    item_cmds = item.add_subparsers(dest="item_command", metavar="ACTION", required=True)
    p = item_cmds.add_parser("update", help=_("set 05-rõ fields, status, progress, notes"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--status", choices=["not_started", "in_progress", "done", "overdue",
                                        "cancelled"])
    p.add_argument("--progress", type=int, metavar="PERCENT")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD")
    p.add_argument("--attach", action="append", metavar="FILE")
    p.add_argument("--person", type=int, metavar="PERSON_ID")
    p.add_argument("--action", metavar="TEXT")
    p.add_argument("--deadline", type=_date_arg, metavar="YYYY-MM-DD")
    p.add_argument("--deadline-text", metavar="TEXT")
    p.add_argument("--recurrence", choices=["monthly", "quarterly", "half_yearly", "yearly"])
    p.add_argument("--resources", metavar="TEXT")
    p.add_argument("--accountable", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_item_update)

    target = commands.add_parser("target", help=_("targets and their readings"))
    target_cmds = target.add_subparsers(dest="target_command", metavar="ACTION", required=True)
    p = target_cmds.add_parser("record", help=_("record a dated reading of a target"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--as-of", type=_date_arg, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--numerator", type=int)
    p.add_argument("--denominator", type=int)
    p.add_argument("--count", type=int)
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_target_record)
    p = target_cmds.add_parser("set", help=_("set a unit target (apportion a count)"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--op", choices=["=", ">", ">=", "<", "<=", "range"])
    p.add_argument("--value", type=float)
    p.add_argument("--max", type=float)
    p.set_defaults(handler=_cmd_target_set)

    record = commands.add_parser("record", help=_("the committee's records"))
    record_cmds = record.add_subparsers(dest="record_command", metavar="ACTION", required=True)
    p = record_cmds.add_parser("add", help=_("add records from a JSON file (one or a list)"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--from-json", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_add)
    p = record_cmds.add_parser("list", help=_("list records of a kind"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--year", type=int)
    p.add_argument("--search", metavar="WORDS")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_list)
    p = record_cmds.add_parser("show", help=_("print one record as JSON"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=_cmd_record_show)
    p = record_cmds.add_parser("export", help=_("export the records of a kind"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--year", type=int)
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(handler=_cmd_record_export)
    p = record_cmds.add_parser("attach", help=_("attach a file to a record"))
    p.add_argument("kind", choices=RECORD_KINDS, metavar="KIND")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_record_attach)
    p = record_cmds.add_parser(
        "plan-sessions", help=_("the meetings of a work program as planned sessions"))
    p.add_argument("program_id", type=int, metavar="PROGRAM_ID")
    p.add_argument("--organization", type=int, metavar="ORG_ID",
                   help=_("whose meetings they are (default: the program's issuer)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_record_plan_sessions)
    p = record_cmds.add_parser(
        "readings", help=_("target readings the records already hold (and record them)"))
    p.add_argument("program_id", type=int, metavar="UNIT_PROGRAM_ID")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--apply", action="store_true")
    p.add_argument("--as-of", type=_date_arg, metavar="YYYY-MM-DD")
    p.set_defaults(handler=_cmd_record_readings)

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
            p.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD")
            p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    p = document_cmds.add_parser("list", help=_("the document register"))
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_document_list)

    submission = commands.add_parser("submission", help=_("signed packages sent upward"))
    submission_cmds = submission.add_subparsers(dest="submission_command", metavar="ACTION",
                                                required=True)
    p = submission_cmds.add_parser("export", help=_("the unit's signed package for a period"))
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--out", required=True, metavar="FILE.ctrsub")
    _add_key_options(p)
    p.set_defaults(handler=_cmd_submission_export)
    p = submission_cmds.add_parser("import", help=_("verify and store subordinate units' "
                                                    "packages"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_submission_import)
    p = submission_cmds.add_parser("list", help=_("the packages received, with their history"))
    p.add_argument("--period", metavar="P")
    p.add_argument("--current", action="store_true",
                   help=_("only the packages in force, not the superseded ones"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_submission_list)
    p = program_cmds.add_parser("package", help=_("export a program package for the units, "
                                                  "or import one from the parent"))
    p.add_argument("--export", metavar="FILE", help=_("write the package of program --id"))
    p.add_argument("--id", type=int, metavar="ID")
    p.add_argument("--file", metavar="FILE", help=_("import this package"))
    p.set_defaults(handler=_cmd_program_package)

    demo = commands.add_parser("demo", help=_("demo and test data"))
    demo_cmds = demo.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    p = demo_cmds.add_parser("generate", help=_("a parent workspace and signed packages of "
                                                "synthetic units"))
    p.add_argument("--units", type=int, required=True, metavar="N")
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=_cmd_demo_generate)

    p = commands.add_parser("consolidate", help=_("roll the units' submissions up for a period"))
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", metavar="OUT.pdf", help=_("also write the consolidated report"))
    p.add_argument("--unit", metavar="NAME", help=_("only this unit's data (the drill-down)"))
    p.set_defaults(handler=_cmd_consolidate)

    p = commands.add_parser("sign", help=_("sign a PDF (PAdES) with a key file or a token"))
    p.add_argument("input", metavar="IN.pdf", nargs="?")
    p.add_argument("--document", type=int, metavar="ID",
                   help=_("sign this issued document of the workspace and keep the signed "
                          "PDF with it (it is what the submission package carries)"))
    p.add_argument("--out", required=True, metavar="OUT.pdf")
    _add_key_options(p)
    p.add_argument("--reason", metavar="TEXT")
    p.set_defaults(handler=_cmd_sign)
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

    p = commands.add_parser("calendar", help=_("what is due, overdue first"))
    p.add_argument("--days", type=int, default=45, help=_("how far ahead to look"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_cmd_calendar)
    return parser


def _report_crash(exc: BaseException) -> int:
    from ctrdesk.core import paths

    log = paths.user_data_dir() / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            traceback.print_exception(exc, file=handle)
        where = _(" Details were written to {path}.").format(path=log)
    except OSError:
        where = ""
    print(_("ctrdesk: internal error: {error}.").format(error=exc) + where, file=sys.stderr)
    return 70


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are built.
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    set_language(lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from ctrdesk.ui.app import run_gui

            return run_gui(_workspace_path(args), demo=args.demo)
        handler: Handler = args.handler
        return handler(args)
    except CtrdeskError as exc:
        print(f"ctrdesk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("ctrdesk: interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return _report_crash(exc)


def main_gui() -> int:
    return main([*sys.argv[1:]])
