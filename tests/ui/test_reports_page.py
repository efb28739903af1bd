"""Prepare a report, write its narratives, preview, issue, export, sign and verify it."""

from __future__ import annotations

import pdfplumber
from PySide6.QtCore import Qt

from conftest import issue_in_the_window, issue_report_in_the_window, settle, shown_window
from ctrdesk.core.signing import Pkcs12Key, load_certificates, verify_pdf
from ctrdesk.core.trust import add_trust_root
from pki import make_pki


def test_a_report_from_draft_to_signed_pdf(qtbot, demo_workspace, qsettings, tmp_path):
    from ctrdesk.ui.main_window import MainWindow

    ws = demo_workspace
    window = MainWindow(qsettings, ws)
    qtbot.addWidget(window)
    window.show()
    window.show_page(4)  # Reports
    page = window.reports_page
    page.kind.setCurrentIndex(page.kind.findData("report"))
    page.period.setText("2026-Q2")
    with qtbot.waitSignal(page.preview.rendered, timeout=30000):  # rendered off the UI thread
        page.prepare()
    document_id = page.current_id()
    assert document_id is not None and page.current_id() == max(page.ids)
    assert page.preview.images and "1" in page.preview.page_label.text()
    pages = len(page.preview.images)
    page.preview.go(1)
    assert page.preview.page_label.text().startswith(("Trang 2", "Page 2"))
    width = page.preview.images[0].width()
    with qtbot.waitSignal(page.preview.rendered, timeout=30000):
        page.preview.set_zoom(page.preview.zoom * 1.25)
    assert page.preview.images[0].width() > width
    for key, text in {"situation": "Chi bộ có 7 đảng viên, hoạt động ổn định.",
                      "assessment": "Việc cập nhật tiến độ còn chậm.",
                      "directions": "Hoàn thành các nhiệm vụ còn lại.",
                      "proposals": "Không có."}.items():
        page.narratives[key].setPlainText(text)
    with qtbot.waitSignal(page.preview.rendered, timeout=30000):
        page.save_draft()
    with pdfplumber.open(__import__("io").BytesIO(page.last_pdf)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Việc cập nhật tiến độ còn chậm." in text and "DỰ THẢO" in text
    pki = make_pki(tmp_path / "pki")
    key = pki.pkcs12("Trần Minh Đức", b"mk")
    page.sign(Pkcs12Key(key, b"mk"), tmp_path / "draft.pdf")  # one rule: drafts are not signed
    settle(qtbot, page)
    assert not (tmp_path / "draft.pdf").exists() and "ban hành" in page.status.text()
    from ctrdesk.core.documents.register import list_documents

    before = [d["number"] for d in list_documents(ws) if d["number"]]
    page.issue()
    settle(qtbot, page)
    box = page.property("confirmation")  # asked first, with the number it will take
    button = next(b for b in box.buttons() if "-BC/CB" in b.text())
    promised = next(w for w in button.text().split() if w.endswith("-BC/CB"))
    assert promised in box.text() and promised not in before
    button.click()
    settle(qtbot, page)
    qtbot.waitUntil(lambda: promised in page.status.text())
    number = page.table.item(page.table.currentRow(), 0).text()
    assert number == promised  # the number it said it would take
    assert not page.narratives["assessment"].isEnabled()  # frozen once issued
    page.export(".pdf", str(tmp_path / "bc.pdf"))
    settle(qtbot, page)
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        first = pdf.pages[0].extract_text()
        assert f"Số {number}" in first and len(pdf.pages) >= pages - 1
        assert "Việc cập nhật tiến độ còn chậm." in "\n".join(p.extract_text() for p in pdf.pages)
    page.export(".docx", str(tmp_path / "bc.docx"))
    settle(qtbot, page)
    import docx

    assert any("Việc cập nhật tiến độ còn chậm." in p.text
               for p in docx.Document(str(tmp_path / "bc.docx")).paragraphs)
    page.sign(Pkcs12Key(key, b"sai"), tmp_path / "x.pdf")
    settle(qtbot, page)
    assert not (tmp_path / "x.pdf").exists() and page.status.text()
    page.sign(Pkcs12Key(key, b"mk"), tmp_path / "signed.pdf")
    settle(qtbot, page)
    report = verify_pdf((tmp_path / "signed.pdf").read_bytes(),
                        load_certificates([pki.ca_pem]))
    assert report.ok
    assert page.table.item(page.table.currentRow(), 3).text() == "Đã ban hành, đã ký"
    add_trust_root(ws, pki.ca_pem)
    page.verify_dialog(str(tmp_path / "signed.pdf"))
    settle(qtbot, page)
    dialog = page.verify_result
    assert dialog.report.ok and "Trần Minh Đức" in dialog.findChild(
        object, "signaturesTable").item(0, 0).text()


def test_the_key_dialog_asks_for_what_is_missing_and_never_keeps_the_secret(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from ctrdesk.core.signing import TokenKey
    from ctrdesk.ui.keys import KeyDialog

    dialog = KeyDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible() and dialog.message.text() == "Hãy chọn tệp khóa."
    dialog.form.use_token.setChecked(True)
    for field, value in (("library", "/usr/lib/softhsm/libsofthsm2.so"),
                         ("token_label", "ctrdesk"), ("key_label", "signer"),
                         ("pin", "123456")):
        getattr(dialog.form, field).setText(value)
    ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.form.take_key() == TokenKey("/usr/lib/softhsm/libsofthsm2.so", "ctrdesk",
                                              "signer", "123456")
    assert dialog.form.pin.text() == ""


def test_a_report_is_issued_only_with_its_sections_written_and_carries_them(
        qtbot, demo_workspace, qsettings, tmp_path):
    """The secretary prepares a Q2 report; issuing it empty is refused naming the empty
    sections; once the four sections (and the optional strengths) are typed, it is issued
    and the issued PDF carries every word typed."""
    from ctrdesk.core.documents.register import sections_of
    from ctrdesk.ui.main_window import MainWindow

    window = MainWindow(qsettings, demo_workspace)
    qtbot.addWidget(window)
    window.show()
    window.show_page(3)  # Reports
    page = window.reports_page
    assert {"situation", "assessment", "directions", "proposals", "strengths",
            "shortcomings"} <= set(page.narratives)
    page.kind.setCurrentIndex(page.kind.findData("report"))
    page.period.setText("2026-Q2")
    with qtbot.waitSignal(page.preview.rendered, timeout=30000):
        page.prepare()
    document_id = page.current_id()
    for edit in page.narratives.values():
        edit.setPlainText("")
    page.issue()
    settle(qtbot, page)
    refusal = page.status.text()
    for title in ("Đặc điểm tình hình", "Đánh giá chung", "Phương hướng, nhiệm vụ",
                  "Đề xuất, kiến nghị"):
        assert title in refusal
    assert page.table.item(page.table.currentRow(), 0).text() == "(dự thảo)"

    typed = {"situation": "Chi bộ có 9 đảng viên, sinh hoạt đều đặn.",
             "assessment": "Kết quả quý II cơ bản đạt yêu cầu.",
             "strengths": "Đảng viên gương mẫu trong công tác chuyên môn.",
             "directions": "Tập trung hoàn thành chỉ tiêu 6 tháng cuối năm.",
             "proposals": "Đề nghị Đảng ủy bổ sung tài liệu sinh hoạt chuyên đề."}
    for key, text in typed.items():
        page.narratives[key].setPlainText(text)
    page.save_draft()
    settle(qtbot, page)
    assert sections_of(demo_workspace, document_id)["strengths"] == typed["strengths"]
    issue_in_the_window(qtbot, page)
    page.export(".pdf", str(tmp_path / "bc.pdf"))
    settle(qtbot, page)
    with pdfplumber.open(tmp_path / "bc.pdf") as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    for words in typed.values():
        assert words in text
    assert "Ưu điểm" in text and "(Nội dung do chi ủy soạn thảo.)" not in text


def test_a_certificate_of_somebody_else_is_asked_about_before_signing(qtbot, demo_workspace,
                                                                      qsettings, tmp_path):
    """The block names the secretary Trần Minh Đức; the key chosen is Nguyen Van A's. The
    window says so before signing: "Do not sign" writes nothing, "Sign anyway" signs."""
    from ctrdesk.core.documents.register import list_documents

    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    page = issue_report_in_the_window(qtbot, window)
    document_id = page.current_id()
    pki = make_pki(tmp_path / "pki")
    other = Pkcs12Key(pki.pkcs12("Nguyen Van A", b"mk", "other.p12"), b"mk")

    def signed() -> bool:
        return any(d["id"] == document_id and d.get("signed") for d in list_documents(ws))

    target = tmp_path / "signed.pdf"
    page.setProperty("confirmation", None)  # the issue's question is answered and gone
    page.sign(other, target)
    settle(qtbot, page)
    box = page.property("confirmation")
    assert box is not None, "signed without asking"
    assert box.objectName() == "otherSignerBox" and box.isVisible()
    assert "Nguyen Van A" in box.text() and "Trần Minh Đức" in box.text()
    assert not target.exists() and not signed()  # nothing is signed while it asks
    buttons = {b.text(): b for b in box.buttons()}
    assert set(buttons) == {"Vẫn ký", "Không ký"}
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc: do not sign
    settle(qtbot, page)
    assert not target.exists() and not signed()

    page.sign(other, target)
    settle(qtbot, page)
    box = page.property("confirmation")
    assert box.objectName() == "otherSignerBox"
    next(b for b in box.buttons() if b.text() == "Vẫn ký").click()
    settle(qtbot, page)
    qtbot.waitUntil(lambda: "signed.pdf" in page.status.text())
    report = verify_pdf(target.read_bytes(), load_certificates([pki.ca_pem]))
    assert report.ok and "Nguyen Van A" in report.signatures[0].signer
    assert report.signatures[0].field == "signatory"  # in the block, as confirmed
    assert signed()
