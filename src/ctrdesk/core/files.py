"""Writing the files a user keeps: whole or not at all, and readable by their owner only
(the documents ctrdesk writes can hold members' ratings and findings)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _

OWNER_ONLY = 0o600


def make_private_dirs(folder: str | os.PathLike[str]) -> Path:
    """Create ``folder`` and any missing parents readable by their owner only (0700):
    ``Path.mkdir(mode=..., parents=True)`` gives the parents the default mode."""
    path = Path(folder)
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):
            level.mkdir(mode=0o700)
    return Path(folder)


def open_private(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for writing (truncated), created readable by its owner only; an
    existing file is made so too."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 OWNER_ONLY)
    with contextlib.suppress(OSError):
        os.chmod(path, OWNER_ONLY)
    return os.fdopen(fd, "wb")


def write_whole(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file beside it, renamed over it
    at the end, so a crash or a full disk never leaves a half-written PDF or package.
    An OS error becomes a message the user can act on."""
    target = Path(target)
    temporary = target.with_name(target.name + ".part")
    try:
        with open_private(temporary) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise CtrdeskError(_("{path} cannot be written: {error}").format(
            path=target, error=exc.strerror or exc)) from exc
    return target
