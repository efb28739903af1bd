"""The flow between levels: a program down, signed submissions up, consolidation — and
every bad package refused with its reason, the workspace unchanged."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import ACTION_PROGRAM, run_ctrdesk
from ctrdesk.core.exchange.consolidate import consolidate
from ctrdesk.core.exchange.importer import PackageRefused, import_submission
from ctrdesk.core.exchange.package import (
    build_submission,
    export_program_package,
    import_program_package,
)
from ctrdesk.core.importing import parse_file
from ctrdesk.core.organizations import (
    add_organization,
    add_person,
    list_organizations,
    set_own_organization,
)
from ctrdesk.core.programs.derive import create_unit_program
from ctrdesk.core.programs.execution import record_progress, record_reading, set_target
from ctrdesk.core.programs.service import store_program
from ctrdesk.core.records.service import save_record
from ctrdesk.core.signing import Pkcs12Key
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.models import ALL_MODELS, Target
from ctrdesk.core.trust import add_trust_root
from pki import make_pki
from report_sections import SECTIONS

UNITS = ("Chi bộ Vụ 1", "Chi bộ Vụ 4", "Chi bộ Vụ 14")
PERIOD = "2026-Q2"


def enroll(parent, unit: str, key_file: Path, password: bytes) -> None:
    """The upper level enrolls the certificate of a unit's key file for that unit."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from ctrdesk.core.trust import enroll_certificate

    _key, certificate, _chain = pkcs12.load_key_and_certificates(key_file.read_bytes(),
                                                                 password)
    pem = key_file.with_suffix(".pem")
    pem.write_bytes(certificate.public_bytes(Encoding.PEM))
    unit_id = next(o.id for o in list_organizations(parent) if o.name == unit)
    enroll_certificate(parent, unit_id, pem)


def _rows(ws) -> dict[str, list[tuple]]:
    with ws.reading():
        return {m._meta.table_name: sorted(map(tuple, m.select().tuples()))
                for m in ALL_MODELS}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A parent workspace, three unit workspaces, their keys and packages."""
    folder = tmp_path_factory.mktemp("world")
    pki = make_pki(folder / "pki")
    parent = open_workspace(folder / "parent.sqlite")
    top = add_organization(parent, "Đảng bộ VKSND tối cao", "party_committee",
                           abbreviation="ĐU")
    for name in UNITS:
        number = name.split()[-1]
        add_organization(parent, name, "branch", parent=top, abbreviation="CB",
                         aliases=[f"Chi ủy Vụ {number}", f"Vụ {number}"])
    set_own_organization(parent, top)
    source, program = parse_file(ACTION_PROGRAM)
    parent_program = store_program(parent, program, source_filename=source.filename,
                                   source_sha256=source.sha256)
    add_trust_root(parent, pki.ca_pem)
    parent_key = Pkcs12Key(pki.pkcs12("Đảng bộ VKSND tối cao", b"du", "parent.p12"), b"du")
    down = export_program_package(parent, parent_program, parent_key)
    keys, packages = {}, {}
    facts = {"Chi bộ Vụ 1": (6, 7, 1), "Chi bộ Vụ 4": (9, 9, 2), "Chi bộ Vụ 14": (7, 8, 0)}
    for index, name in enumerate(UNITS):
        ws = open_workspace(folder / f"unit{index}.sqlite")
        add_trust_root(ws, pki.ca_pem)  # the unit trusts the authority of its parent's key
        program_id = import_program_package(ws, down)
        unit_id = next(o.id for o in list_organizations(ws) if o.name == name)
        set_own_organization(ws, unit_id)
        people = [add_person(ws, unit_id, f"Đảng viên {index}-{n}",
                             "secretary" if n == 0 else "member") for n in range(4)]
        unit_program = create_unit_program(ws, program_id, unit_id)
        studied, members, admitted = facts[name]
        with ws.reading():
            targets = list(Target.select().where(Target.program == unit_program))
        for target in targets:
            if target.unit == "count":
                set_target(ws, target.id, op="range", value=1, max_value=2)
                record_reading(ws, target.id, date(2026, 6, 30), count=admitted)
            elif target.value == 100 and "quán triệt" in target.text:
                record_reading(ws, target.id, date(2026, 6, 30), numerator=studied,
                               denominator=members)
        from ctrdesk.core.store.models import ProgramItem

        with ws.reading():
            first = ProgramItem.select().where((ProgramItem.program == unit_program)
                                               & (ProgramItem.role != "")).first()
        record_progress(ws, first.id, status="in_progress", progress=40,
                        noted_on=date(2026, 5, 1))
        save_record(ws, "dialogue", {"held_on": "2026-05-10", "title": "Đối thoại quý II",
                                     "concerns": [{"content": "Kiến nghị", "answer": "Đã trả "
                                                   "lời", "answered_on": "2026-05-13"}]})
        save_record(ws, "ideological-issue", {
            "year": 2026, "title": "Ngại khó khi luân chuyển công tác",
            "description": "Một số đảng viên còn ngại khó khi được điều động, luân chuyển "
                           "về đơn vị xa."})
        save_record(ws, "rating", {"year": 2026, "person": people[0], "level": "good"})
        from ctrdesk.core.documents.register import create_draft, issue, sign_issued

        key_file = pki.pkcs12(name, b"mk", f"unit{index}.p12")
        keys[name] = Pkcs12Key(key_file, b"mk")
        enroll(parent, name, key_file, b"mk")  # the parent enrolls the unit's certificate
        report = create_draft(ws, "report", period=PERIOD, sections=SECTIONS)
        issue(ws, report, date(2026, 7, 5))
        sign_issued(ws, report, keys[name])  # the secretary signs the issued report
        created = datetime(2026, 7, 6 if name != "Chi bộ Vụ 14" else 20, tzinfo=UTC)
        packages[name] = build_submission(ws, PERIOD, keys[name], created)
        ws.close()
    yield {"folder": folder, "pki": pki, "parent": parent, "packages": packages,
           "keys": keys, "parent_program": parent_program, "parent_key": parent_key,
           "down": down}
    parent.close()


def test_the_parent_imports_consolidates_and_reimport_changes_nothing(world):
    parent = world["parent"]
    for name, package in world["packages"].items():
        result = import_submission(parent, package, f"{name}.ctrsub")
        assert result.status == "imported" and result.unit == name
    before = _rows(parent)
    for name, package in world["packages"].items():
        assert import_submission(parent, package, name).status == "unchanged"
    assert _rows(parent) == before
    data = consolidate(parent, PERIOD, world["parent_program"])
    submissions = data["submissions"]
    assert (submissions["units"], submissions["submitted"], submissions["share"]) == (3, 3, 1.0)
    assert submissions["late"] == ["Chi bộ Vụ 14"] and submissions["missing"] == []
    admissions = next(t for t in data["targets"] if t["unit"] == "count")
    assert admissions["overall"] == 1 + 2 + 0  # counts are summed
    assert (admissions["value"], admissions["max"]) == (60, 80)
    studied = next(t for t in data["targets"] if t["numerator"])
    assert (studied["numerator"], studied["denominator"]) == (6 + 9 + 7, 7 + 9 + 8)
    assert studied["overall"] == round(100 * 22 / 24, 2)  # recomputed, not averaged
    assert studied["overall"] != round((600 / 7 + 100 + 700 / 8) / 3, 2)
    task2 = next(t for t in data["tasks"] if t["number"] == "2" and "thể chế" in t["task"])
    assert (task2["lead"], task2["coordinating"]) == (1, 2)  # Vụ 14 leads; Vụ 1, 4 coordinate
    task4 = next(t for t in data["tasks"] if t["number"] == "4" and t["task"].startswith(
        "Thực hiện tốt chức năng"))
    assert task4["implementing"] == 2  # Vụ 1 and Vụ 4 are named; Vụ 14 is not
    assert data["concerns"]["answered"] == 3 and data["concerns"]["average_days_to_answer"] \
        == 3.0
    pairs = data["ideological_issues_near_identical"]
    assert len(pairs) == 3 and all(p["score"] >= 0.85 for p in pairs)
    # The drill-down to one unit: its own reading, its place among the near-identical.
    from ctrdesk.core.exchange.consolidate import unit_detail

    vu14 = next(o.id for o in list_organizations(parent) if o.name == "Chi bộ Vụ 14")
    detail = unit_detail(parent, PERIOD, vu14, data)
    assert detail["submitted"] and detail["on_time"] is False
    [reading] = [t for t in detail["targets"] if t["measure"] == "percent"
                 and t["reading"] is not None]
    assert reading["reading"] == round(100 * 7 / 8, 2)
    assert [t["reading"] for t in detail["targets"] if t["measure"] == "count"] == [0]
    assert len(detail["near_identical_issues"]) == 2


def test_the_parent_holds_each_units_signed_report(world, tmp_path):
    from ctrdesk.core.attachments import _blob_path
    from ctrdesk.core.signing import verify_pdf
    from ctrdesk.core.store.models import Attachment, Organization, Submission
    from ctrdesk.core.trust import trust_roots

    parent = world["parent"]
    for name, package in world["packages"].items():
        import_submission(parent, package, name)
    with parent.reading():
        held = [(s.organization.name, a.filename, a.sha256) for s in Submission.select().join(
            Organization).where(Submission.status == "current")
            for a in Attachment.select().where((Attachment.owner_table == "submission")
                                               & (Attachment.owner_id == s.id))]
    assert sorted(unit for unit, _f, _h in held) == sorted(UNITS)
    for unit, filename, digest in held:
        assert filename == "01-BC/CB-da-ky.pdf"
        data = _blob_path(parent, digest).read_bytes()
        report = verify_pdf(data, trust_roots(parent))
        assert report.ok and unit in report.signatures[0].signer
        path = tmp_path / "checked.pdf"
        path.write_bytes(data)
        pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in pdfsig and unit in pdfsig
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True).stdout
        assert "Số 01-BC/CB" in text


def test_a_newer_package_supersedes_the_older_and_an_older_one_is_refused(world):
    parent = world["parent"]
    name = "Chi bộ Vụ 4"
    package = world["packages"][name]
    import_submission(parent, package, name)  # held already or now
    files = zipfile.ZipFile(io.BytesIO(package))
    manifest = json.loads(files.read("manifest.json"))
    from ctrdesk.core.exchange.cms import sign_detached
    from ctrdesk.core.exchange.package import pack

    data_files = {n: files.read(n) for n in manifest["files"]}

    def repack(created: datetime) -> bytes:
        return pack(manifest["unit"], manifest["period"], created, data_files,
                    manifest["documents"], lambda m: sign_detached(m, world["keys"][name]))

    newer = repack(datetime(2026, 7, 8, tzinfo=UTC))
    assert import_submission(parent, newer, "newer").status == "superseded_older"
    from ctrdesk.core.store.models import Submission

    with parent.reading():
        history = [s.status for s in Submission.select().join(
            __import__("ctrdesk.core.store.models", fromlist=["Organization"]).Organization)
            .where(Submission.period == PERIOD)]
    assert history.count("current") == 3 and history.count("superseded") == 1
    before = _rows(parent)
    with pytest.raises(PackageRefused) as caught:
        import_submission(parent, repack(datetime(2026, 7, 7, tzinfo=UTC)), "older")
    assert "cũ hơn" in caught.value.message or "older" in caught.value.message
    assert _rows(parent) == before


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as files:
        return {n: files.read(n) for n in files.namelist()}


def test_every_bad_package_is_refused_with_its_reason_and_stores_nothing(world, tmp_path):
    parent = world["parent"]
    good = world["packages"]["Chi bộ Vụ 1"]
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    from ctrdesk.core.exchange.cms import sign_detached
    from ctrdesk.core.exchange.package import pack

    def resign(changed: dict, key: Pkcs12Key | None = None) -> bytes:
        body = {**manifest, **changed}
        data = {n: members[n] for n in manifest["files"]}
        return pack(body["unit"], body["period"], datetime.fromisoformat(body["created"]),
                    data, body["documents"], lambda m: sign_detached(
                        m, key or world["keys"]["Chi bộ Vụ 1"]))

    tampered = dict(members)
    tampered["data/records.json"] = members["data/records.json"].replace(b"2026", b"2025", 1)
    unsigned = {n: d for n, d in members.items() if n != "manifest.p7s"}
    stranger_pki = make_pki(tmp_path / "stranger", "CA lạ")
    stranger = Pkcs12Key(stranger_pki.pkcs12("Kẻ lạ", b"x"), b"x")
    future = dict(members)
    future_manifest = {**manifest, "version": 2}
    future["manifest.json"] = json.dumps(future_manifest).encode()
    future["manifest.p7s"] = sign_detached(future["manifest.json"], world["keys"]["Chi bộ Vụ 1"])
    outsider_unit = {"uuid": "00000000-0000-0000-0000-000000000000", "name": "Chi bộ Ngoài"}
    bomb = _zip({"manifest.json": members["manifest.json"],
                 "manifest.p7s": members["manifest.p7s"],
                 "data/people.json": b"0" * (60 * 1024 * 1024)})
    later_year = (date.today() + timedelta(days=400)).year
    cases = {
        "tampered": (_zip(tampered), "thay đổi sau khi ký"),
        "unsigned": (_zip(unsigned), "không có chữ ký"),
        "unknown certificate": (resign({}, stranger), "không tin cậy"),
        "wrong certificate": (resign({}, world["keys"]["Chi bộ Vụ 4"]), "đơn vị khác"),
        "not subordinate": (resign({"unit": outsider_unit}), "không phải đơn vị trực thuộc"),
        "zip slip": (_zip({**members, "../../etc/evil": b"x"}), "ra ngoài gói"),
        "zip bomb": (bomb, "zip bomb"),
        "truncated": (good[: len(good) // 2], "bị cắt"),
        "future version": (_zip(future), "phiên bản ctrdesk mới hơn"),
        "future period": (resign({"period": f"{later_year}-Q1"}), "không hợp lý"),
        "malformed roll-up": (pack(manifest["unit"], manifest["period"], datetime.fromisoformat(
            manifest["created"]) + timedelta(days=1), {
                **{n: members[n] for n in manifest["files"]},
                "data/consolidation.json": b'{"submissions": {"units": "many"}}'},
            manifest["documents"], lambda m: sign_detached(m, world["keys"]["Chi bộ Vụ 1"])),
            "tổng hợp các đơn vị trực thuộc trong gói không hợp lệ"),
    }
    before = _rows(parent)
    for case, (package, words) in cases.items():
        with pytest.raises(PackageRefused) as caught:
            import_submission(parent, package, f"{case}.ctrsub")
        assert words in caught.value.message, (case, caught.value.message)
        assert _rows(parent) == before, case


def test_the_commands(world, tmp_path):
    package = tmp_path / "vu1.ctrsub"
    package.write_bytes(world["packages"]["Chi bộ Vụ 1"])
    db = str(world["folder"] / "parent.sqlite")
    world["parent"].close()
    try:
        result = run_ctrdesk("--db", db, "submission", "import", str(package), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)[0]["status"] in ("unchanged", "imported")
        bad = tmp_path / "bad.ctrsub"
        bad.write_bytes(b"PK\x03\x04broken")
        refused = run_ctrdesk("--db", db, "submission", "import", str(bad))
        assert refused.returncode == 7 and "bad.ctrsub" in refused.stderr
        consolidated = run_ctrdesk("--db", db, "consolidate", "--period", PERIOD, "--json",
                                   "--pdf", str(tmp_path / "bcth.pdf"))
        assert consolidated.returncode == 0, consolidated.stderr
        assert json.loads(consolidated.stdout)["submissions"]["submitted"] == 3
        assert (tmp_path / "bcth.pdf").read_bytes().startswith(b"%PDF")
    finally:
        world["parent"] = open_workspace(db)
    assert Path(db).exists()


def test_demo_generate_writes_a_parent_and_signed_packages_that_import(tmp_path):
    out = tmp_path / "generated"
    made = run_ctrdesk("demo", "generate", "--units", "12", "--period", "2026-Q1", "--out",
                       str(out))
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    packages = sorted(out.glob("*.ctrsub"))
    assert len(packages) == summary["packages"] and len(packages) + len(summary["missing"]) \
        == 12
    result = run_ctrdesk("--db", summary["parent"], "submission", "import",
                         *map(str, packages), "--json")
    assert result.returncode == 0, result.stderr
    assert {r["status"] for r in json.loads(result.stdout)} == {"imported"}
    consolidated = json.loads(run_ctrdesk("--db", summary["parent"], "consolidate",
                                          "--period", "2026-Q1", "--json").stdout)
    assert consolidated["submissions"]["submitted"] == len(packages)
    assert sorted(consolidated["submissions"]["missing"]) == sorted(summary["missing"])
    assert sorted(consolidated["submissions"]["late"]) == sorted(summary["late"])
    admissions = next(t for t in consolidated["targets"] if t["unit"] == "count")
    assert admissions["units_reporting"] == len(packages)


def test_a_batch_reports_each_file_and_cancelling_keeps_only_whole_packages(tmp_path):
    from ctrdesk.core.errors import Cancelled
    from ctrdesk.core.exchange.generate import generate
    from ctrdesk.core.exchange.importer import import_files, received_submissions

    made = generate(6, "2026-Q1", tmp_path)
    packages = sorted(tmp_path.glob("*.ctrsub"))
    parent = open_workspace(made["parent"])
    seen: list[float] = []

    def cancel_after_two(fraction: float) -> None:
        seen.append(fraction)
        if len(seen) == 3:  # before the third package
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled) as caught:
        import_files(parent, packages, cancel_after_two)
    assert len(received_submissions(parent)) == 2
    # Every file still has its outcome: two stored, the rest not tried.
    cancelled = caught.value.outcomes
    assert [o.file for o in cancelled] == [p.name for p in packages]
    assert [o.status for o in cancelled] == ["imported"] * 2 + ["refused"] * (len(packages) - 2)
    assert all("hủy" in o.reason for o in cancelled[2:])
    truncated = tmp_path / "truncated.ctrsub"
    truncated.write_bytes(packages[0].read_bytes()[:300])
    outcomes = import_files(parent, [*packages, truncated, tmp_path / "gone.ctrsub"])
    statuses = [o.status for o in outcomes]
    assert statuses == ["unchanged"] * 2 + ["imported"] * (len(packages) - 2) \
        + ["refused", "refused"]
    assert "truncated.ctrsub" in outcomes[-2].reason and "gone.ctrsub" in outcomes[-1].reason
    assert len(received_submissions(parent, "2026-Q1", history=False)) == len(packages)
    parent.close()


@pytest.mark.skipif(not __import__("pki").have_softhsm(), reason="SoftHSM2 is not installed")
def test_a_unit_signs_its_package_with_a_usb_token(world, tmp_path):
    from ctrdesk.core.exchange.importer import received_submissions
    from ctrdesk.core.trust import enroll_certificate

    token = world["pki"].token("Bí thư Chi bộ Vụ 1")
    vu1 = next(o.id for o in list_organizations(world["parent"]) if o.name == "Chi bộ Vụ 1")
    # The unit's second key (on its token) is enrolled beside the first.
    enroll_certificate(world["parent"], vu1, world["pki"].folder / "token-cert.der")
    out = tmp_path / "vu1-token.ctrsub"
    env = {"SOFTHSM2_CONF": __import__("os").environ["SOFTHSM2_CONF"],
           "TOKEN_PIN": token["pin"]}
    made = run_ctrdesk("--db", str(world["folder"] / "unit0.sqlite"), "submission", "export",
                       "--period", PERIOD, "--out", str(out), "--pkcs11-lib",
                       token["library"], "--token-label", token["token_label"],
                       "--key-label", token["key_label"], "--pin-env", "TOKEN_PIN", env=env)
    assert made.returncode == 0, made.stderr
    parent = world["parent"]
    import_submission(parent, world["packages"]["Chi bộ Vụ 1"], "p12")  # held already or now
    result = import_submission(parent, out.read_bytes(), out.name)
    assert result.status == "superseded_older" and result.unit == "Chi bộ Vụ 1"
    [current] = [s for s in received_submissions(parent, PERIOD, history=False)
                 if s.unit == "Chi bộ Vụ 1"]
    assert "Bí thư Chi bộ Vụ 1" in current.signer


def test_a_report_received_into_an_encrypted_workspace_is_kept_sealed(world, tmp_path):
    """The upper level's workspace is encrypted: the unit's signed report that arrives in
    its package is stored sealed beside the workspace (the file on disk is no PDF and holds
    none of its bytes or words), and reads back whole, its signature intact, after the
    workspace is opened again with its passphrase."""
    from ctrdesk.core.attachments import blob_path, read_blob
    from ctrdesk.core.signing import verify_pdf
    from ctrdesk.core.store.models import Attachment
    from ctrdesk.core.trust import trust_roots
    from security_support import PASSPHRASE

    name = "Chi bộ Vụ 14"
    package = world["packages"][name]
    [report] = [data for member, data in _members(package).items()
                if member.startswith("documents/")]
    assert report.startswith(b"%PDF")
    path = tmp_path / "secret" / "parent.sqlite"
    path.parent.mkdir()
    parent = open_workspace(path, passphrase=PASSPHRASE)
    assert parent.encrypted
    add_trust_root(parent, world["pki"].ca_pem)
    import_program_package(parent, world["down"])  # the same units, as the clear parent's
    set_own_organization(parent, next(o.id for o in list_organizations(parent)
                                      if o.name == "Đảng bộ VKSND tối cao"))
    enroll(parent, name, world["keys"][name].path, b"mk")
    assert import_submission(parent, package, f"{name}.ctrsub").status == "imported"
    with parent.reading():
        [held] = list(Attachment.select().where(Attachment.owner_table == "submission"))
    parent.close()

    on_disk = blob_path(parent, held.sha256).read_bytes()
    assert not on_disk.startswith(b"%PDF") and b"%PDF" not in on_disk
    assert report[200:264] not in on_disk and b"/ByteRange" not in on_disk
    beside = b"".join(p.read_bytes() for p in path.parent.rglob("*") if p.is_file())
    assert report[1000:1064] not in beside and b"Chi b" not in beside
    with open_workspace(path, passphrase=PASSPHRASE) as again:
        kept = read_blob(again, held.sha256)
        assert kept == report
        verified = verify_pdf(kept, trust_roots(again))
        assert verified.ok and name in verified.signatures[0].signer
