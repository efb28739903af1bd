"""The bundled Liberation Serif (metric-compatible with Times New Roman), registered once
with reportlab as one family so <b> and <i> work."""

from __future__ import annotations

from functools import cache

FONT = "CtrSerif"


@cache
def register_fonts() -> str:
    """Register the bundled Liberation Serif as one family so <b> and <i> work."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from ctrdesk.core.paths import resources_dir

    folder = resources_dir() / "fonts"
    styles = {
        FONT: "Regular",
        f"{FONT}-Bold": "Bold",
        f"{FONT}-Italic": "Italic",
        f"{FONT}-BoldItalic": "BoldItalic",
    }
    for name, style in styles.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / f"LiberationSerif-{style}.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Italic")
    addMapping(FONT, 1, 1, f"{FONT}-BoldItalic")
    # Without this reportlab puts an unused, non-embedded Helvetica in every PDF.
    rl_config.canvas_basefontname = FONT
    return FONT
