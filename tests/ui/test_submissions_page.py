"""The upper level's Submissions page: import the units' packages, see the consolidation
with its charts, drill down to a unit, write the consolidated report; and a unit's
signed package made from the same page."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest

from ctrdesk.core.exchange.consolidate import consolidate
from ctrdesk.core.exchange.generate import generate
from ctrdesk.core.store import open_workspace
from pki import make_pki

PERIOD = "2026-Q1"


@pytest.fixture
def upper_level(tmp_path):
    made = generate(16, PERIOD, tmp_path / "generated")
    assert made["missing"] and made["late"]
    ws = open_workspace(made["parent"])
    yield ws, sorted((tmp_path / "generated").glob("*.ctrsub")), made
    ws.close()


def _colours(image) -> set[tuple[int, int, int]]:
    return {image.pixelColor(x, y).getRgb()[:3] for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)}


def test_the_upper_level_imports_consolidates_and_drills_down(qtbot, qsettings, upper_level,
                                                              tmp_path):
    from ctrdesk.ui.main_window import PAGES, MainWindow
    from ctrdesk.ui.widgets.charts import ATTAINED, NOT_ATTAINED

    ws, packages, _made = upper_level
    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGES.index("submissions"))
    page = window.submissions_page
    bad = tmp_path / "hong.ctrsub"
    bad.write_bytes(b"PK\x03\x04 not a package")
    page.import_packages([*packages, bad])
    received = page.received
    qtbot.waitUntil(lambda: received.model.rowCount() == len(packages), timeout=30000)
    qtbot.waitUntil(lambda: "hong.ctrsub" in received.outcome.toPlainText(), timeout=5000)
    outcome = received.outcome.toPlainText()
    assert f"Đã lưu {len(packages)} trên {len(packages) + 1} gói, từ chối 1 gói." in outcome
    assert "Từ chối hong.ctrsub" in outcome
    assert {received.model.row_at(r).status for r in range(received.model.rowCount())} \
        == {"current"}

    dashboard = page.dashboard
    dashboard.period.setText(PERIOD)
    dashboard.consolidate()
    qtbot.waitUntil(lambda: dashboard.data is not None, timeout=30000)
    expected = consolidate(ws, PERIOD)
    s = expected.submissions
    assert f"{s.submitted} trên {s.units}" in dashboard.summary.text()
    assert dashboard.units.rowCount() == s.units == 16
    assert dashboard.attainment.targets == expected.targets

    # The attainment chart shows a green bar for an attained target, a red one for a
    # target not attained; the timeline draws the packages received.
    dashboard.attainment.resize(700, 40 + 26 * len(expected.targets))
    colours = _colours(dashboard.attainment.grab().toImage())
    verdicts = {t.attained for t in expected.targets}
    assert (ATTAINED.getRgb()[:3] in colours) == (True in verdicts)
    assert (NOT_ATTAINED.getRgb()[:3] in colours) == (False in verdicts)
    dashboard.timeline.resize(700, 200)
    assert dashboard.timeline.days[-1][1] == s.submitted
    assert ATTAINED.getRgb()[:3] in _colours(dashboard.timeline.grab().toImage())

    # Drill down: a unit that has not submitted, then one that has.
    rows = [dashboard.units.row_at(r) for r in range(dashboard.units.rowCount())]
    missing = next(n for n, u in enumerate(rows) if not u.submission.submitted)
    dashboard.units_table.selectRow(missing)
    assert rows[missing].submission.unit in dashboard.detail.toPlainText()
    assert "Chưa nhận gói" in dashboard.detail.toPlainText()
    submitted = next(n for n, u in enumerate(rows) if u.submission.submitted)
    dashboard.units_table.selectRow(submitted)
    detail = dashboard.detail.toPlainText()
    assert rows[submitted].submission.unit in detail and "Chỉ tiêu" in detail
    assert "%: " not in detail and "%" in detail  # percentages read as percentages

    report = tmp_path / "bao-cao-tong-hop.pdf"
    dashboard.export_report(report)
    qtbot.waitUntil(report.exists, timeout=30000)
    text = subprocess.run(["pdftotext", str(report), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO" in text and f"{s.submitted}/{s.units}" in text


def test_a_unit_makes_its_signed_package_from_the_page(qtbot, qsettings, demo_workspace,
                                                       tmp_path):
    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(qsettings, demo_workspace)
    qtbot.addWidget(window)
    send = window.submissions_page.send
    pki = make_pki(tmp_path / "pki")
    key = pki.pkcs12("Bí thư chi bộ", b"mk")
    target = tmp_path / "quy2.ctrsub"
    send.period.setText("2026-Q2")
    send.target.setText(str(target))
    send.create_package()
    assert send.status.text() == "Hãy chọn tệp khóa."
    send.key.key_file.setText(str(key))
    send.key.password.setText("sai")
    send.create_package()
    qtbot.waitUntil(lambda: "mật khẩu" in send.status.text().lower(), timeout=30000)
    assert not target.exists()
    assert send.key.password.text() == ""  # never kept
    send.key.password.setText("mk")
    send.create_package()
    qtbot.waitUntil(target.exists, timeout=30000)
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as package:
        manifest = json.loads(package.read("manifest.json"))
        assert manifest["period"] == "2026-Q2" and "manifest.p7s" in package.namelist()
        records = json.loads(package.read("data/records.json"))
    assert any(records.values())


def test_a_program_goes_down_as_a_package_and_is_stored_exactly(qtbot, qsettings,
                                                                 upper_level, tmp_path):
    from ctrdesk.core.programs.service import list_programs, load_program
    from ctrdesk.core.trust import add_trust_root
    from ctrdesk.ui.main_window import MainWindow

    parent_ws, _packages, _made = upper_level
    parent = MainWindow(qsettings, parent_ws)
    qtbot.addWidget(parent)
    [program] = [p for p in list_programs(parent_ws) if p.kind != "unit_program"][:1]
    view = parent.programs_page.open_program(program.id)
    package = tmp_path / "chuong-trinh.ctrprog"
    # The package is signed with the issuing level's key, asked for as for any signing.
    pki = make_pki(tmp_path / "pki")
    key_file = pki.pkcs12("Văn phòng Đảng ủy", b"dk", "parent.p12")
    assert view.export_package(package)
    dialog = view.property("keyDialog")
    assert dialog.isVisible()
    dialog.form.key_file.setText(str(key_file))
    dialog.form.password.setText("dk")
    dialog.accept()
    qtbot.waitUntil(package.exists, timeout=30000)
    with zipfile.ZipFile(package) as made:
        assert {"manifest.json", "manifest.p7s"} <= set(made.namelist())

    # A unit that does not trust the issuing level refuses it; once it trusts the
    # parent's root it stores the program exactly and says who issued and signed it.
    unit_ws = open_workspace(tmp_path / "unit.sqlite")
    unit = MainWindow(qsettings, unit_ws)
    qtbot.addWidget(unit)
    unit.import_program_file(package)
    qtbot.waitUntil(lambda: unit.findChild(object, "errorBox") is not None, timeout=30000)
    assert "không tin cậy" in unit.findChild(object, "errorBox").text()
    assert list_programs(unit_ws) == []
    unit.findChild(object, "errorBox").close()
    qtbot.waitUntil(lambda: unit.findChild(object, "errorBox") is None, timeout=5000)
    add_trust_root(unit_ws, pki.ca_pem)
    unit.import_program_file(package)
    qtbot.waitUntil(lambda: unit.programs_page.model.rowCount() == 1, timeout=30000)
    # The list hears of the new program as it is stored; the box follows when done.
    qtbot.waitUntil(lambda: unit.program_issued_box is not None, timeout=30000)
    issued = unit.program_issued_box.text()
    assert "Đảng bộ VKSND tối cao" in issued and "Văn phòng Đảng ủy" in issued
    [stored] = list_programs(unit_ws)
    assert (stored.number, stored.item_count) == (program.number, program.item_count)
    original = [(i.number, i.text) for i in load_program(parent_ws, program.id).items]
    assert [(i.number, i.text) for i in load_program(unit_ws, stored.id).items] == original
    broken = tmp_path / "hong.ctrprog"
    broken.write_bytes(b"not a zip")
    unit.import_program_file(broken)
    qtbot.waitUntil(lambda: unit.findChild(object, "errorBox") is not None, timeout=30000)
    assert "từ chối hong.ctrprog" in unit.findChild(object, "errorBox").text().lower()
    assert len(list_programs(unit_ws)) == 1
    unit_ws.close()


@pytest.mark.skipif(not __import__("pki").have_softhsm(), reason="SoftHSM2 is not installed")
def test_a_unit_signs_its_package_with_a_token_from_the_page(qtbot, qsettings, demo_workspace,
                                                             tmp_path):
    from ctrdesk.core.exchange.cms import verify_detached
    from ctrdesk.core.signing import load_certificates
    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(qsettings, demo_workspace)
    qtbot.addWidget(window)
    send = window.submissions_page.send
    pki = make_pki(tmp_path / "pki")
    token = pki.token("Bí thư chi bộ (token)", label="gui-send")  # a label of its own
    target = tmp_path / "token.ctrsub"
    send.period.setText("2026-Q2")
    send.target.setText(str(target))
    send.key.use_token.setChecked(True)
    send.key.library.setText(token["library"])
    send.key.token_label.setText(token["token_label"])
    send.create_package()
    assert "nhãn khóa" in send.status.text()  # the key label is missing
    send.key.key_label.setText(token["key_label"])
    send.key.pin.setText(token["pin"])
    send.create_package()
    qtbot.waitUntil(target.exists, timeout=30000)
    assert send.key.pin.text() == ""
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as package:
        check = verify_detached(package.read("manifest.json"), package.read("manifest.p7s"),
                                load_certificates([pki.ca_pem]))
    assert check.ok and "Bí thư chi bộ (token)" in check.signer
