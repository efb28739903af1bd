"""First-run setup: a fresh workspace says what it lacks; once the committee, its place
name, members and secretary are given, its documents carry them."""

from __future__ import annotations

import json

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.documents.kinds import build
from ctrdesk.core.errors import InvalidInput, ValidationError
from ctrdesk.core.organizations import add_organization, own_organization
from ctrdesk.core.people.members import add_member, get_member
from ctrdesk.core.records.service import save_many
from ctrdesk.core.setup import (
    all_settings,
    default_signer,
    set_committee_position,
    set_settings,
    setup_committee,
    setup_status,
    trust_upper_level,
)
from pki import make_pki


def _missing(ws) -> list[str]:
    return [m.key for m in setup_status(ws).missing if m.required]


def test_a_fresh_workspace_says_what_is_missing_until_it_is_set_up(workspace):
    ws = workspace
    status = setup_status(ws)
    assert not status.ready and status.organization is None
    assert _missing(ws) == ["committee", "place"]
    assert all(m.message for m in status.missing)  # each says what to do
    setup_committee(ws, name="Chi bộ Vụ 14", kind="branch")
    assert _missing(ws) == ["members", "secretary", "abbreviation", "superior_name", "place"]
    setup_committee(ws, organization=own_organization(ws).id, abbreviation="CB",
                    superior_name="Đảng bộ VKSND tối cao", place="Hà Nội",
                    term_start="01/06/2025", term_end="31/05/2030")
    duc = add_member(ws, full_name="Trần Minh Đức")
    assert _missing(ws) == ["secretary"]
    set_committee_position(ws, duc, "secretary")
    status = setup_status(ws)
    assert status.ready and status.members == 1
    assert status.organization.name == "Chi bộ Vụ 14"
    # Advised, not required: the deputy and the upper level's certificate.
    assert {m.key for m in status.missing} == {"deputy_secretary", "trust"}


def test_the_committee_is_chosen_from_the_tree_or_found_by_name(workspace):
    ws = workspace
    top = add_organization(ws, "Đảng bộ VKSND tối cao", "party_committee", abbreviation="ĐU")
    vu14 = add_organization(ws, "Chi bộ Vụ 14", "branch", parent=top)
    assert setup_committee(ws, name="chi bộ vụ 14", parent=top) == vu14  # not a second one
    assert own_organization(ws).id == vu14
    # Under a superior in the tree, its name is the one printed: nothing more to give.
    assert "superior_name" not in _missing(ws)
    with pytest.raises(InvalidInput) as caught:
        setup_committee(ws, name="", kind="club", parent=999)
    assert [p.field for p in caught.value.problems] == ["name", "kind", "parent"]


def test_documents_carry_the_place_names_signer_and_recipients_of_the_setup(workspace):
    ws = workspace
    setup_committee(ws, name="Chi bộ Vụ 14", abbreviation="CB",
                    superior_name="Đảng bộ VKSND tối cao", place="Đà Nẵng")
    duc = add_member(ws, full_name="Trần Minh Đức", role="Bí thư")
    ha = add_member(ws, full_name="Lê Thị Thu Hà", role="Phó Bí thư")
    report = build(ws, "report", period="2026-Q1")
    assert report.place == "Đà Nẵng"  # no longer "Hà Nội" whatever the setup said
    assert report.superior == "Đảng bộ VKSND tối cao"
    assert (report.signature.position, report.signature.name) == ("BÍ THƯ", "Trần Minh Đức")
    assert default_signer(ws, "report") == duc
    set_settings(ws, {"issuer_name": "Chi bộ Vụ Pháp chế và quản lý khoa học",
                      "signer.report": ha,
                      "recipients.report": ["Văn phòng Đảng ủy (để báo cáo)", "Lưu Chi bộ"]})
    report = build(ws, "report", period="2026-Q1")
    assert report.issuer == "Chi bộ Vụ Pháp chế và quản lý khoa học"
    assert (report.signature.position, report.signature.name) == ("PHÓ BÍ THƯ",
                                                                  "Lê Thị Thu Hà")
    assert report.recipients == ["Văn phòng Đảng ủy (để báo cáo)", "Lưu Chi bộ"]


def test_a_new_secretary_takes_over_from_the_previous_one(workspace):
    ws = workspace
    setup_committee(ws, name="Chi bộ Vụ 14")
    old = add_member(ws, full_name="Trần Minh Đức", role="secretary")
    new = add_member(ws, full_name="Lê Thị Thu Hà", role="deputy_secretary")
    set_committee_position(ws, new, "secretary")
    assert get_member(ws, new).role == "secretary"
    assert get_member(ws, old).role == "committee_member"


def test_wrong_settings_are_all_refused_at_once(workspace):
    ws = workspace
    with pytest.raises(InvalidInput) as caught:
        set_settings(ws, {"place": "Hà Nội", "quota.excellent_share": "nhiều",
                          "signer.report": 999})
    assert [p.field for p in caught.value.problems] == [
        "quota.excellent_share", "signer.report"]
    assert "Tỷ lệ tối đa xếp loại xuất sắc" in caught.value.message
    assert all_settings(ws)["place"] == ""  # nothing stored
    with pytest.raises(ValidationError, match="colour"):
        set_settings(ws, {"colour": "đỏ"})


def test_the_term_given_at_setup_numbers_the_documents(workspace):
    from ctrdesk.core.documents.terms import list_terms

    ws = workspace
    with pytest.raises(InvalidInput) as caught:
        setup_committee(ws, name="Chi bộ Vụ 14", place="Hà Nội",
                        term_start="01/06/2030", term_end="31/05/2025")
    assert [p.field for p in caught.value.problems] == ["term_end"]
    assert own_organization(ws) is None and all_settings(ws)["place"] == ""
    unit = setup_committee(ws, name="Chi bộ Vụ 14", term_start="01/06/2025",
                           term_end="31/05/2030")
    assert [(t["start"], t["end"]) for t in list_terms(ws, unit)] == [
        ("2025-06-01", "2030-05-31")]  # one home: the numbering series' terms


def test_the_excellent_quota_is_a_setting(workspace):
    ws = workspace
    setup_committee(ws, name="Chi bộ Vụ 14")
    names = [f"Đảng viên {n}" for n in range(1, 11)]
    for name in names:
        add_member(ws, full_name=name)
    ratings = [{"year": 2025, "person": n, "subject_kind": "member",
                "level": "excellent" if i < 3 else "good"} for i, n in enumerate(names)]
    with pytest.raises(ValidationError, match="tối đa 1 đảng viên"):
        save_many(ws, "rating", ratings)  # 3 of 10 excellent: above 20 %
    set_settings(ws, {"quota.excellent_share": "40%"})
    assert all_settings(ws)["quota.excellent_share"] == 0.4
    save_many(ws, "rating", ratings)


def test_the_upper_levels_certificate_is_trusted(workspace, tmp_path):
    from ctrdesk.core.trust import list_trust_roots

    ws = workspace
    assert "trust" in {m.key for m in setup_status(ws).missing}
    pki = make_pki(tmp_path / "pki", "CA Đảng bộ VKSND tối cao")
    trust_upper_level(ws, pki.ca_pem)
    assert "trust" not in {m.key for m in setup_status(ws).missing}
    assert "CA Đảng bộ VKSND tối cao" in list_trust_roots(ws)[0]["subject"]
    with pytest.raises(ValidationError):
        trust_upper_level(ws, tmp_path / "pki")  # a folder, not a certificate


def test_setup_and_settings_on_the_command_line(tmp_path):
    db = str(tmp_path / "ws.sqlite")
    shown = run_ctrdesk("--db", db, "setup", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["ready"] is False
    done = run_ctrdesk("--db", db, "setup", "committee", "--name", "Chi bộ Vụ 14",
                       "--abbreviation", "CB", "--superior-name", "Đảng bộ VKSND tối cao",
                       "--place", "Hà Nội", "--term-start", "01/06/2025",
                       "--term-end", "31/05/2030")
    assert done.returncode == 0, done.stderr
    added = run_ctrdesk("--db", db, "member", "add", "Trần Minh Đức", "--json")
    member = json.loads(added.stdout)["id"]
    assert run_ctrdesk("--db", db, "setup", "position", str(member), "Bí thư").returncode == 0
    assert json.loads(run_ctrdesk("--db", db, "setup", "show", "--json").stdout)["ready"]
    changed = run_ctrdesk("--db", db, "settings", "set", "place", "Đà Nẵng",
                          "recipients.report", "Đảng ủy (để báo cáo);Lưu Chi bộ")
    assert changed.returncode == 0, changed.stderr
    settings = json.loads(run_ctrdesk("--db", db, "settings", "list", "--json").stdout)
    assert settings["place"] == "Đà Nẵng"
    assert settings["recipients.report"] == ["Đảng ủy (để báo cáo)", "Lưu Chi bộ"]
    refused = run_ctrdesk("--db", db, "setup", "committee", "--name", "Chi bộ Vụ 14",
                          "--term-start", "01/06/2030", "--term-end", "31/02/2031")
    assert refused.returncode == 2 and "31/02/2031" in refused.stderr
