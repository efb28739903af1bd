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


def _background(images: Any, size: tuple[float, float], text_height: float,
                target: Path) -> None:
    """A one-page PDF of the stamp's size: the signature image centred above the text,
    the seal over the left third of it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    width, height = size
    room = max(height - text_height - 2, height * 0.4)
    canvas = Canvas(str(target), pagesize=(width, height))
    signature_box: tuple[float, float, float, float] | None = None
    if images.signature:
        picture = ImageReader(io.BytesIO(images.signature))
        w, h = picture.getSize()
        scale = min(room / h, width * 0.6 / w)
        sw, sh = w * scale, h * scale
        x = (width - sw) / 2 + (room * 0.25 if images.seal else 0)
        y = height - sh
        canvas.drawImage(picture, x, y, sw, sh, mask="auto")
        signature_box = (x, y, sw, sh)
    if images.seal:
        seal = ImageReader(io.BytesIO(images.seal))
        w, h = seal.getSize()
        scale = room / h
        cw, ch = w * scale, h * scale
        x = signature_box[0] + signature_box[2] / 3 - cw if signature_box else (width - cw) / 2
        canvas.drawImage(seal, max(x, 0), height - ch, cw, ch, mask="auto")
    canvas.showPage()
    canvas.save()


def stamp_style(name: str, body: str, images: Any, size: tuple[float, float], small: bool,
                folder: Path, font_path: str) -> Any:
    """The pyHanko stamp style of one signature."""
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font_size = 7 if small else 8
    text_height = 3 * font_size * 1.25
    with_images = images is not None and (images.signature or images.seal)
    background = None
    if with_images:
        target = folder / "stamp-background.pdf"
        _background(images, size, text_height, target)
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
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MIN if with_images else AxisAlignment.ALIGN_MID,
            margins=Margins(2, 2, 2, 2)))
