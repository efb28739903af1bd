"""The committee's seal in the visible signature is drawn at its real size: measured on the
signed page as printed (rendered by poppler at a known resolution), in millimetres."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from ctrdesk.core.documents.register import create_draft, issue, set_stamp_image, sign_issued
from ctrdesk.core.signing import Pkcs12Key, load_certificates, verify_pdf
from ctrdesk.core.stamp import SEAL_DIAMETER_MM
from pki import make_pki
from report_sections import SECTIONS

PASSWORD = b"mat-khau-ky-so"
DPI = 200  # the page is rendered at this resolution to be measured
MM = 72 / 25.4


def _seal_png(pixels: int, dpi: int | None = None) -> bytes:
    """A red ring touching the image's edges, transparent around and inside."""
    image = Image.new("RGBA", (pixels, pixels), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse([0, 0, pixels - 1, pixels - 1], outline=(220, 20, 20, 255),
                                  width=max(pixels // 20, 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return buffer.getvalue()


def _signature_png() -> bytes:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(8, 110), (100, 10), (150, 100), (292, 12)],
                               fill=(20, 40, 200, 255), width=10)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _signatory_rect(data: bytes) -> tuple[int, tuple[float, ...]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    kids = PdfFileReader(io.BytesIO(data)).root["/Pages"]["/Kids"]
    for number, page in enumerate(kids):
        for annot in page.get_object().get("/Annots", []):
            annot = annot.get_object()
            if str(annot.get("/T", "")) == "signatory":
                return number + 1, tuple(float(v) for v in annot["/Rect"])
    raise AssertionError("no signatory widget")


def _extent_mm(data: bytes, folder: Path, colour: str) -> tuple[float, float, float, float]:
    """Left, bottom, right, top (mm from the page's bottom left) of the red or blue ink
    in and around the signatory's widget, on the page rendered at ``DPI``."""
    page, (x1, y1, x2, y2) = _signatory_rect(data)
    source = folder / "signed.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page),
                    "-singlefile", str(source), str(folder / "page")], check=True)
    image = Image.open(folder / "page.png").convert("RGB")
    scale = DPI / 72
    height = image.size[1]
    crop = (int(x1 * scale) - 5, int(height - y2 * scale) - 5, int(x2 * scale) + 5,
            int(height - y1 * scale) + 5)
    region = image.crop(crop)
    pick = (lambda r, g, b: r > 150 and g < 100 and b < 100) if colour == "red" else \
        (lambda r, g, b: b > 150 and r < 100)
    mask = Image.new("1", region.size)
    raw = region.tobytes()
    mask.putdata([1 if pick(*p) else 0
                  for p in zip(raw[0::3], raw[1::3], raw[2::3], strict=True)])
    left, top, right, bottom = mask.getbbox()
    to_mm = 25.4 / DPI
    return ((crop[0] + left) * to_mm, (height - crop[1] - bottom) * to_mm,
            (crop[0] + right) * to_mm, (height - crop[1] - top) * to_mm)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def _signed_with_seal(ws, pki, seal: bytes) -> bytes:
    report = create_draft(ws, "report", period="2026-Q1", sections=SECTIONS)
    issue(ws, report, date(2026, 4, 6))
    set_stamp_image(ws, "signature", _signature_png())
    set_stamp_image(ws, "seal", seal)
    key = Pkcs12Key(pki.pkcs12("Trần Minh Đức", PASSWORD, "duc.p12"), PASSWORD)
    signed = sign_issued(ws, report, key)
    assert verify_pdf(signed, load_certificates([pki.ca_pem])).ok
    return signed


def test_the_seal_is_drawn_35_mm_across_when_its_image_states_no_size(demo_workspace, pki,
                                                                       tmp_path):
    # A seal image of 200 × 200 pixels without a resolution: the conventional size.
    signed = _signed_with_seal(demo_workspace, pki, _seal_png(200))
    left, bottom, right, top = _extent_mm(signed, tmp_path, "red")
    assert SEAL_DIAMETER_MM == 35
    assert right - left == pytest.approx(35, abs=0.6)  # 0.6 mm: two pixels at 200 dpi
    assert top - bottom == pytest.approx(35, abs=0.6)
    # Over about a third of the signature, on its left.
    sig_left, _b, sig_right, _t = _extent_mm(signed, tmp_path, "blue")
    assert left < sig_left < right < sig_left + (sig_right - sig_left) / 2
    # The widget holds it: its bottom is the block's (the layout did not move).
    _page, (_x1, y1, _x2, y2) = _signatory_rect(signed)
    assert (y2 - y1) / MM >= 35 and bottom >= y1 / MM - 0.5


def test_a_seal_scanned_at_a_stated_resolution_is_drawn_at_the_size_it_gives(
        demo_workspace, pki, tmp_path):
    # 472 pixels at 300 dpi: 39.96 mm across.
    signed = _signed_with_seal(demo_workspace, pki, _seal_png(472, dpi=300))
    left, bottom, right, top = _extent_mm(signed, tmp_path, "red")
    assert right - left == pytest.approx(472 / 300 * 25.4, abs=0.6)
    assert top - bottom == pytest.approx(472 / 300 * 25.4, abs=0.6)
