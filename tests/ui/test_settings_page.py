"""The committee's settings are kept in the window: place name, printed names, signer and
recipients per kind of document, quotas, terms, certificates, the backups folder."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding

from conftest import shown_window
from ctrdesk.core.documents.terms import list_terms
from ctrdesk.core.organizations import add_organization
from ctrdesk.core.people.members import add_member
from ctrdesk.core.security.backup import backup_folder
from ctrdesk.core.setup import all_settings, default_recipients, default_signer, setup_committee
from ctrdesk.core.trust import list_trust_roots, list_unit_certificates
from ctrdesk.ui.main_window import PAGES
from pki import make_pki


def test_the_secretary_changes_the_settings_in_the_window(qtbot, workspace, qsettings,
                                                          tmp_path):
    ws = workspace
    top = add_organization(ws, "Đảng bộ VKSND tối cao", "party_committee", abbreviation="ĐU")
    own = setup_committee(ws, name="Chi bộ Vụ 14", kind="branch", parent=top)
    cuc2 = add_organization(ws, "Chi bộ Cục 2", "branch", parent=top)
    hoa = add_member(ws, full_name="Lê Thị Hoa")
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(PAGES.index("settings"))
    page = window.settings_page
    fields = page.committee.fields
    fields["place"].setText("Hà Nội")
    fields["quota.excellent_share"].setText("nhiều")  # not a share: refused, nothing stored
    fields["signer.report"].setCurrentIndex(fields["signer.report"].findData(hoa))
    fields["recipients.report"].setPlainText("Đảng ủy VKSND tối cao\nLưu VP")
    page.committee.save_button.click()
    qtbot.waitUntil(page.committee.errors.isVisible, timeout=10000)
    assert "nhiều" in page.committee.errors.text()
    assert all_settings(ws)["place"] == ""
    fields["quota.excellent_share"].setText("15 %")
    page.committee.save_button.click()
    qtbot.waitUntil(lambda: all_settings(ws)["place"] == "Hà Nội", timeout=10000)
    settings = all_settings(ws)
    assert settings["quota.excellent_share"] == 0.15
    assert default_signer(ws, "report") == hoa
    assert default_recipients(ws, "report") == ["Đảng ủy VKSND tối cao", "Lưu VP"]

    # The term is the committee's numbering term (one home, with the wizard's).
    terms = page.terms_backups
    terms.term_start.setText("01/06/2025")
    terms.term_end.setText("31/05/2030")
    terms.add_term()
    qtbot.waitUntil(lambda: terms.terms.count() == 1, timeout=10000)
    assert list_terms(ws, own)[0]["start"] == "2025-06-01"
    terms.set_folder(str(tmp_path / "usb"))
    qtbot.waitUntil(lambda: terms.folder.text() != "", timeout=10000)
    assert backup_folder(ws) == tmp_path / "usb"

    pki = make_pki(tmp_path / "pki", "CA Đảng bộ VKSND tối cao")
    certs = page.certificates
    certs.add_root(pki.ca_pem)
    qtbot.waitUntil(lambda: certs.roots.count() == 1, timeout=10000)
    assert "CA Đảng bộ VKSND tối cao" in list_trust_roots(ws)[0]["subject"]
    _key, cert = pki.signer("Bí thư Chi bộ Cục 2")
    cert_path = tmp_path / "cuc2.pem"
    cert_path.write_bytes(cert.public_bytes(Encoding.PEM))
    certs.enroll(cuc2, cert_path)
    qtbot.waitUntil(lambda: certs.enrolled.count() == 1, timeout=10000)
    assert list_unit_certificates(ws)[0].unit == "Chi bộ Cục 2"
    certs.enrolled.setCurrentRow(0)
    certs.retire_selected()
    qtbot.waitUntil(lambda: list_unit_certificates(ws)[0].retired_on is not None,
                    timeout=10000)
