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
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

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


@cache
def _owner_only_handler() -> type[RotatingFileHandler]:
    """A rotating file handler whose files are created readable by their owner only
    (``logging.handlers`` is imported when the first error is written, not at start)."""
    from logging.handlers import RotatingFileHandler

    class OwnerOnlyHandler(RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def,unused-ignore]
            path = Path(self.baseFilename)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            if sys.platform != "win32":
                os.chmod(path, 0o600)  # also when it existed with wider permissions
            return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)

    return OwnerOnlyHandler


def crash_handler() -> logging.Handler | None:
    """The crash log's handler (None when the folder cannot be written)."""
    path = crash_log_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _owner_only_handler()(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


class _CrashLog(logging.Handler):
    """The crash log as the ``ctrdesk`` logger's handler, opened at the first error: a
    start without errors creates no folder and imports no file handler."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self._target: logging.Handler | None = None
        self._unavailable = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            if self._unavailable:
                return
            self._target = crash_handler()
            if self._target is None:
                self._unavailable = True
                return
        self._target.handle(record)

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def setup_logging(verbose: bool = False) -> None:
    """Errors go to the crash log; with ``verbose``, everything also goes to stderr."""
    root = logging.getLogger("ctrdesk")
    if getattr(root, "_ctrdesk_configured", False):
        if verbose:
            root.setLevel(logging.DEBUG)
        return
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.addHandler(_CrashLog())
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
