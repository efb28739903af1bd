"""Hostile and mistaken packages at the upper level: each is refused with its reason, the
command exits 7 (never 70), and every table of the receiving workspace is unchanged row
for row. The packages are signed with a trusted, enrolled unit key (the test CA is made
here), so the checks behind the signature are what is tried."""

from __future__ import annotations

import io
import json
import tracemalloc
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import ACTION_PROGRAM, run_ctrdesk
from ctrdesk.core.exchange.cms import sign_detached
from ctrdesk.core.exchange.importer import PackageRefused, import_files, import_submission
from ctrdesk.core.exchange.package import (
    export_program_package,
    import_program_package,
    import_program_package_checked,
    pack,
)
from ctrdesk.core.importing import parse_file
from ctrdesk.core.organizations import add_organization, list_organizations, set_own_organization
from ctrdesk.core.programs.service import store_program
from ctrdesk.core.signing import Pkcs12Key
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.models import (
    ALL_MODELS,
    Meeting,
    Person,
    Program,
    ProgramItem,
    Submission,
    Target,
)
from ctrdesk.core.trust import add_crl, add_trust_root, enroll_certificate, retire_certificate
from pki import make_pki

PERIOD = "2026-Q2"
A, B, C = "Chi bộ Vụ 1", "Chi bộ Vụ 4", "Chi bộ Vụ 14"
MIB = 1024 * 1024


def _rows(ws) -> dict[str, list[tuple]]:
    with ws.reading():
        return {m._meta.table_name: sorted(map(tuple, m.select().tuples()))
                for m in ALL_MODELS}


def _pem(key_file: Path, password: bytes) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    certificate = pkcs12.load_key_and_certificates(key_file.read_bytes(), password)[1]
    pem = key_file.with_suffix(".pem")
    pem.write_bytes(certificate.public_bytes(Encoding.PEM))
    return pem


class Unit:
    """A subordinate unit as it would fill its package: people, program, records."""

    def __init__(self, world: dict, name: str, key: Pkcs12Key) -> None:
        self.world, self.name, self.key = world, name, key
        self.uuid = world["units"][name]
        self.people = [{"uuid": str(uuid.uuid4()), "full_name": f"{name} đảng viên {n}",
                        "role": "secretary" if n == 0 else "member", "title": ""}
                       for n in range(3)]
        item, target = world["parent_item"], world["parent_target"]
        self.item_uuid, self.target_uuid = str(uuid.uuid4()), str(uuid.uuid4())
        self.program = {
            "uuid": str(uuid.uuid4()), "parent_uuid": world["program_uuid"],
            "summary": "thực hiện chương trình", "doc_type": "CHƯƠNG TRÌNH",
            "items": [{"uuid": self.item_uuid, "parent_uuid": None,
                       "source_item_uuid": item, "responsible_person_uuid":
                       self.people[0]["uuid"], "kind": "item", "number": "1",
                       "title": "", "text": "Quán triệt nghị quyết", "role": "lead",
                       "role_evidence": "chủ trì", "status": "in_progress", "progress": 40,
                       "deadline": "2026-09-30", "deadline_text": "", "recurrence": "",
                       "action": "Tổ chức học tập", "resources": "", "accountable": "Bí thư",
                       "time_text": "", "time_kind": None, "time_start": None,
                       "time_end": None, "position": 0}],
            "targets": [{"uuid": self.target_uuid, "item_uuid": self.item_uuid,
                         "parent_target_uuid": target, "text": "100% đảng viên học tập",
                         "op": ">=", "value": 100.0, "max_value": None, "unit": "percent",
                         "readings": [{"uuid": str(uuid.uuid4()), "as_of": "2026-06-30",
                                       "numerator": 2, "denominator": 3, "count": None,
                                       "note": ""}]}]}
        self.records = {
            "session": [self.session(n) for n in range(2)],
            "rating": [{"uuid": str(uuid.uuid4()), "year": 2026, "period": "year",
                        "subject_kind": "member", "person": f"uuid:{p['uuid']}",
                        "subject": p["full_name"], "level": "good"} for p in self.people]}

    def session(self, n: int) -> dict:
        return {"uuid": str(uuid.uuid4()), "kind": "regular", "title": f"Sinh hoạt {n + 1}",
                "held_on": f"2026-05-{10 + n}", "status": "held",
                "chair": f"uuid:{self.people[0]['uuid']}", "membership": 3,
                "attendance": [{"person": f"uuid:{p['uuid']}", "present": True,
                                "reason": ""} for p in self.people]}

    def files(self) -> dict[str, bytes]:
        return {"data/people.json": json.dumps(self.people).encode(),
                "data/program.json": json.dumps(self.program).encode(),
                "data/records.json": json.dumps(self.records).encode()}

    def package(self, created: datetime, *, claims: str | None = None,
                key: Pkcs12Key | None = None, files: dict[str, bytes] | None = None) -> bytes:
        claimed = claims or self.name
        return pack({"uuid": self.world["units"][claimed], "name": claimed}, PERIOD, created,
                    files if files is not None else self.files(), [],
                    lambda manifest: sign_detached(manifest, key or self.key))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    pki = make_pki(folder / "pki")
    parent = open_workspace(folder / "parent.sqlite")
    top = add_organization(parent, "Đảng bộ VKSND tối cao", "party_committee",
                           abbreviation="ĐU")
    for name in (A, B, C):
        add_organization(parent, name, "branch", parent=top, abbreviation="CB")
    set_own_organization(parent, top)
    source, program = parse_file(ACTION_PROGRAM)
    program_id = store_program(parent, program, source_filename=source.filename,
                               source_sha256=source.sha256)
    add_trust_root(parent, pki.ca_pem)
    ids = {o.name: o.id for o in list_organizations(parent)}
    keys = {}
    for name in (A, B):  # C has nothing enrolled
        key_file = pki.pkcs12(name, b"k", f"{name[-1]}.p12")
        keys[name] = Pkcs12Key(key_file, b"k")
        enroll_certificate(parent, ids[name], _pem(key_file, b"k"))
    with parent.reading():
        target = Target.select().where(Target.program == program_id).first()
        world = {"units": {o.name: o.uuid for o in list_organizations(parent)},
                 "program_uuid": Program.get_by_id(program_id).uuid,
                 "parent_item": target.item.uuid, "parent_target": target.uuid,
                 "parent_items": [i.uuid for i in ProgramItem.select().where(
                     ProgramItem.program == program_id)]}
    world |= {"folder": folder, "pki": pki, "parent": parent, "ids": ids, "keys": keys,
              "program_id": program_id}
    world["A"], world["B"] = Unit(world, A, keys[A]), Unit(world, B, keys[B])
    # B's honest package is held: its rows are what A must not touch.
    assert import_submission(parent, world["B"].package(_at(1)), "b.ctrsub").status \
        == "imported"
    yield world
    parent.close()


def _at(day: int) -> datetime:
    return datetime(2026, 7, day, 9, tzinfo=UTC)


def _refused(world, package: bytes, words: str, name: str = "hostile.ctrsub") -> str:
    parent = world["parent"]
    before = _rows(parent)
    with pytest.raises(PackageRefused) as caught:
        import_submission(parent, package, name)
    assert words in caught.value.message, caught.value.message
    assert caught.value.exit_code == 7
    assert _rows(parent) == before
    return caught.value.message


def _json(data) -> bytes:
    return json.dumps(data).encode()


def test_a_units_key_cannot_speak_for_another_unit(world):
    unit = world["A"]
    _refused(world, unit.package(_at(2), claims=C), "chứng thư của đơn vị khác")
    _refused(world, unit.package(_at(2), claims=B), "chứng thư của đơn vị khác")
    # A key from the trusted authority, but enrolled for nobody.
    stray = Pkcs12Key(world["pki"].pkcs12("Chi bộ Vụ 14", b"s", "stray.p12"), b"s")
    message = _refused(world, unit.package(_at(2), claims=C, key=stray), "chưa được đăng ký")
    assert C in message


def test_a_unit_cannot_reuse_another_units_or_the_receivers_rows(world):
    unit, other = world["A"], world["B"]
    cases = [  # (member, A's row, the UUID it takes, the refusal)
        ("data/people.json", unit.people[0]["uuid"], other.people[0]["uuid"], "đơn vị khác"),
        ("data/program.json", unit.program["uuid"], other.program["uuid"], "đơn vị khác"),
        ("data/program.json", unit.item_uuid, other.item_uuid, "đơn vị khác"),
        ("data/program.json", unit.target_uuid, other.target_uuid, "đơn vị khác"),
        ("data/records.json", unit.records["session"][0]["uuid"],
         other.records["session"][0]["uuid"], "đơn vị khác"),
        # The receiver's own program, item and target: every unit knows their UUIDs.
        ("data/program.json", unit.program["uuid"], world["program_uuid"],
         "dữ liệu của chính"),
        ("data/program.json", unit.item_uuid, world["parent_items"][0], "dữ liệu của chính"),
        ("data/program.json", unit.target_uuid, world["parent_target"], "dữ liệu của chính"),
    ]
    for member, mine, taken, words in cases:
        # The UUID is replaced wherever the package names the row, so only ownership fails.
        data = json.loads(json.dumps({"people": unit.people, "program": unit.program,
                                      "records": unit.records}).replace(mine, taken))
        files = {"data/people.json": _json(data["people"]),
                 "data/program.json": _json(data["program"]),
                 "data/records.json": _json(data["records"])}
        message = _refused(world, unit.package(_at(2), files=files), words)
        assert member in message and taken in message


def _member_cases(unit) -> dict[str, tuple[str, bytes]]:
    deep = b"[" * 50_000 + b"]" * 50_000
    good = unit.files()
    shapes = {"a list": b"[]", "an object": b"{}", "null": b"null", "a string": b'"x"',
              "deeply nested": deep, "truncated": good["data/records.json"][:40],
              "not UTF-8": b"\xff\xfe{"}
    cases = {}
    for member in ("data/people.json", "data/program.json", "data/records.json",
                   "data/consolidation.json"):
        for shape, raw in shapes.items():
            if (member, shape) in (("data/people.json", "a list"),
                                   ("data/program.json", "null"),
                                   ("data/records.json", "an object"),
                                   ("data/people.json", "an object")):
                continue  # these shapes are valid for that member (an empty list, no program)
            cases[f"{member} as {shape}"] = (member, raw)
    return cases


def test_malformed_json_of_each_shape_in_each_member_is_refused_naming_it(world):
    unit = world["A"]
    for case, (member, raw) in _member_cases(unit).items():
        files = {**unit.files(), member: raw}
        message = _refused(world, unit.package(_at(2), files=files), "", f"{case}.ctrsub")
        assert member in message or "tổng hợp" in message, (case, message)


def test_wrong_types_and_out_of_range_values_are_refused_naming_the_field(world):
    unit = world["A"]

    def item(**changes):
        program = json.loads(json.dumps(unit.program))
        program["items"][0].update(changes)
        return {"data/program.json": _json(program)}

    def reading(**changes):
        program = json.loads(json.dumps(unit.program))
        program["targets"][0]["readings"][0].update(changes)
        return {"data/program.json": _json(program)}

    def session(**changes):
        records = json.loads(json.dumps(unit.records))
        records["session"][0].update(changes)
        return {"data/records.json": _json(records)}

    cases = {
        "progress abc": (item(progress="abc"), "items[0].progress"),
        "progress -500": (item(progress=-500), "items[0].progress"),
        "status bogus": (item(status="bogus"), "items[0].status"),
        "deadline not a date": (item(deadline="mai"), "items[0].deadline"),
        "huge number": (reading(numerator=10**30), "readings[0].numerator"),
        "negative count": (reading(count=-1), "readings[0].count"),
        "held on not a date": (session(held_on="hôm qua"), "session[0].held_on"),
        "membership too large": (session(membership=2**63), "session[0].membership"),
        "unknown field": (session(secret="x"), "session[0]"),
        "unknown person": (session(chair=f"uuid:{uuid.uuid4()}"), "session[0].chair"),
        "people not a list": ({"data/people.json": b'{"uuid": 1}'}, "data/people.json"),
        "person role bogus": ({"data/people.json": _json(
            [{**unit.people[0], "role": "emperor"}])}, "[0].role"),
        "title too long": ({"data/people.json": _json(
            [{**unit.people[0], "full_name": "x" * 5000}])}, "[0].full_name"),
    }
    for case, (changes, field) in cases.items():
        files = {**unit.files(), **changes}
        message = _refused(world, unit.package(_at(2), files=files), field, f"{case}.ctrsub")
        assert "hostile" not in message and f"{case}.ctrsub" in message, case


def test_ratings_that_break_the_partys_rules_together_are_refused_naming_the_record(world):
    """A package's ratings are checked one by one, each against those before it in the
    package (they are stored together at the end): a member rated twice, or more rated
    excellent than the quota allows, is refused as a single save would be."""
    unit = world["A"]

    def ratings(*levels_and_people: tuple[str, int]) -> dict[str, bytes]:
        records = json.loads(json.dumps(unit.records))
        records["rating"] = [{"uuid": str(uuid.uuid4()), "year": 2026, "period": "year",
                              "subject_kind": "member",
                              "person": f"uuid:{unit.people[n]['uuid']}",
                              "subject": unit.people[n]["full_name"], "level": level}
                             for level, n in levels_and_people]
        return {**unit.files(), "data/records.json": _json(records)}

    twice = ratings(("good", 0), ("good", 1), ("complete", 1))
    message = _refused(world, unit.package(_at(2), files=twice), "rating[2]", "twice.ctrsub")
    assert unit.people[1]["full_name"] in message
    # Three rated good or better allow no excellent one (a fifth of them, rounded down);
    # the excellent ones are checked after the others, whatever their place.
    over = ratings(("excellent", 0), ("good", 1), ("good", 2))
    _refused(world, unit.package(_at(2), files=over), "rating[0]", "quota.ctrsub")


def test_a_malformed_manifest_or_signature_is_refused(world):
    unit = world["A"]
    good = unit.package(_at(2))
    with zipfile.ZipFile(io.BytesIO(good)) as package:
        members = {n: package.read(n) for n in package.namelist()}
    cases = {
        "manifest a list": ({**members, "manifest.json": b"[1, 2]"}, "không phải gói báo cáo"),
        "manifest nested": ({**members, "manifest.json": b"[" * 100_000},
                            "không phải gói báo cáo"),
        "signature without signer": ({**members, "manifest.p7s": _cms_without_signer()},
                                     "chữ ký"),
        "signature garbage": ({**members, "manifest.p7s": b"\x30\x03\x02\x01"}, "chữ ký"),
        "two manifests": (None, "hai tệp"),
    }
    for case, (changed, words) in cases.items():
        if changed is None:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as package, pytest.warns(UserWarning):
                for name, data in members.items():
                    package.writestr(name, data)
                package.writestr("manifest.json", members["manifest.json"])
            data = buffer.getvalue()
        else:
            data = _zip(changed)
        _refused(world, data, words, f"{case}.ctrsub")


def _cms_without_signer() -> bytes:
    from asn1crypto import cms

    return cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData({
        "version": "v1", "digest_algorithms": [], "encap_content_info": {
            "content_type": "data"}, "signer_infos": []})}).dump()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_a_many_member_bomb_is_refused_within_a_small_memory_bound(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for n in range(480):
            package.writestr(f"data/{n}.json", b"\0" * MIB)
    bomb = buffer.getvalue()
    assert len(bomb) < MIB  # half a megabyte that would inflate to 480 MiB
    tracemalloc.start()
    try:
        _refused(world, bomb, "zip bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * MIB, peak


def test_a_newer_package_replaces_the_units_period_data_as_a_whole(world):
    parent, unit = world["parent"], world["A"]
    assert import_submission(parent, unit.package(_at(3)), "a1.ctrsub").status == "imported"
    dropped_person, dropped_session = unit.people.pop(), unit.records["session"].pop()
    unit.records["rating"] = [r for r in unit.records["rating"]
                              if r["person"] != f"uuid:{dropped_person['uuid']}"]
    for row in unit.records["session"]:
        row["attendance"] = [a for a in row["attendance"]
                             if a["person"] != f"uuid:{dropped_person['uuid']}"]
    assert import_submission(parent, unit.package(_at(4)), "a2.ctrsub").status \
        == "superseded_older"
    with parent.reading():
        people = {p.uuid for p in Person.select().where(Person.organization
                                                         == world["ids"][A])}
        sessions = {m.uuid for m in Meeting.select().where(Meeting.organization
                                                            == world["ids"][A])}
        history = sorted(s.status for s in Submission.select().where(
            Submission.organization == world["ids"][A]))
    assert people == {p["uuid"] for p in unit.people}  # the dropped member left
    assert sessions == {s["uuid"] for s in unit.records["session"]}
    assert dropped_session["uuid"] not in sessions
    assert history == ["current", "superseded"]  # the older package stays as history
    from ctrdesk.core.exchange.consolidate import consolidate

    data = consolidate(parent, PERIOD)
    assert data.submissions.submitted == 2  # A (current only) and B

    # The unit deleted its ratings and rated its members again (new UUIDs, one level
    # changed): the newer package replaces the older ratings, none is "rated twice".
    unit.records["rating"] = [{**rating, "uuid": str(uuid.uuid4())}
                              for rating in unit.records["rating"]]
    unit.records["rating"][0]["level"] = "complete"
    later = datetime(2026, 7, 4, 15, tzinfo=UTC)
    assert import_submission(parent, unit.package(later), "a3.ctrsub").status \
        == "superseded_older"
    with parent.reading():
        from ctrdesk.core.store.models import Rating

        held = {(r.uuid, r.level) for r in Rating.select().where(
            Rating.organization == world["ids"][A])}
    assert held == {(r["uuid"], r["level"]) for r in unit.records["rating"]}

    # Then it found one of those belonged to the year before, and rated that member for
    # this year again: checked after another of this year's, the moved rating no longer
    # counts for this year.
    other, moved = unit.records["rating"][1], unit.records["rating"][0]
    unit.records["rating"] = [other, {**moved, "year": 2025},
                              {**moved, "uuid": str(uuid.uuid4()), "level": "good"}]
    assert import_submission(parent, unit.package(later + timedelta(hours=1)),
                             "a4.ctrsub").status == "superseded_older"
    with parent.reading():
        held = {(r.uuid, r.year) for r in Rating.select().where(
            Rating.organization == world["ids"][A])}
    assert held == {(r["uuid"], r["year"]) for r in unit.records["rating"]}


def test_a_batch_good_bad_good_imports_both_good_and_reports_each(world, tmp_path):
    parent, unit = world["parent"], world["B"]
    files = []
    for n, package in enumerate((unit.package(_at(5)), b"PK\x03\x04 broken",
                                 unit.package(_at(6)))):
        path = tmp_path / f"{n}.ctrsub"
        path.write_bytes(package)
        files.append(path)
    outcomes = import_files(parent, files)
    assert [o.status for o in outcomes] == ["superseded_older", "refused", "superseded_older"]
    assert "1.ctrsub" in outcomes[1].reason


def test_a_retired_or_revoked_signer_is_refused(world, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    pki, parent, unit = world["pki"], world["parent"], world["A"]
    old_key_file = pki.pkcs12(A, b"o", "a-old.p12")
    enrolled = enroll_certificate(parent, world["ids"][A], _pem(old_key_file, b"o"))
    old = Pkcs12Key(old_key_file, b"o")
    retire_certificate(parent, str(enrolled), _at(7).date())  # key rollover
    _refused(world, unit.package(_at(8), key=old), "đã thôi dùng")
    # A CRL of the authority revokes another enrolled key before the package was made.
    revoked_file = pki.pkcs12(A, b"r", "a-revoked.p12")
    pem = _pem(revoked_file, b"r")
    enroll_certificate(parent, world["ids"][A], pem)
    certificate = x509.load_pem_x509_certificate(pem.read_bytes())
    now = datetime.now(UTC)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(pki.ca_cert.subject)
           .last_update(now - timedelta(days=1)).next_update(now + timedelta(days=30))
           .add_revoked_certificate(x509.RevokedCertificateBuilder()
                                    .serial_number(certificate.serial_number)
                                    .revocation_date(_at(7)).build())
           .sign(pki.ca_key, hashes.SHA256()))
    crl_file = tmp_path / "ca.crl"
    crl_file.write_bytes(crl.public_bytes(serialization.Encoding.DER))
    add_crl(parent, crl_file)
    _refused(world, unit.package(_at(9), key=Pkcs12Key(revoked_file, b"r")), "thu hồi")


def test_names_from_outside_are_shown_with_control_characters_escaped(world):
    forger = Pkcs12Key(world["pki"].pkcs12("Kẻ lạ\nctrdesk: đã nhập", b"f", "forger.p12"),
                       b"f")
    message = _refused(world, world["A"].package(_at(2), key=forger), "chưa được đăng ký")
    assert "\n" not in message and "\\n" in message


def _program_package(world) -> bytes:
    key = Pkcs12Key(world["pki"].pkcs12("Đảng bộ VKSND tối cao", b"p", "top.p12"), b"p")
    return export_program_package(world["parent"], world["program_id"], key)


def test_a_program_package_is_accepted_only_signed_by_a_trusted_signer(world, tmp_path):
    package = _program_package(world)
    unit_ws = open_workspace(tmp_path / "unit.sqlite")
    try:
        with pytest.raises(PackageRefused, match="không tin cậy"):  # no trust yet
            import_program_package(unit_ws, package, "ct.ctrprog")
        add_trust_root(unit_ws, world["pki"].ca_pem)
        with zipfile.ZipFile(io.BytesIO(package)) as files:
            members = {n: files.read(n) for n in files.namelist()}
        program = json.loads(members["program.json"])
        program["items"][0]["text"] = "Nội dung bị sửa"
        forged = {
            "altered": (_zip({**members, "program.json": _json(program)}), "sau khi ký"),
            "unsigned": (_zip({"program.json": members["program.json"],
                               "units.json": members["units.json"]}), "chữ ký số"),
            "bad units": (_zip({**members, "units.json": b"{}"}), "sau khi ký"),
        }
        before = _rows(unit_ws)
        for case, (data, words) in forged.items():
            with pytest.raises(PackageRefused) as caught:
                import_program_package(unit_ws, data, f"{case}.ctrprog")
            assert words in caught.value.message, (case, caught.value.message)
            assert _rows(unit_ws) == before
        result = import_program_package_checked(unit_ws, package, "ct.ctrprog")
        assert result.new and result.issuer == "Đảng bộ VKSND tối cao"
        assert "Đảng bộ VKSND tối cao" in result.signer
    finally:
        unit_ws.close()


def test_a_program_package_bomb_is_refused_within_a_small_memory_bound(world, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("program.json", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(b" " * MIB)
        package.writestr("units.json", b"[]")
    unit_ws = open_workspace(tmp_path / "unit.sqlite")
    try:
        tracemalloc.start()
        try:
            with pytest.raises(PackageRefused, match="zip bomb"):
                import_program_package(unit_ws, buffer.getvalue(), "bomb.ctrprog")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 64 * MIB, peak
    finally:
        unit_ws.close()


def test_the_command_exits_7_never_70_and_reports_every_file(world, tmp_path):
    unit = world["A"]
    batch = [tmp_path / "good.ctrsub"]
    batch[0].write_bytes(unit.package(_at(20)))
    for n, (_case, (member, raw)) in enumerate(sorted(_member_cases(unit).items())):
        path = tmp_path / f"bad-{n:02d}.ctrsub"
        path.write_bytes(unit.package(_at(2), files={**unit.files(), member: raw}))
        batch.append(path)
    program = tmp_path / "bomb.ctrprog"
    program.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    db = str(world["folder"] / "parent.sqlite")
    world["parent"].close()
    try:
        before = open_workspace(db)
        rows = _rows(before)
        before.close()
        result = run_ctrdesk("--db", db, "submission", "import", *map(str, batch[1:]),
                             "--json")
        assert result.returncode == 7, result.stderr
        assert "internal error" not in result.stderr and "lỗi nội bộ" not in result.stderr
        outcomes = json.loads(result.stdout)
        assert [o["status"] for o in outcomes] == ["refused"] * (len(batch) - 1)
        after = open_workspace(db)
        assert _rows(after) == rows
        after.close()
        refused = run_ctrdesk("--db", db, "program", "package", "--file", str(program))
        assert refused.returncode == 7, refused.stderr
        mixed = run_ctrdesk("--db", db, "submission", "import", *map(str, batch[:2]))
        assert mixed.returncode == 7
        assert mixed.stdout.splitlines()[0] == "good.ctrsub: superseded_older"
    finally:
        world["parent"] = open_workspace(db)


def test_a_full_disk_stores_nothing_and_leaves_no_stray_file(world):
    """The workspace's file may not grow (SQLite's page limit stands in for a full disk):
    the import is refused with "not enough disk space", every table is unchanged, and
    the PDF it carried is not left behind in the file store."""
    parent, unit = world["parent"], world["B"]
    report = b"%PDF-1.4\n% bao cao quy II\n" + uuid.uuid4().bytes * 2000 + b"\n%%EOF\n"
    document = f"documents/{uuid.uuid4()}.pdf"
    records = json.loads(json.dumps(unit.records))
    for session in records["session"]:  # long minutes: more pages than the file has free
        session["discussion"] = "Thảo luận về nhiệm vụ trọng tâm. " * 5000
    package = pack({"uuid": unit.uuid, "name": unit.name}, PERIOD, _at(25),
                   {**unit.files(), "data/records.json": _json(records), document: report},
                   [{"file": document, "number": "09-BC/CB", "title": "Báo cáo quý II",
                     "kind": "report", "signed": False}],
                   lambda manifest: sign_detached(manifest, unit.key))
    stored = sorted(p.relative_to(parent.attachments_dir) for p in
                    parent.attachments_dir.rglob("*")) if parent.attachments_dir.exists() \
        else []
    connection = parent.db.connection()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    try:
        message = _refused(world, package, "Không đủ dung lượng đĩa", "full.ctrsub")
    finally:
        connection.execute("PRAGMA max_page_count = 1073741823")
    assert "full.ctrsub" in message or "dung lượng" in message
    after = sorted(p.relative_to(parent.attachments_dir) for p in
                   parent.attachments_dir.rglob("*")) if parent.attachments_dir.exists() \
        else []
    assert after == stored  # no blob, no temporary file
    assert import_submission(parent, package, "again.ctrsub").status == "superseded_older"


def test_a_damaged_workspace_is_refused_when_opened(tmp_path):
    import hashlib

    path = tmp_path / "damaged.sqlite"
    ws = open_workspace(path)
    top = add_organization(ws, "Đảng bộ VKSND tối cao", "party_committee")
    for n in range(200):
        add_organization(ws, f"Chi bộ Phòng {n}", "branch", parent=top)
    ws.close()
    import sqlite3

    connection = sqlite3.connect(path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                              "'organization'").fetchone()[0]
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size:(root - 1) * size + 12] = b"\xee" * 12  # a torn b-tree page
    path.write_bytes(bytes(data))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_ctrdesk("--db", str(path), "org", "list")
    assert result.returncode == 3, (result.returncode, result.stderr)
    assert "bị hỏng" in result.stderr and "lỗi nội bộ" not in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # left untouched


def test_a_package_at_its_size_caps_is_checked_within_a_small_memory_bound(world):
    """Members as large as they may be (the JSON caps, the row caps) are decoded into
    their typed rows within the bound; one byte past a cap is refused before inflating."""
    from ctrdesk.core.exchange.importer import verify_package
    from ctrdesk.core.exchange.schema import MAX_ROWS
    from ctrdesk.core.exchange.zipread import MAX_JSON_BYTES

    unit = world["A"]
    records = {"session": [], "rating": []}
    session = unit.session(0)
    while len(records["session"]) < MAX_ROWS:
        records["session"].append({**session, "uuid": str(uuid.uuid4()),
                                   "discussion": "Thảo luận. " * 60})
    raw = _json(records)
    while len(raw) > MAX_JSON_BYTES:  # as many rows as fit under the cap
        keep = int(len(records["session"]) * MAX_JSON_BYTES / len(raw) * 0.99)
        records["session"] = records["session"][:keep]
        raw = _json(records)
    package = unit.package(_at(2), files={**unit.files(), "data/records.json": raw})
    tracemalloc.start()
    try:
        verified = verify_package(world["parent"], package, "large.ctrsub")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(verified.records["session"]) > 1000
    assert peak < 64 * MIB, peak
    over = {**records, "session": records["session"] + [records["session"][0]] * MAX_ROWS}
    _refused(world, unit.package(_at(2), files={**unit.files(), "data/records.json":
                                                _json(over)}), "zip bomb")
