"""Checking a batch of packages in worker processes while one writer stores them.

What needs no workspace (reading the zip, hashes, the CMS signature against the trust
roots, every member's schema) runs in a pool of worker processes; the checks against the
workspace and the storing stay in this process, one package at a time and in the batch's
order, each in its own transaction. A few packages ahead are checked while one is
stored, never the whole batch at once (their decoded content is held until stored).
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
AHEAD = 3  # packages checked ahead per worker

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


def workers_for(count: int) -> int:
    """How many worker processes a batch of ``count`` packages gets (0: none)."""
    cpus = os.cpu_count() or 1
    if count < MIN_BATCH or cpus < 2:
        return 0
    return min(cpus, 4)


class CheckPool:
    """Reads and checks the files of a batch in order, ahead of their use: :meth:`results`
    yields, for each, what ``read`` gave (the bytes, or the outcome of a file not read)
    and, for bytes, a function giving its :class:`Checked` (raising its refusal)."""

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
        pending: deque[tuple[Any, Callable[[], Checked] | None]] = deque()
        submitted = 0
        for _number in range(len(self.paths)):
            while submitted < len(self.paths) and len(pending) < self.window:
                path = self.paths[submitted]
                data = self.read(path)
                if isinstance(data, bytes):
                    pending.append((data, self._submit(path.name, data)))
                else:
                    pending.append((data, None))
                submitted += 1
            yield pending.popleft()

    def _submit(self, name: str, data: bytes) -> Callable[[], Checked]:
        try:
            future = self.executor.submit(_check, data, name, self.roots_der)
        except (BrokenProcessPool, RuntimeError):  # no worker could start: check it here
            return partial(_check, data, name, self.roots_der)
        return _Result(future, (name, data), self.roots_der)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


class _Result:
    def __init__(self, future: Future[Checked], item: tuple[str, bytes],
                 roots_der: tuple[bytes, ...]) -> None:
        self.future, self.item, self.roots_der = future, item, roots_der

    def __call__(self) -> Checked:
        try:
            return self.future.result()
        except BrokenProcessPool:  # a worker died (out of memory?): check it here
            return _check(self.item[1], self.item[0], self.roots_der)
