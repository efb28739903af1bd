"""Signatures that match the signatory: each in its own visible block with the Vietnamese
stamp, a certificate of somebody else refused unless allowed, drafts and unusable
certificates refused, and verification that names what was added after signing."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from conftest import run_ctrdesk
from ctrdesk.core.signing import (
    Pkcs12Key,
    SigningError,
    load_certificates,
    same_person,
    sign_pdf,
    verify_pdf,
)
from docutil import stamp_text
from pki import _name, make_pki
from report_sections import SECTIONS

PASSWORD = "mat-khau-ky-so"
STAMP_TIME = r"Thời gian ký: \d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} \+07:00"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def _p12(pki, common: str, name: str, *, days: tuple[int, int] = (-1, 365),
         signing: bool = True) -> Path:
    """A key file for ``common``, valid from/until the given days from now, with or
    without the digital-signature key usage."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common))
            .issuer_name(pki.ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=days[0]))
            .not_valid_after(now + dt.timedelta(days=days[1]))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(x509.KeyUsage(signing, signing, not signing, False, False, False,
                                         False, False, False), True)
            .sign(pki.ca_key, hashes.SHA256()))
    path = pki.folder / name
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        common.encode(), key, cert, [pki.ca_cert],
        serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


def _sign(db: Path, document: int, p12: Path, out: Path, *extra: str):
    return run_ctrdesk("--db", str(db), "sign", "--document", str(document), "--out",
                       str(out), "--p12", str(p12), "--password-env", "KEY_PASSWORD", *extra,
                       env={"KEY_PASSWORD": PASSWORD})


def _issue(tmp_path: Path, kind: str, *options: str) -> tuple[Path, int]:
    db = tmp_path / "demo.sqlite"
    if not db.exists():
        assert run_ctrdesk("--db", str(db), "--demo", "org", "list").returncode == 0
    if kind == "report":  # a report is issued with the committee's own words
        sections = tmp_path / "sections.json"
        sections.write_text(json.dumps(SECTIONS, ensure_ascii=False), encoding="utf-8")
        options = (*options, "--sections", str(sections))
    issued = run_ctrdesk("--db", str(db), "document", "issue", kind, *options, "--out",
                         str(tmp_path / f"{kind}.pdf"), "--date", "2026-04-06", "--json")
    assert issued.returncode == 0, issued.stderr
    return db, json.loads(issued.stdout)["id"]


def _widgets(data: bytes) -> dict[str, tuple[float, ...]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    found = {}
    for page in reader.root["/Pages"]["/Kids"]:
        for annot in page.get_object().get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig" or "/T" in annot:
                found[str(annot["/T"])] = tuple(float(v) for v in annot["/Rect"])
    return found


def _pdfsig(pki, data: bytes, folder: Path) -> str:
    path = folder / "checked.pdf"
    path.write_bytes(data)
    nss = pki.folder / "nss"
    if not nss.exists():
        pki.nss_db()
    return subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(path)],
                          capture_output=True, text=True).stdout


def test_the_certificate_holder_is_compared_with_the_signatory(pki, tmp_path):
    from ctrdesk.core.documents.register import signatory_check
    from ctrdesk.core.store import open_workspace

    assert same_person("TRAN MINH DUC", "Trần Minh Đức")
    assert same_person("Trần Minh Đức", "Trần Minh Đức")
    assert not same_person("Nguyen Van A", "Trần Minh Đức")
    db, report = _issue(tmp_path, "report", "--period", "2026-Q1")
    ws = open_workspace(db)
    warning = signatory_check(ws, report, "Nguyen Van A")  # what the GUI shows
    assert warning and "Nguyen Van A" in warning and "Trần Minh Đức" in warning
    assert signatory_check(ws, report, "TRAN MINH DUC") is None
    ws.close()
    other = _p12(pki, "Nguyen Van A", "other.p12")
    out = tmp_path / "signed.pdf"
    refused = _sign(db, report, other, out)
    assert refused.returncode != 0 and not out.exists()
    assert "Nguyen Van A" in refused.stderr and "Trần Minh Đức" in refused.stderr
    assert "--allow-other-signer" in refused.stderr and "Traceback" not in refused.stderr
    allowed = _sign(db, report, other, out, "--allow-other-signer")
    assert allowed.returncode == 0, allowed.stderr
    assert verify_pdf(out.read_bytes(), load_certificates([pki.ca_pem])).ok


def test_a_draft_is_not_signed(pki, tmp_path):
    draft = tmp_path / "draft.pdf"
    rendered = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "--demo", "document",
                           "render", "report", "--period", "2026-Q1", "--out", str(draft))
    assert rendered.returncode == 0, rendered.stderr
    p12 = _p12(pki, "Trần Minh Đức", "duc.p12")
    with pytest.raises(SigningError) as caught:
        sign_pdf(draft.read_bytes(), Pkcs12Key(p12, PASSWORD.encode()))
    assert "DỰ THẢO" in caught.value.message
    out = tmp_path / "signed.pdf"
    result = run_ctrdesk("sign", str(draft), "--out", str(out), "--p12", str(p12),
                         "--password-env", "KEY_PASSWORD", env={"KEY_PASSWORD": PASSWORD})
    assert result.returncode != 0 and not out.exists() and "DỰ THẢO" in result.stderr


def test_the_chair_and_the_secretary_sign_minutes_each_visibly_in_their_block(pki, tmp_path):
    db, minutes = _issue(tmp_path, "minutes", "--record", "1")
    chair = _p12(pki, "Trần Minh Đức", "chair.p12")
    secretary = _p12(pki, "Vũ Đình Phong", "secretary.p12")
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    assert _sign(db, minutes, chair, first).returncode == 0
    result = _sign(db, minutes, secretary, second)
    assert result.returncode == 0, result.stderr
    data = second.read_bytes()
    report = verify_pdf(data, load_certificates([pki.ca_pem]))
    assert report.ok and len(report.signatures) == 2
    out = _pdfsig(pki, data, tmp_path)
    assert out.count("Signature is Valid.") == 2 and out.count("Certificate is Trusted.") == 2
    widgets = _widgets(data)
    signatory, recorder = widgets["signatory"], widgets["recorder"]
    for box in (signatory, recorder):  # both visible
        assert box[2] - box[0] > 100 and box[3] - box[1] > 50
    assert recorder[2] <= signatory[0] + 1  # the secretary on the left, the chair right
    text = stamp_text(data)
    assert "Người ký: Trần Minh Đức" in text and "Người ký: Vũ Đình Phong" in text
    assert text.count("Cơ quan: Chi bộ Vụ 14") == 2
    assert len(re.findall(STAMP_TIME, text)) == 2
    assert "UTC" not in text
    again = _sign(db, minutes, chair, tmp_path / "three.pdf")
    assert again.returncode != 0 and "đã được ký" in again.stderr


def test_a_drafters_initials_are_small_and_visible_at_the_end(pki, tmp_path):
    db, report = _issue(tmp_path, "report", "--period", "2026-Q1")
    drafter = _p12(pki, "Đỗ Thị Mai", "drafter.p12")
    out = tmp_path / "initialled.pdf"
    result = _sign(db, report, drafter, out, "--block", "initials")
    assert result.returncode == 0, result.stderr
    secretary = _p12(pki, "Trần Minh Đức", "duc2.p12")
    signed = tmp_path / "signed.pdf"
    assert _sign(db, report, secretary, signed).returncode == 0
    data = signed.read_bytes()
    assert verify_pdf(data, load_certificates([pki.ca_pem])).ok
    widgets = _widgets(data)
    initials = next(box for name, box in widgets.items() if name.startswith("initials"))
    block = widgets["signatory"]
    assert initials[2] - initials[0] < block[2] - block[0]
    assert initials[3] - initials[1] < 40 and initials[2] <= block[0] + 1
    assert "Người ký: Đỗ Thị Mai" in stamp_text(data)


@pytest.mark.parametrize(("days", "signing", "words"), [
    ((-400, -10), True, "hết hạn"), ((5, 400), True, "chưa có hiệu lực"),
    ((-1, 365), False, "không dùng để ký số")])
def test_an_unusable_certificate_is_refused_with_a_clear_message(pki, tmp_path, days,
                                                                  signing, words):
    from ctrdesk.core.documents.layout import Document, Para, Signature, render

    data, slot = render(Document(
        superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14", doc_type="Báo cáo",
        summary="kết quả", place="Hà Nội", date=dt.date(2026, 4, 5), number="03-BC/CB",
        body=[Para("Nội dung.")], signature=Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức")))
    p12 = _p12(pki, "Trần Minh Đức", f"bad-{days[0]}-{signing}.p12", days=days,
               signing=signing)
    with pytest.raises(SigningError) as caught:
        sign_pdf(data, Pkcs12Key(p12, PASSWORD.encode()), page=slot.page, box=slot.box)
    assert words in caught.value.message and "Trần Minh Đức" in caught.value.message
    source, out = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    result = run_ctrdesk("sign", str(source), "--out", str(out), "--p12", str(p12),
                         "--password-env", "KEY_PASSWORD", env={"KEY_PASSWORD": PASSWORD})
    assert result.returncode == 6 and words in result.stderr and not out.exists()
    assert "Traceback" not in result.stderr


def _signed_report(pki, tmp_path) -> tuple[bytes, Path]:
    from ctrdesk.core.documents.layout import Document, Para, Signature, render

    data, slot = render(Document(
        superior="Đảng bộ VKSND tối cao", issuer="Chi bộ Vụ 14", doc_type="Báo cáo",
        summary="kết quả", place="Hà Nội", date=dt.date(2026, 4, 5), number="03-BC/CB",
        body=[Para("Nội dung.")], signature=Signature("T/M CHI BỘ", "BÍ THƯ", "Trần Minh Đức")))
    p12 = _p12(pki, "Trần Minh Đức", "verify.p12")
    signed = sign_pdf(data, Pkcs12Key(p12, PASSWORD.encode()), page=slot.page, box=slot.box)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    return signed, path


def test_verify_speaks_the_users_language_and_a_changed_byte_is_never_valid(pki, tmp_path):
    signed, path = _signed_report(pki, tmp_path)
    vi = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem), env={"CTRDESK_LANG": "vi"})
    assert vi.returncode == 0, vi.stdout + vi.stderr
    assert "toàn vẹn: có" in vi.stdout and "True" not in vi.stdout
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} \+07:00", vi.stdout)
    en = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem), env={"CTRDESK_LANG": "en"})
    assert "intact: yes" in en.stdout and "True" not in en.stdout
    tampered = bytearray(signed)
    tampered[len(tampered) // 3] ^= 0x01
    path.write_bytes(bytes(tampered))
    result = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem), "--json")
    assert result.returncode != 0
    verdict = json.loads(result.stdout)
    assert verdict["valid"] is False and verdict["ok"] is False
    assert verdict["signatures"][0]["intact"] is False
    assert verdict["signatures"][0]["valid"] is False


def test_an_unsigned_signature_field_with_an_appearance_added_after_signing_is_reported(
        pki, tmp_path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    signed, path = _signed_report(pki, tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    fields.append_signature_field(writer, fields.SigFieldSpec(
        sig_field_name="ChuKyGia", on_page=0, box=(100, 100, 300, 200),
        empty_field_appearance=True))
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    assert "Signature is Valid." in _pdfsig(pki, out.getvalue(), tmp_path)  # not enough
    report = verify_pdf(out.getvalue(), load_certificates([pki.ca_pem]))
    assert not report.ok and report.signatures[0].modified_after
    result = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem))
    assert result.returncode != 0
    assert "ChuKyGia" in result.stdout and "sau khi ký" in result.stdout
    as_json = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem), "--json")
    signature = json.loads(as_json.stdout)["signatures"][0]
    assert signature["modified_after_signing"] is True
    assert "ChuKyGia" in signature["change_after_signing"]


def test_an_annotation_added_after_signing_is_reported(pki, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed, path = _signed_report(pki, tmp_path)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    annotation = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.FloatObject(v) for v in (50, 50, 250, 100)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Đã sửa số liệu"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g")}))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Annots"] = generic.ArrayObject([*page.get("/Annots", []), annotation])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    result = run_ctrdesk("verify", str(path), "--trust", str(pki.ca_pem))
    assert result.returncode != 0 and "sau khi ký" in result.stdout


def _png(color: tuple[int, int, int], size: tuple[int, int], circle: bool) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if circle:
        draw.ellipse([4, 4, size[0] - 4, size[1] - 4], outline=(*color, 255), width=12)
    else:
        draw.line([(8, size[1] - 10), (size[0] // 3, 10), (size[0] // 2, size[1] - 20),
                   (size[0] - 8, 12)], fill=(*color, 255), width=10)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_the_signature_and_seal_images_chosen_once_are_drawn_in_the_block(pki, tmp_path):
    from PIL import Image

    db, report = _issue(tmp_path, "report", "--period", "2026-Q1")
    signature, seal = tmp_path / "chu-ky.png", tmp_path / "con-dau.png"
    signature.write_bytes(_png((20, 40, 200), (300, 120), circle=False))
    seal.write_bytes(_png((220, 20, 20), (200, 200), circle=True))
    bad = run_ctrdesk("--db", str(db), "document", "stamp-images", "--seal",
                      str(tmp_path / "demo.sqlite"))
    assert bad.returncode == 2 and "PNG" in bad.stderr
    chosen = run_ctrdesk("--db", str(db), "document", "stamp-images", "--signature",
                         str(signature), "--seal", str(seal))
    assert chosen.returncode == 0, chosen.stderr
    out = tmp_path / "signed.pdf"
    assert _sign(db, report, _p12(pki, "Trần Minh Đức", "img.p12"), out).returncode == 0
    data = out.read_bytes()
    assert verify_pdf(data, load_certificates([pki.ca_pem])).ok
    x1, y1, x2, y2 = _widgets(data)["signatory"]
    from pyhanko.pdf_utils.reader import PdfFileReader

    pages = len(PdfFileReader(io.BytesIO(data)).root["/Pages"]["/Kids"])
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", str(pages), "-l", str(pages),
                    "-singlefile", str(out), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("RGB")
    height = image.size[1]
    box = image.crop((int(x1), int(height - y2), int(x2), int(height - y1)))
    raw = box.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    blue = sum(1 for r, g, b in pixels if b > 150 and r < 100)
    red = sum(1 for r, g, b in pixels if r > 150 and g < 100 and b < 100)
    assert blue > 50 and red > 50
    assert "Người ký: Trần Minh Đức" in stamp_text(data)


def test_the_issuing_bodys_certificate_signs_in_a_stamp_at_the_top_right(pki, tmp_path):
    db, report = _issue(tmp_path, "report", "--period", "2026-Q1")
    body = _p12(pki, "Chi bộ Vụ 14", "body.p12")
    stamped = tmp_path / "stamped.pdf"
    result = _sign(db, report, body, stamped)  # not a person: no --allow-other-signer
    assert result.returncode == 0, result.stderr
    signed = tmp_path / "signed.pdf"
    assert _sign(db, report, _p12(pki, "Trần Minh Đức", "duc3.p12"), signed).returncode == 0
    data = signed.read_bytes()
    assert verify_pdf(data, load_certificates([pki.ca_pem])).ok
    x1, y1, _x2, y2 = _widgets(data)["body"]
    assert x1 > 595 / 2 and y2 > 842 - 40 and y2 - y1 < 60  # small, top right of page 1
    assert "Người ký: Chi bộ Vụ 14" in stamp_text(data)
