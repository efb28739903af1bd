"""Logging: named loggers per area (``ctrdesk.core.exchange``, ``ctrdesk.ui``…), and the
crash log that every unexpected error goes to (CLI and GUI alike).

The crash log is ``crash.log`` in the per-user data folder, timestamped, rotated (a few
files of a few hundred kilobytes) and readable by its owner only: a traceback may quote
a member's name or a file path.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

CRASH_LOG = "crash.log"
MAX_BYTES = 256 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("ctrdesk")


def log_dir() -> Path:
    from ctrdesk.core import paths

    return paths.user_data_dir()


def crash_log_path() -> Path:
    return log_dir() / CRASH_LOG


class _OwnerOnlyHandler(RotatingFileHandler):
    """A rotating file handler whose files are created readable by their owner only."""

    def _open(self):  # type: ignore[no-untyped-def,unused-ignore]
        path = Path(self.baseFilename)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if sys.platform != "win32":
            os.chmod(path, 0o600)  # also when it existed with wider permissions
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def crash_handler() -> logging.Handler | None:
    """The crash log's handler (None when the folder cannot be written)."""
    path = crash_log_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _OwnerOnlyHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                    encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


def setup_logging(verbose: bool = False) -> None:
    """Errors go to the crash log; with ``verbose``, everything also goes to stderr."""
    root = logging.getLogger("ctrdesk")
    if getattr(root, "_ctrdesk_configured", False):
        if verbose:
            root.setLevel(logging.DEBUG)
        return
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handler = crash_handler()
    if handler is not None:
        root.addHandler(handler)
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
    root._ctrdesk_configured = True  # type: ignore[attr-defined]


def log_exception(exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None, where: str = "ctrdesk") -> Path | None:
    """Write an unexpected error to the crash log; the log's path, if it was written."""
    handler = crash_handler()
    if handler is None:
        return None
    record = logging.getLogger(where).makeRecord(
        where, logging.ERROR, __file__, 0, "unexpected error", (), (exc_type, exc, tb))
    try:
        handler.handle(record)
    finally:
        handler.close()
    return crash_log_path()
