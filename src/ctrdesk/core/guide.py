"""The user guide (Vietnamese, task by task) kept in resources/guide: an HTML page and the
screenshots the test suite makes of every page at 1366×768 (tools/guide-screens.sh).

The window shows it from Help → User guide; ``ctrdesk guide --out DIR`` writes a copy to
read in a browser or print.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.paths import resources_dir

INDEX = "index.html"
_IMAGE = re.compile(r"""<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def guide_dir() -> Path:
    return resources_dir() / "guide"


def guide_index() -> Path:
    return guide_dir() / INDEX


def guide_images(html: str | None = None) -> list[str]:
    """The images the guide shows, as written in its page (relative paths), in order."""
    text = guide_index().read_text(encoding="utf-8") if html is None else html
    return list(dict.fromkeys(_IMAGE.findall(text)))


def export_guide(target: Path) -> Path:
    """Copy the guide (its page and every image it shows) into the folder ``target``;
    returns the page's path. A missing image or an unwritable folder is a typed error."""
    source = guide_dir()
    images = guide_images()
    missing = [name for name in images if not (source / name).is_file()]
    if missing:
        raise CtrdeskError(_("The user guide is incomplete: {names} missing.").format(
            names=", ".join(missing)))
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in [INDEX, *images]:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, destination)
    except OSError as exc:
        raise CtrdeskError(_("{path} cannot be written: {error}").format(
            path=target, error=exc.strerror or exc)) from exc
    return target / INDEX
