"""A rendered first page of each document kind against a reference image (tolerant), so a
layout regression shows. Set CTRDESK_UPDATE_REFERENCES=1 to write new references after an
intended change, and look at them before committing."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from ctrdesk.core.documents.kinds import build
from ctrdesk.core.documents.layout import render

REFERENCES = Path(__file__).parent / "reference"
# The minutes are those of the demo's thematic session, its first recorded meeting.
KINDS = {"program": {}, "report": {"period": "2026-Q1"}, "minutes": {"record": 1},
         "notice": {"record": 1}}


def _first_page(pdf: bytes, folder: Path, name: str) -> Image.Image:
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", "1", "-l", "1",
                    "-singlefile", str(source), str(folder / name)], check=True)
    return Image.open(folder / f"{name}.png").convert("L")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_first_page_matches_its_reference(demo_workspace, tmp_path, kind):
    document = build(demo_workspace, kind, **KINDS[kind])
    document.date = date(2026, 4, 5)  # the day the reference was drawn
    pdf, _slot = render(document)
    image = _first_page(pdf, tmp_path, kind)
    reference = REFERENCES / f"{kind}.png"
    if os.environ.get("CTRDESK_UPDATE_REFERENCES") or not reference.exists():
        image.save(reference)
        pytest.skip(f"reference image written: {reference}")
    expected = Image.open(reference).convert("L")
    assert image.size == expected.size
    difference = ImageChops.difference(image, expected)
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(difference.histogram()[65:]) / (image.size[0] * image.size[1])
    assert mean < 4 and changed < 0.02, f"{kind}: mean {mean:.2f}, changed {changed:.2%}"
