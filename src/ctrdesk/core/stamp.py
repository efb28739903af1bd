"""The visible signature as Vietnamese offices expect it (Nghị định 30/2020/NĐ-CP practice):
the signatory's handwritten signature image between the position and the name, the
body's seal over about a third of it on its left, and under them the signer's name, the
body and the signing time "dd/MM/yyyy HH:mm:ss +07:00". Without images, the same text
alone, cleanly centred in the same place."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ISO = "%Y-%m-%dT%H:%M:%S%z"


def stamp_text(name: str, body: str) -> str:
    """The lines of the stamp; ``%(ts)s`` is the signing time, filled in by pyHanko."""
    lines = [f"Người ký: {name}"]
    if body:
        lines.append(f"Cơ quan: {body}")
    lines.append("Thời gian ký: %(ts)s")
    return "\n".join(line if "%(ts)s" in line else line.replace("%", "%%") for line in lines)


# The seal is drawn at its real size. The format notes ask for "the image of the seal, red,
# at its real size" but give no figure, and seal sizes differ by body: a seal image that
# states its resolution (a scan at 300 dpi, say) is drawn at the size that resolution gives;
# one that does not is taken as the conventional round office seal, 35 mm across. The PNG
# is taken as the seal cropped to its edge (its larger side is the diameter).
SEAL_DIAMETER_MM = 35.0
MM = 72 / 25.4
_SEAL_SIZES_MM = (20.0, 60.0)  # a resolution giving a size outside this is not believed


def seal_diameter_mm(png: bytes) -> float:
    """The seal's real diameter in millimetres: from the image's own resolution when it
    states a believable one, else :data:`SEAL_DIAMETER_MM`."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        dpi = image.info.get("dpi")
        pixels = max(image.size)
    if dpi:
        try:
            resolution = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            resolution = 0.0
        if resolution > 1:
            size = pixels / resolution * 25.4
            if _SEAL_SIZES_MM[0] <= size <= _SEAL_SIZES_MM[1]:
                return round(size, 2)
    return SEAL_DIAMETER_MM


def _text_height(small: bool) -> float:
    return 3 * (7 if small else 8) * 1.25


def _picture_band(height: float, small: bool) -> tuple[float, float]:
    """Bottom and top of the signature image's place in a block ``height`` high: above the
    text lines, up to the block's top."""
    room = max(height - _text_height(small) - 2, height * 0.4)
    return height - room, height


def sealed_height(images: Any, height: float, small: bool) -> float:
    """The stamp's height once the seal is drawn at real size: the seal is centred on the
    signature image's place and rises above the block where it is larger (over the
    position line, as an inked seal does); the block's bottom does not move."""
    if images is None or not images.seal:
        return height
    bottom, top = _picture_band(height, small)
    seal = seal_diameter_mm(images.seal) * MM
    return max(height, (bottom + top) / 2 + seal / 2 + 1)


def _background(images: Any, size: tuple[float, float], block_height: float, small: bool,
                target: Path) -> None:
    """A one-page PDF of the stamp's size: the signature image centred above the text in
    the block's own height, the seal at real size over the left third of it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    width, height = size
    bottom, top = _picture_band(block_height, small)
    room = top - bottom
    canvas = Canvas(str(target), pagesize=(width, height))
    seal = seal_diameter_mm(images.seal) * MM if images.seal else 0.0
    signature_box: tuple[float, float, float, float] | None = None
    if images.signature:
        picture = ImageReader(io.BytesIO(images.signature))
        w, h = picture.getSize()
        scale = min(room / h, width * 0.6 / w)
        sw, sh = w * scale, h * scale
        x = (width - sw) / 2 + (seal * 0.3 if images.seal else 0)
        y = bottom + (room - sh) / 2
        canvas.drawImage(picture, x, y, sw, sh, mask="auto")
        signature_box = (x, y, sw, sh)
    if images.seal:
        picture = ImageReader(io.BytesIO(images.seal))
        w, h = picture.getSize()
        scale = seal / max(w, h)  # the larger side is the diameter
        cw, ch = w * scale, h * scale
        x = signature_box[0] + signature_box[2] / 3 - cw if signature_box else (width - cw) / 2
        canvas.drawImage(picture, max(x, 0), (bottom + top) / 2 - ch / 2, cw, ch,
                         mask="auto")
    canvas.showPage()
    canvas.save()


def stamp_style(name: str, body: str, images: Any, size: tuple[float, float], small: bool,
                folder: Path, font_path: str, block_height: float | None = None) -> Any:
    """The pyHanko stamp style of one signature, ``size`` big; ``block_height`` is the
    height of the signature's block when the stamp rises above it (a seal at real size:
    see :func:`sealed_height`)."""
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import (
        AxisAlignment,
        InnerScaling,
        Margins,
        SimpleBoxLayoutRule,
    )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font_size = 7 if small else 8
    with_images = images is not None and (images.signature or images.seal)
    background = None
    if with_images:
        target = folder / "stamp-background.pdf"
        _background(images, size, block_height or size[1], small, target)
        background = ImportedPdfPage(str(target))

    @dataclass(frozen=True)
    class VietnamStampStyle(TextStampStyle):
        """pyHanko writes the signing time in UTC: Vietnam time is shown instead."""

        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            params = dict(text_params)
            when = datetime.strptime(params["ts"], ISO)
            from ctrdesk.core.signing import stamp_time

            params["ts"] = stamp_time(when.astimezone(UTC))
            return super().create_stamp(writer, box, params)

    return VietnamStampStyle(
        stamp_text=stamp_text(name, body), timestamp_format=ISO,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font_path),
                                    font_size=font_size),
        border_width=0, background=background, background_opacity=1.0,
        # The background is made at the stamp's size: drawn as it is, not shrunk into
        # pyHanko's default margins (which would make the seal smaller than its real size).
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
            inner_content_scaling=InnerScaling.NO_SCALING),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MIN if with_images else AxisAlignment.ALIGN_MID,
            margins=Margins(2, 2, 2, 2)))
