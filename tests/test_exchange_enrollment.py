"""Units and keys from the command line: a unit exports its enrollment file, the upper
level enrolls it, lists it, retires it at a key rollover; revocation lists join the trust
store. A package is accepted only while its signer is enrolled and in service."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from conftest import ACTION_PROGRAM, run_ctrdesk
from ctrdesk.core.exchange.package import build_submission, export_program_package
from ctrdesk.core.importing import parse_file
from ctrdesk.core.organizations import add_organization, list_organizations, set_own_organization
from ctrdesk.core.programs.service import store_program
from ctrdesk.core.records.service import save_record
from ctrdesk.core.signing import Pkcs12Key
from ctrdesk.core.store import open_workspace
from ctrdesk.core.trust import add_trust_root
from pki import make_pki

UNIT, OTHER = "Chi bộ Vụ 1", "Chi bộ Vụ 4"


def test_a_unit_is_enrolled_from_its_own_file_then_retired_at_a_key_rollover(tmp_path):
    from ctrdesk.core.exchange.package import import_program_package

    pki = make_pki(tmp_path / "pki")
    parent = open_workspace(tmp_path / "parent.sqlite")
    top = add_organization(parent, "Đảng bộ VKSND tối cao", "party_committee")
    for name in (UNIT, OTHER):
        add_organization(parent, name, "branch", parent=top, abbreviation="CB")
    set_own_organization(parent, top)
    source, program = parse_file(ACTION_PROGRAM)
    program_id = store_program(parent, program, source_filename=source.filename,
                               source_sha256=source.sha256)
    add_trust_root(parent, pki.ca_pem)
    parent_key = Pkcs12Key(pki.pkcs12("Đảng bộ VKSND tối cao", b"p", "parent.p12"), b"p")
    down = export_program_package(parent, program_id, parent_key)
    parent.close()

    unit = open_workspace(tmp_path / "unit.sqlite")
    add_trust_root(unit, pki.ca_pem)
    import_program_package(unit, down)
    set_own_organization(unit, next(o.id for o in list_organizations(unit) if o.name == UNIT))
    save_record(unit, "dialogue", {"held_on": "2026-05-10", "title": "Đối thoại quý II"})
    key_file = pki.pkcs12(UNIT, b"u", "unit.p12")
    key = Pkcs12Key(key_file, b"u")
    first = tmp_path / "q2.ctrsub"
    first.write_bytes(build_submission(unit, "2026-Q2", key, datetime(2026, 7, 3, tzinfo=UTC)))
    later = tmp_path / "q2-later.ctrsub"
    later.write_bytes(build_submission(unit, "2026-Q2", key,
                                       datetime.now(UTC) - timedelta(minutes=1)))
    unit.close()

    # The unit's side: its enrollment file, from its key file.
    enrollment = tmp_path / "enrollment.json"
    made = run_ctrdesk("--db", str(tmp_path / "unit.sqlite"), "unit", "enrollment", "--out",
                       str(enrollment), "--p12", str(key_file), "--password-env", "KEY_PW",
                       env={"KEY_PW": "u"})
    assert made.returncode == 0, made.stderr
    assert json.loads(enrollment.read_text())["unit"]["name"] == UNIT

    db = str(tmp_path / "parent.sqlite")
    refused = run_ctrdesk("--db", db, "submission", "import", str(first))
    assert refused.returncode == 7 and "chưa được đăng ký" in refused.stderr
    wrong = run_ctrdesk("--db", db, "unit", "cert", "add", OTHER, str(enrollment))
    assert wrong.returncode == 2 and "đơn vị khác" in wrong.stderr
    added = run_ctrdesk("--db", db, "unit", "cert", "add", UNIT, str(enrollment))
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_ctrdesk("--db", db, "unit", "cert", "list", "--json").stdout)
    assert [(c["unit"], c["retired_on"]) for c in listed] == [(UNIT, None)]
    assert UNIT in listed[0]["subject"]

    imported = run_ctrdesk("--db", db, "submission", "import", str(first), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)[0]["status"] == "imported"

    # Key rollover: from today this certificate no longer signs for the unit.
    retired = run_ctrdesk("--db", db, "unit", "cert", "retire", listed[0]["sha256"][:12],
                          "--on", date.today().isoformat())
    assert retired.returncode == 0, retired.stderr
    after = run_ctrdesk("--db", db, "submission", "import", str(later))
    assert after.returncode == 7 and "thôi dùng" in after.stderr
    shown = run_ctrdesk("--db", db, "unit", "cert", "list")
    assert "thôi dùng từ" in shown.stdout

    # Revocation lists: only a CRL, and only from a trusted authority.
    junk = tmp_path / "junk.crl"
    junk.write_bytes(b"not a crl")
    bad = run_ctrdesk("--db", db, "trust", "add-crl", str(junk))
    assert bad.returncode == 2 and "CRL" in bad.stderr
    crl = tmp_path / "ca.crl"
    crl.write_bytes(_empty_crl(pki))
    good = run_ctrdesk("--db", db, "trust", "add-crl", str(crl))
    assert good.returncode == 0, good.stderr
    crls = json.loads(run_ctrdesk("--db", db, "trust", "list", "--crls", "--json").stdout)
    assert len(crls) == 1
    stranger = make_pki(tmp_path / "stranger", "CA lạ")
    foreign = tmp_path / "foreign.crl"
    foreign.write_bytes(_empty_crl(stranger))
    untrusted = run_ctrdesk("--db", db, "trust", "add-crl", str(foreign))
    assert untrusted.returncode == 2 and "tin cậy" in untrusted.stderr


def _empty_crl(pki) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    now = datetime.now(UTC)
    return (x509.CertificateRevocationListBuilder().issuer_name(pki.ca_cert.subject)
            .last_update(now - timedelta(days=1)).next_update(now + timedelta(days=30))
            .sign(pki.ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))


def _ownership(conn) -> tuple[dict[str, list[tuple[str, int]]], dict[int, dict[str, list[str]]]]:
    """Which unit sent each received row, and which rows each submission carried."""
    from ctrdesk.core.store.migrations import RECEIVED_TABLES

    owners = {table: sorted(conn.execute(f'SELECT "uuid", "received_from_id" FROM "{table}" '
                                         'WHERE "received_from_id" IS NOT NULL'))
              for table in RECEIVED_TABLES}
    carried = {submission: {table: sorted(uuids) for table, uuids in json.loads(text).items()
                            if uuids}  # a kind of row the package had none of
               for submission, text in conn.execute('SELECT "id", "carried" FROM "submission"')}
    return owners, carried


def test_rows_received_before_ownership_was_recorded_belong_to_their_units(tmp_path):
    """A workspace from before ownership was recorded: the upgrades give each unit's
    received rows to it and to its current package, exactly as an import records them."""
    import sqlite3

    from ctrdesk.core.exchange.generate import generate
    from ctrdesk.core.exchange.importer import import_files
    from ctrdesk.core.store.migrations import MIGRATIONS, RECEIVED_TABLES

    made = generate(4, "2026-Q1", tmp_path)
    parent = open_workspace(made["parent"])
    outcomes = import_files(parent, sorted(tmp_path.glob("*.ctrsub")))
    assert {o.status for o in outcomes} == {"imported"}
    parent.close()
    conn = sqlite3.connect(made["parent"])
    owners, carried = _ownership(conn)
    assert {table for table, rows in owners.items() if rows} >= {
        "person", "program", "program_item", "target", "target_reading", "meeting", "rating",
        "ideological_issue"}
    assert all(set(c) >= {"person", "program_item", "meeting"} for c in carried.values())
    with conn:  # back to the schema before ownership, as an older ctrdesk left it
        for table in RECEIVED_TABLES:
            conn.execute(f'ALTER TABLE "{table}" DROP COLUMN "received_from_id"')
        for statement in ('ALTER TABLE "submission" DROP COLUMN "carried"',
                          'DROP TABLE "revocation_list"',
                          'ALTER TABLE "unit_certificate" DROP COLUMN "der"',
                          'ALTER TABLE "unit_certificate" DROP COLUMN "retired_on"'):
            conn.execute(statement)
        for suffix in ("_unit_enrollment_and_ownership", "_ownership_on_rows"):
            next(m for m in MIGRATIONS if m.__name__.endswith(suffix))(conn.execute)
    assert _ownership(conn) == (owners, carried)
    conn.close()
