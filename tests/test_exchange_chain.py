"""The chain at every level: a branch reports to its provincial committee, which
consolidates and reports in turn to the Supreme level with the same package format."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime

from conftest import ACTION_PROGRAM, run_ctrdesk
from ctrdesk.core.documents.layout import render
from ctrdesk.core.exchange.consolidate import consolidate, consolidated_report, unit_detail
from ctrdesk.core.exchange.importer import import_files, received_submissions
from ctrdesk.core.exchange.package import (
    build_submission,
    export_program_package,
    import_program_package,
)
from ctrdesk.core.importing import parse_file
from ctrdesk.core.organizations import add_organization, list_organizations, set_own_organization
from ctrdesk.core.programs.service import store_program
from ctrdesk.core.records.service import save_record
from ctrdesk.core.signing import Pkcs12Key
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.models import Dialogue
from ctrdesk.core.trust import add_trust_root, enroll_certificate, enrollment_file
from pki import make_pki

PERIOD = "2026-Q2"
PROVINCE = "Đảng ủy VKSND tỉnh Lào Cai"
BRANCHES = ("Chi bộ Phòng 1", "Chi bộ Phòng 2")


def _certificate_pem(key_file, password: bytes) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    certificate = pkcs12.load_key_and_certificates(key_file.read_bytes(), password)[1]
    return certificate.public_bytes(Encoding.PEM)


def _certificate_der(key_file, password: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.load_pem_x509_certificate(_certificate_pem(key_file, password)).public_bytes(
        Encoding.DER)


def _unit_id(ws, name: str) -> int:
    return next(o.id for o in list_organizations(ws) if o.name == name)


def _dialogue(ws, title: str, answered: bool) -> None:
    concern = {"content": f"Kiến nghị tại {title}"}
    if answered:
        concern |= {"answer": "Đã trả lời", "answered_on": "2026-05-14"}
    save_record(ws, "dialogue", {"held_on": "2026-05-10", "title": title,
                                 "concerns": [concern]})


def test_a_provincial_committee_consolidates_its_branches_and_reports_upward(tmp_path):
    pki = make_pki(tmp_path / "pki")
    # The Supreme level: its committee and the provincial committee below it.
    supreme = open_workspace(tmp_path / "supreme.sqlite")
    top = add_organization(supreme, "Đảng bộ VKSND tối cao", "party_committee",
                           abbreviation="ĐU")
    add_organization(supreme, PROVINCE, "provincial_committee", parent=top,
                     abbreviation="ĐU")
    set_own_organization(supreme, top)
    add_trust_root(supreme, pki.ca_pem)
    source, program = parse_file(ACTION_PROGRAM)
    supreme_program = store_program(supreme, program, source_filename=source.filename,
                                    source_sha256=source.sha256)

    supreme_key = Pkcs12Key(pki.pkcs12("Đảng bộ VKSND tối cao", b"tc", "supreme.p12"), b"tc")
    province_key = Pkcs12Key(pki.pkcs12(PROVINCE, b"tinh", "province.p12"), b"tinh")
    branch_key = Pkcs12Key(pki.pkcs12(BRANCHES[0], b"cb", "branch.p12"), b"cb")

    # The province trusts the authority, imports the Supreme program (signed) and its unit
    # list, adds its own branches and enrolls the key of the branch that will report.
    province = open_workspace(tmp_path / "province.sqlite")
    add_trust_root(province, pki.ca_pem)
    province_program = import_program_package(
        province, export_program_package(supreme, supreme_program, supreme_key))
    province_id = _unit_id(province, PROVINCE)
    set_own_organization(province, province_id)
    for name in BRANCHES:
        add_organization(province, name, "branch", parent=province_id, abbreviation="CB")
    down = export_program_package(province, province_program, province_key)

    # One branch reports; the other does not. Its key is enrolled at the province from
    # the enrollment file the branch exports from its own workspace.
    branch = open_workspace(tmp_path / "branch.sqlite")
    add_trust_root(branch, pki.ca_pem)
    import_program_package(branch, down)
    set_own_organization(branch, _unit_id(branch, BRANCHES[0]))
    enrollment = tmp_path / "phong1.enrollment.json"
    enrollment.write_bytes(enrollment_file(branch, _certificate_der(tmp_path / "pki" / "branch.p12",
                                                                    b"cb")))
    enroll_certificate(province, _unit_id(province, BRANCHES[0]), enrollment)
    _dialogue(branch, "Đối thoại tại chi bộ", answered=True)
    branch_package = tmp_path / "phong1.ctrsub"
    branch_package.write_bytes(build_submission(branch, PERIOD, branch_key,
                                                datetime(2026, 7, 3, tzinfo=UTC)))
    branch.close()

    [outcome] = import_files(province, [branch_package])
    assert outcome.status == "imported", outcome.reason
    own = consolidate(province, PERIOD)
    assert (own.submissions.submitted, own.submissions.units) == (1, 2)
    assert own.submissions.missing == [BRANCHES[1]]

    # The province's own package: its own records, and its roll-up of the branches.
    _dialogue(province, "Đối thoại tại đảng ủy tỉnh", answered=False)
    province_package = tmp_path / "laocai.ctrsub"
    province_package.write_bytes(build_submission(province, PERIOD, province_key,
                                                  datetime(2026, 7, 8, tzinfo=UTC)))
    province.close()

    # The Supreme level enrolls the province's certificate (from a certificate file).
    province_pem = tmp_path / "province.pem"
    province_pem.write_bytes(_certificate_pem(tmp_path / "pki" / "province.p12", b"tinh"))
    enroll_certificate(supreme, _unit_id(supreme, PROVINCE), province_pem)
    [outcome] = import_files(supreme, [province_package])
    assert outcome.status == "imported", outcome.reason
    assert outcome.unit == PROVINCE
    with supreme.reading():
        titles = sorted(d.title for d in Dialogue.select())
    assert titles == ["Đối thoại tại đảng ủy tỉnh"]  # the branch's records stay below
    [held] = received_submissions(supreme, PERIOD)
    assert held.consolidation is not None
    assert held.consolidation["submissions"]["submitted"] == 1
    assert held.consolidation["submissions"]["missing"] == [BRANCHES[1]]
    assert "by_unit" not in held.consolidation["submissions"]

    top_level = consolidate(supreme, PERIOD)
    assert top_level.submissions.submitted == 1
    assert top_level.concerns.total == 1 and top_level.concerns.open == 1
    detail = unit_detail(supreme, PERIOD, _unit_id(supreme, PROVINCE), top_level)
    assert detail.submitted and detail.on_time
    assert detail.rollup is not None and detail.rollup["submissions"]["units"] == 2

    pdf, _slot = render(consolidated_report(supreme, PERIOD))
    report = tmp_path / "bcth.pdf"
    report.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO" in text
    assert "1/2 đơn vị trực thuộc đã báo cáo" in " ".join(text.split())
    supreme.close()

    # The same from the command line: the packages held, and the drill-down to one unit.
    listed = run_ctrdesk("--db", str(tmp_path / "supreme.sqlite"), "submission", "list",
                         "--period", PERIOD, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [r["unit"] for r in json.loads(listed.stdout)] == [PROVINCE]
    drill = run_ctrdesk("--db", str(tmp_path / "supreme.sqlite"), "consolidate", "--period",
                        PERIOD, "--unit", "VKSND tỉnh Lào Cai", "--json")
    assert drill.returncode == 0, drill.stderr
    assert json.loads(drill.stdout)["rollup"]["submissions"]["missing"] == [BRANCHES[1]]
