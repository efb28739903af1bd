"""Checking a batch of packages in worker processes while one writer stores them.

What needs no workspace (reading the file, the zip, hashes, the CMS signature against
the trust roots, every member's schema) runs in a pool of worker processes; the checks
against the workspace and the storing stay in this process, one package at a time and in
the batch's order, each in its own transaction. A few packages ahead are checked while
one is stored, never the whole batch at once (their decoded content is held until
stored). A worker takes a few files a task and reads them itself: a task's round trip
costs the importing process about a millisecond, and the writer is what a batch waits
for.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

from ctrdesk.core.exchange.importer import Checked, check_content

MIN_BATCH = 4  # fewer packages are checked here: starting workers costs more
CHUNK = 4  # files a worker checks per task
AHEAD = 2  # tasks checked ahead per worker
# The first tasks are checked here while the workers start (about half a second): the
# writer stores them meanwhile instead of waiting for the first worker's answer.
CHECKED_HERE_FIRST = 6

# In a worker process (one batch's life): a CmsVerifier per set of roots. Never in the
# importing process, which outlives the batch (a verifier's moment is fixed).
_verifiers: dict[tuple[bytes, ...], Any] | None = None


def _start(language: str) -> None:
    global _verifiers
    from ctrdesk.core.i18n import set_language

    set_language(language)  # refusals are worded in the user's language
    _verifiers = {}


def _check(data: bytes, name: str, roots_der: tuple[bytes, ...]) -> Checked:
    from asn1crypto import x509

    from ctrdesk.core.exchange.cms import CmsVerifier

    if _verifiers is None:  # checked here, in the importing process
        return check_content(data, name, [x509.Certificate.load(der) for der in roots_der])
    verifier = _verifiers.get(roots_der)
    if verifier is None:
        verifier = _verifiers[roots_der] = CmsVerifier(
            [x509.Certificate.load(der) for der in roots_der])
    return check_content(data, name, verifier)


def _check_files(paths: list[Path], read: Callable[[Path], Any], roots_der: tuple[bytes, ...]
                 ) -> list[tuple[Any, Checked | None, Exception | None]]:
    """In a worker: each file read (its bytes are not sent back) and checked: what
    ``read`` gave when it is not bytes (a file not read), or the Checked, or the refusal
    to raise when the package is stored."""
    done: list[tuple[Any, Checked | None, Exception | None]] = []
    for path in paths:
        data = read(path)
        if not isinstance(data, bytes):
            done.append((data, None, None))
            continue
        try:
            done.append((None, _check(data, path.name, roots_der), None))
        except Exception as exc:  # a refusal (or a fault) of this package alone
            done.append((None, None, exc))
    return done


def workers_for(count: int) -> int:
    """How many worker processes a batch of ``count`` packages gets (0: none): the cores
    but the writer's, at most 4. A worker checks a package in a third of the time the
    writer stores it; more workers only take the writer's core from it."""
    cpus = os.cpu_count() or 1
    if count < MIN_BATCH or cpus < 2:
        return 0
    return min(cpus - 1, 4)


class CheckPool:
    """Reads and checks the files of a batch in order, ahead of their use: :meth:`results`
    yields, for each, the outcome of a file not read with None, or None with a function
    giving its :class:`Checked` (raising its refusal)."""

    def __init__(self, paths: Sequence[Path], read: Callable[[Path], Any],
                 roots_der: list[bytes], workers: int) -> None:
        import multiprocessing

        from ctrdesk.core.i18n import current_language

        self.paths, self.read = paths, read
        self.roots_der = tuple(roots_der)
        # "spawn": a fresh interpreter, safe beside the GUI's threads (no fork).
        self.executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(current_language(),))
        self.window = workers * AHEAD

    def results(self) -> Iterator[tuple[Any, Callable[[], Checked] | None]]:
        chunks = [list(self.paths[start:start + CHUNK])
                  for start in range(0, len(self.paths), CHUNK)]
        first = min(CHECKED_HERE_FIRST, max(len(chunks) - 1, 0))
        tasks: deque[tuple[list[Path], Future[Any] | None]] = deque()
        submitted = first
        for index in range(len(chunks)):
            while submitted < len(chunks) and len(tasks) < self.window:
                tasks.append((chunks[submitted], self._submit(chunks[submitted])))
                submitted += 1
            if index < first:
                yield from self._outcomes(chunks[index], None)
                continue
            paths, future = tasks.popleft()
            yield from self._outcomes(paths, future)

    def _submit(self, paths: list[Path]) -> Future[Any] | None:
        try:
            return self.executor.submit(_check_files, paths, self.read, self.roots_der)
        except (BrokenProcessPool, RuntimeError):  # no worker could start: check them here
            return None

    def _outcomes(self, paths: list[Path], future: Future[Any] | None
                  ) -> Iterator[tuple[Any, Callable[[], Checked] | None]]:
        try:
            done = future.result() if future is not None else None
        except Exception:  # a worker died (out of memory?) or its answer was lost
            done = None
        if done is None:  # the first tasks, or those of a worker gone: checked here
            done = _check_files(paths, self.read, self.roots_der)
        for outcome, checked, refusal in done:
            yield outcome, None if outcome is not None else partial(_given, checked, refusal)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _given(checked: Checked | None, refusal: Exception | None) -> Checked:
    if refusal is not None:
        raise refusal
    assert checked is not None
    return checked
