"""Signatures from a PKCS#12 file and a SoftHSM2 token, verified by ctrdesk and by pdfsig."""

from __future__ import annotations

import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import run_ctrdesk
from ctrdesk.core.documents.layout import Document, Para, Signature, render
from ctrdesk.core.signing import (
    Pkcs12Key,
    SigningError,
    TokenKey,
    load_certificates,
    sign_pdf,
    verify_pdf,
)
from pki import have_softhsm, make_pki
from report_sections import SECTIONS

PASSWORD = b"mat-khau-ky-so"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def report_pdf() -> tuple[bytes, object]:
    return render(Document(
        superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14", doc_type="Báo cáo",
        summary="kết quả thực hiện nhiệm vụ quý I năm 2026", place="Hà Nội",
        date=date(2026, 4, 5), number="03-BC/CB",
        body=[Para("Chi bộ đã hoàn thành các nhiệm vụ trọng tâm của quý.")],
        signature=Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức"),
        recipients=["Đảng ủy VKSND tối cao (để báo cáo)", "Lưu Chi bộ"]))


def _pdfsig(pki, data: bytes, folder: Path) -> str:
    path = folder / "checked.pdf"
    path.write_bytes(data)
    nss = pki.folder / "nss"
    if not nss.exists():
        pki.nss_db()
    return subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(path)],
                          capture_output=True, text=True).stdout


def test_pkcs12_signature_is_intact_valid_trusted_here_and_in_pdfsig(pki, report_pdf,
                                                                       tmp_path):
    data, slot = report_pdf
    p12 = pki.pkcs12("Trần Minh Đức", PASSWORD)
    signed = sign_pdf(data, Pkcs12Key(p12, PASSWORD), page=slot.page, box=slot.box)
    report = verify_pdf(signed, load_certificates([pki.ca_pem]))
    assert report.ok
    [signature] = report.signatures
    assert "Trần Minh Đức" in signature.signer and signature.signed_at is not None
    out = _pdfsig(pki, signed, tmp_path)
    assert "Signature is Valid." in out and "Certificate is Trusted." in out
    assert "Trần Minh Đức" in out
    # The visible signature sits in the signature block, between the position and the name.
    import pdfplumber

    with pdfplumber.open(io.BytesIO(signed)) as pdf:
        annots = pdf.pages[slot.page].annots
    widget = next(a for a in annots if a.get("data", {}).get("FT") is not None
                  or "Sig" in str(a.get("data", {})))
    assert widget["x0"] == pytest.approx(slot.box[0], abs=1)


def test_a_changed_byte_fails_both_verifiers(pki, report_pdf, tmp_path):
    data, slot = report_pdf
    p12 = pki.pkcs12("Trần Minh Đức", PASSWORD, "tamper.p12")
    signed = bytearray(sign_pdf(data, Pkcs12Key(p12, PASSWORD), page=slot.page,
                                box=slot.box))
    position = bytes(signed).find(b"Chi b") if b"Chi b" in signed else len(signed) // 3
    signed[len(signed) // 3] ^= 0x01  # one byte inside the signed range
    report = verify_pdf(bytes(signed), load_certificates([pki.ca_pem]))
    assert not report.ok and not report.signatures[0].intact
    out = _pdfsig(pki, bytes(signed), tmp_path)
    assert "Signature is Valid." not in out
    assert position >= 0


def test_an_incremental_update_after_signing_is_a_modification_though_pdfsig_says_valid(
        pki, report_pdf, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data, slot = report_pdf
    p12 = pki.pkcs12("Trần Minh Đức", PASSWORD, "update.p12")
    signed = sign_pdf(data, Pkcs12Key(p12, PASSWORD), page=slot.page, box=slot.box)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Injected"] = generic.TextStringObject("nội dung thêm sau khi ký")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), load_certificates([pki.ca_pem]))
    assert not report.ok and report.signatures[0].modified_after
    assert report.signatures[0].intact and report.signatures[0].valid
    assert "Signature is Valid." in _pdfsig(pki, out.getvalue(), tmp_path)
    path = tmp_path / "updated.pdf"
    path.write_bytes(out.getvalue())
    result = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem), "--json")
    assert result.returncode != 0
    assert json.loads(result.stdout)["signatures"][0]["modified_after_signing"] is True


def test_an_untrusted_signer_and_a_wrong_password(pki, report_pdf, tmp_path):
    data, _slot = report_pdf
    stranger = make_pki(tmp_path / "other", "CA lạ")
    p12 = stranger.pkcs12("Người lạ", PASSWORD)
    signed = sign_pdf(data, Pkcs12Key(p12, PASSWORD))
    report = verify_pdf(signed, load_certificates([pki.ca_pem]))
    assert report.signatures[0].intact and report.signatures[0].valid
    assert not report.signatures[0].trusted and not report.ok
    with pytest.raises(SigningError) as caught:
        sign_pdf(data, Pkcs12Key(p12, b"sai"))
    assert "không đúng" in caught.value.message and "signer.p12" in caught.value.message


@pytest.mark.skipif(not have_softhsm(), reason="SoftHSM2 is installed by .ci/run")
def test_a_token_signature_keeps_the_earlier_one_valid_and_a_wrong_pin_writes_nothing(
        pki, report_pdf, tmp_path):
    data, slot = report_pdf
    p12 = pki.pkcs12("Đỗ Thị Mai", PASSWORD, "drafter.p12")
    first = sign_pdf(data, Pkcs12Key(p12, PASSWORD))  # the drafter's initials
    token = pki.token("Trần Minh Đức")
    second = sign_pdf(first, TokenKey(**token), page=slot.page, box=slot.box)
    report = verify_pdf(second, load_certificates([pki.ca_pem]))
    assert report.ok and len(report.signatures) == 2
    out = _pdfsig(pki, second, tmp_path)
    assert out.count("Signature is Valid.") == 2 and out.count("Certificate is Trusted.") == 2
    with pytest.raises(SigningError) as caught:
        sign_pdf(first, TokenKey(**{**token, "pin": "000000"}))
    assert "PIN" in caught.value.message
    # The CLI takes the PIN from an environment variable and writes nothing on a wrong one.
    source = tmp_path / "in.pdf"
    source.write_bytes(first)
    target = tmp_path / "out.pdf"
    env = {"TOKEN_PIN": "000000", "SOFTHSM2_CONF": os.environ["SOFTHSM2_CONF"]}
    result = run_ctrdesk("sign", str(source), "--out", str(target), "--pkcs11-lib",
                         token["library"], "--token-label", token["token_label"],
                         "--key-label", token["key_label"], "--pin-env", "TOKEN_PIN", env=env)
    assert result.returncode != 0 and "PIN" in result.stderr and not target.exists()
    env["TOKEN_PIN"] = token["pin"]
    result = run_ctrdesk("sign", str(source), "--out", str(target), "--pkcs11-lib",
                         token["library"], "--token-label", token["token_label"],
                         "--key-label", token["key_label"], "--pin-env", "TOKEN_PIN", env=env)
    assert result.returncode == 0, result.stderr
    verified = run_ctrdesk("verify", str(target), "--trust", str(pki.ca_pem))
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.mark.skipif(not have_softhsm(), reason="SoftHSM2 is installed by .ci/run")
def test_a_token_swapped_for_another_with_the_same_label_signs_with_the_new_certificate(
        report_pdf, tmp_path):
    """Tokens from one maker carry the same label. The secretary signs with the old token,
    then, ctrdesk still open, with the new one from another CA: the new certificate signs,
    and the signature chains to the new CA (here and in pdfsig), not to the old one."""
    data, slot = report_pdf
    old_ca, new_ca = make_pki(tmp_path / "old", "CA cũ"), make_pki(tmp_path / "new", "CA mới")
    old_token = old_ca.token("Trần Minh Đức", label="CA-Token")
    first = sign_pdf(data, TokenKey(**old_token), page=slot.page, box=slot.box)
    assert verify_pdf(first, load_certificates([old_ca.ca_pem])).ok
    new_token = new_ca.token("Trần Minh Đức", label="CA-Token")  # the old one is gone
    second = sign_pdf(data, TokenKey(**new_token), page=slot.page, box=slot.box)
    report = verify_pdf(second, load_certificates([new_ca.ca_pem]))
    assert report.ok, report.signatures[0]
    assert not verify_pdf(second, load_certificates([old_ca.ca_pem])).signatures[0].trusted
    out = _pdfsig(new_ca, second, tmp_path)
    assert "Signature is Valid." in out and "Certificate is Trusted." in out


def test_sign_and_verify_commands_with_a_key_file(pki, report_pdf, tmp_path):
    data, _slot = report_pdf
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    p12 = pki.pkcs12("Trần Minh Đức", PASSWORD, "cli.p12")
    target = tmp_path / "signed.pdf"
    bad = run_ctrdesk("sign", str(source), "--out", str(target), "--p12", str(p12),
                      "--password-env", "P12_PASSWORD", env={"P12_PASSWORD": "sai"})
    assert bad.returncode != 0 and not target.exists() and "Traceback" not in bad.stderr
    good = run_ctrdesk("sign", str(source), "--out", str(target), "--p12", str(p12),
                       "--password-env", "P12_PASSWORD",
                       env={"P12_PASSWORD": PASSWORD.decode()})
    assert good.returncode == 0, good.stderr
    verified = run_ctrdesk("verify", str(target), "--trust", str(pki.ca_pem), "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["ok"] is True
    untrusted = run_ctrdesk("verify", str(target))
    assert untrusted.returncode != 0


def test_an_issued_document_is_signed_as_issued_and_kept_signed(pki, report_pdf, tmp_path):
    from ctrdesk.core.documents.register import create_draft, issue, keep_signed
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.store import open_workspace

    db = tmp_path / "demo.sqlite"
    assert run_ctrdesk("--db", str(db), "--demo", "org", "list").returncode == 0
    ws = open_workspace(db)
    draft = create_draft(ws, "report", period="2026-Q1", sections=SECTIONS)
    with pytest.raises(ValidationError):  # a draft is not kept signed
        keep_signed(ws, draft, b"%PDF")
    issue(ws, draft, date(2026, 4, 6))
    foreign, _slot = report_pdf  # signed, but not this document as issued
    with pytest.raises(ValidationError) as caught:
        keep_signed(ws, draft, sign_pdf(foreign, Pkcs12Key(pki.pkcs12("A", PASSWORD),
                                                           PASSWORD)))
    assert "như khi ban hành" in caught.value.message
    ws.close()

    p12 = pki.pkcs12("Trần Minh Đức", PASSWORD, "duc.p12")
    out = tmp_path / "bc-da-ky.pdf"
    signed = run_ctrdesk("--db", str(db), "sign", "--document", str(draft), "--out", str(out),
                         "--p12", str(p12), "--password-env", "KEY_PASSWORD",
                         env={"KEY_PASSWORD": PASSWORD.decode()})
    assert signed.returncode == 0, signed.stderr
    assert verify_pdf(out.read_bytes(), load_certificates([pki.ca_pem])).ok
    listed = json.loads(run_ctrdesk("--db", str(db), "document", "list", "--json").stdout)
    assert next(d for d in listed if d["id"] == draft)["signed"] is True
    ws = open_workspace(db)
    from ctrdesk.core.attachments import _blob_path
    from ctrdesk.core.store.models import Document as DocumentRow

    with ws.reading():
        row = DocumentRow.get_by_id(draft)
    issued = _blob_path(ws, row.pdf_sha256).read_bytes()
    assert out.read_bytes().startswith(issued)  # the issued bytes, with a signature added
    assert _blob_path(ws, row.signed_sha256).read_bytes() == out.read_bytes()
    ws.close()
