"""Writing the files a user keeps: whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _


def write_whole(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file beside it, renamed over it
    at the end, so a crash or a full disk never leaves a half-written PDF or package.
    An OS error becomes a message the user can act on."""
    target = Path(target)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise CtrdeskError(_("{path} cannot be written: {error}").format(
            path=target, error=exc.strerror or exc)) from exc
    return target
