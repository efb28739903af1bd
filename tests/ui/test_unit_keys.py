"""Trust between levels in the window: the received-packages list shows every file's
outcome (a cancelled batch too) with names from outside escaped, and the Units and keys
dialog enrolls a unit's certificate from the enrollment file the unit exports itself,
retires it, and keeps the trusted roots and revocation lists."""

from __future__ import annotations

import datetime as dt
import json
import threading
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from PySide6.QtCore import Qt

from ctrdesk.core.exchange.cms import sign_detached
from ctrdesk.core.exchange.generate import generate
from ctrdesk.core.exchange.program_package import export_program_package, import_program_package
from ctrdesk.core.organizations import list_organizations, set_own_organization
from ctrdesk.core.programs.service import list_programs
from ctrdesk.core.signing import Pkcs12Key
from ctrdesk.core.store import open_workspace
from ctrdesk.core.trust import add_trust_root, enroll_certificate, list_unit_certificates
from pki import make_pki

PERIOD = "2026-Q1"
HOSTILE = "Kẻ giả\nDòng giả <b>Bí thư</b>"


@pytest.fixture
def upper_level(tmp_path):
    made = generate(4, PERIOD, tmp_path / "generated")
    ws = open_workspace(made["parent"])
    yield ws, sorted((tmp_path / "generated").glob("*.ctrsub"))
    ws.close()


def _resigned(package: Path, key: Pkcs12Key, target: Path) -> tuple[Path, str]:
    """The same package with its manifest signed by another key; the unit it names."""
    with zipfile.ZipFile(package) as source:
        members = {n: source.read(n) for n in source.namelist()}
    members["manifest.p7s"] = sign_detached(members["manifest.json"], key)
    with zipfile.ZipFile(target, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return target, json.loads(members["manifest.json"])["unit"]["name"]


def _window(qtbot, qsettings, ws):
    from ctrdesk.ui.main_window import PAGES, MainWindow

    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show_page(PAGES.index("submissions"))
    return window


def test_names_from_outside_are_shown_escaped_never_as_markup(qtbot, qsettings, upper_level,
                                                              tmp_path):
    ws, packages = upper_level
    pki = make_pki(tmp_path / "pki")
    key_file = pki.pkcs12(HOSTILE, b"x", "hostile.p12")
    forged, unit = _resigned(packages[0], Pkcs12Key(key_file, b"x"), tmp_path / "gia.ctrsub")
    received = _window(qtbot, qsettings, ws).submissions_page.received

    received.import_packages([forged])  # a CA this workspace does not trust
    qtbot.waitUntil(lambda: "gia.ctrsub" in received.outcome.toPlainText(), timeout=30000)
    text = received.outcome.toPlainText()
    assert "không tin cậy" in text
    assert "Kẻ giả\\nDòng giả <b>Bí thư</b>" in text  # the newline escaped, the tags as text
    assert "\nDòng giả" not in text and "<b>Bí thư" not in received.outcome.toHtml()

    # Trusted and enrolled, the package is stored; its signer reads the same in the list.
    add_trust_root(ws, pki.ca_pem)
    certificate = tmp_path / "hostile.pem"
    from cryptography.hazmat.primitives.serialization import pkcs12

    _key, cert, _more = pkcs12.load_key_and_certificates(key_file.read_bytes(), b"x")
    certificate.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    enroll_certificate(ws, next(o.id for o in list_organizations(ws) if o.name == unit),
                       certificate)
    received.import_packages([forged])
    qtbot.waitUntil(lambda: received.model.rowCount() == 1, timeout=30000)
    signer = received.model.data(received.model.index(0, 4))
    assert "Kẻ giả\\nDòng giả <b>Bí thư</b>" in signer and "\n" not in signer


def test_a_cancelled_batch_still_says_what_became_of_every_file(qtbot, qsettings,
                                                                upper_level):
    from ctrdesk.ui.operations import operations_of

    ws, packages = upper_level
    received = _window(qtbot, qsettings, ws).submissions_page.received
    busy = threading.Event()
    operations_of(received, ws).run(lambda _p: busy.wait(30))  # the workspace is busy
    task = received.import_packages(packages)
    task.cancel()  # the user cancels before the batch starts
    busy.set()
    qtbot.waitUntil(lambda: "hủy" in received.outcome.toPlainText(), timeout=30000)
    text = received.outcome.toPlainText()
    assert text.startswith("Việc nhập đã bị hủy.")
    for package in packages:
        assert f"{package.name}: chưa nhập, việc nhập đã bị hủy" in text
    assert received.model.rowCount() == 0


def _crl(pki, revoked_serial: int) -> bytes:
    now = dt.datetime.now(dt.UTC)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(pki.ca_cert.subject)
           .last_update(now - dt.timedelta(hours=1)).next_update(now + dt.timedelta(days=7))
           .add_revoked_certificate(x509.RevokedCertificateBuilder()
                                    .serial_number(revoked_serial).revocation_date(now)
                                    .build())
           .sign(pki.ca_key, hashes.SHA256()))
    return crl.public_bytes(serialization.Encoding.PEM)


def test_units_and_keys_enrolls_a_unit_from_its_own_file_and_retires_it(qtbot, qsettings,
                                                                       upper_level, tmp_path):
    ws, _packages = upper_level
    pki = make_pki(tmp_path / "pki")
    window = _window(qtbot, qsettings, ws)
    page = window.submissions_page
    qtbot.mouseClick(page.findChild(object, "unitKeysButton"), Qt.MouseButton.LeftButton)
    dialog = page.unit_keys
    assert dialog.isVisible() and dialog.windowTitle() == "Đơn vị và khóa"
    units = [dialog.unit.itemText(i) for i in range(dialog.unit.count())]
    assert "Chi bộ Phòng 1" in units and "Đảng bộ VKSND tối cao" not in units  # not itself
    dialog.choose_unit("Chi bộ Phòng 1")
    assert dialog.certificates.rowCount() == 1  # enrolled when the units were made

    # The unit's side: it holds the parent's program and exports its enrollment file.
    parent_key = Pkcs12Key(pki.pkcs12("Văn phòng Đảng ủy", b"p", "parent.p12"), b"p")
    [program] = [p for p in list_programs(ws) if p.kind != "unit_program"][:1]
    unit_ws = open_workspace(tmp_path / "unit.sqlite")
    add_trust_root(unit_ws, pki.ca_pem)
    import_program_package(unit_ws, export_program_package(ws, program.id, parent_key))
    set_own_organization(unit_ws, next(o.id for o in list_organizations(unit_ws)
                                       if o.name == "Chi bộ Phòng 1"))
    unit_window = _window(qtbot, qsettings, unit_ws)
    unit_window.unit_keys_action.trigger()  # File → Units and keys…
    own = unit_window.unit_keys_dialog
    enrollment = tmp_path / "dang-ky.json"
    own.export_enrollment(enrollment)
    assert own.status.text() == "Hãy chọn tệp khóa."
    own.key.key_file.setText(str(pki.pkcs12("Chi bộ Phòng 1 (khóa mới)", b"u", "unit.p12")))
    own.key.password.setText("u")
    own.export_enrollment(enrollment)
    qtbot.waitUntil(enrollment.exists, timeout=30000)
    assert own.key.password.text() == ""  # never kept
    assert json.loads(enrollment.read_text())["unit"]["name"] == "Chi bộ Phòng 1"

    # The upper level enrolls it for that unit only.
    dialog.choose_unit("Chi bộ Phòng 2")
    dialog.add_certificate(enrollment)
    qtbot.waitUntil(lambda: "đơn vị khác" in dialog.status.text(), timeout=30000)
    dialog.choose_unit("Chi bộ Phòng 1")
    dialog.add_certificate(enrollment)
    qtbot.waitUntil(lambda: dialog.certificates.rowCount() == 2, timeout=30000)
    holders = [dialog.certificates.data(dialog.certificates.index(r, 0)) for r in range(2)]
    assert any("Chi bộ Phòng 1 (khóa mới)" in h for h in holders)
    new_row = next(r for r, h in enumerate(holders) if "khóa mới" in h)
    issued = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert dialog.certificates.data(dialog.certificates.index(new_row, 1)) == issued
    assert ":" in dialog.certificates.data(dialog.certificates.index(new_row, 3))

    # Key rollover: the certificate is retired from a date typed the Vietnamese way.
    dialog.certificates_table.selectRow(new_row)
    dialog.retire_on.setText("31/12/2026")
    dialog.retire_selected()
    unit_id = dialog.unit.currentData()
    qtbot.waitUntil(lambda: any(c.retired_on == dt.date(2026, 12, 31)
                                for c in list_unit_certificates(ws, unit_id)), timeout=30000)
    qtbot.waitUntil(lambda: "31/12/2026" in [
        dialog.certificates.data(dialog.certificates.index(r, 4)) for r in range(2)],
        timeout=5000)
    dialog.retire_on.setText("31/02/2026")
    dialog.certificates_table.selectRow(0)
    dialog.retire_selected()
    assert "31/02/2026 không phải là một ngày có thật" in dialog.status.text()
    assert [c.retired_on for c in list_unit_certificates(ws, unit_id)].count(None) == 1

    # Trusted authorities and revocation lists.
    dialog.tabs.setCurrentIndex(1)
    assert dialog.roots.rowCount() == 1
    crl = tmp_path / "ds-thu-hoi.crl"
    crl.write_bytes(_crl(pki, 12345))
    dialog.add_crl(crl)  # not yet trusted: refused
    qtbot.waitUntil(lambda: "tin cậy" in dialog.status.text(), timeout=30000)
    assert dialog.crls.rowCount() == 0
    dialog.add_root(pki.ca_pem)
    qtbot.waitUntil(lambda: dialog.roots.rowCount() == 2, timeout=30000)
    dialog.add_crl(crl)
    qtbot.waitUntil(lambda: dialog.crls.rowCount() == 1, timeout=30000)
    assert "CA thử nghiệm ctrdesk" in dialog.crls.data(dialog.crls.index(0, 0))
    unit_ws.close()


def test_units_and_keys_is_offered_to_the_settings_page(qtbot, upper_level):
    from PySide6.QtWidgets import QWidget

    from ctrdesk.ui.dialogs.unit_keys import open_unit_keys

    ws, _packages = upper_level
    host = QWidget()
    qtbot.addWidget(host)
    dialog = open_unit_keys(host, ws)
    assert dialog.isVisible() and dialog.unit.count() == 4
