"""Where ctrdesk finds its bundled files and keeps the user's data."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

APP_NAME = "ctrdesk"


@cache
def _bundle_roots() -> tuple[Path, ...]:
    here = Path(__file__).resolve()
    roots: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller one-folder build
        roots.append(Path(frozen_root))
    roots.append(here.parents[1])  # installed wheel: ctrdesk/resources, ctrdesk/translations
    roots.append(here.parents[3])  # source checkout: <repo>/resources, <repo>/translations
    return tuple(roots)


def _find(name: str) -> Path:
    for root in _bundle_roots():
        candidate = root / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ctrdesk installation is incomplete: no '{name}' folder found")


def resources_dir() -> Path:
    return _find("resources")


def translations_dir() -> Path:
    return _find("translations")


def sample_path(name: str) -> Path:
    return resources_dir() / "samples" / name


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_workspace_path() -> Path:
    return user_data_dir() / "workspace.sqlite"


def demo_workspace_path() -> Path:
    """A throwaway location: the demo can be rebuilt at any time."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "demo.sqlite"
