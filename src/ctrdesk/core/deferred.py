"""Standard modules peewee imports at its top and uses only in features the first screen
does not touch, loaded when first used.

peewee imports ``socket`` (IP address fields), ``hashlib`` (long index names),
``calendar`` (UTC timestamps), ``json`` (JSON fields) and ``uuid`` (UUID fields, and
``platform`` with it): together about a quarter of what opening a workspace costs at
start. Before peewee is imported, each one not imported yet is stood in for by a module
that imports the real one at the first attribute read and from then on holds the same
names; ``sys.modules`` then holds the real module, so later imports get it directly.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

DEFERRED = ("socket", "hashlib", "calendar", "json", "uuid")

_lock = threading.RLock()


class _Deferred(ModuleType):
    """Stands in for the module of the same name until one of its names is read."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_load(self), name)


def _load(stand_in: _Deferred) -> ModuleType:
    with _lock:  # two threads reading a name at once load the module once
        real = sys.modules.get(stand_in.__name__)
        if real is stand_in or real is None:
            sys.modules.pop(stand_in.__name__, None)
            try:
                real = importlib.import_module(stand_in.__name__)
            except BaseException:
                sys.modules[stand_in.__name__] = stand_in
                raise
        stand_in.__dict__.update(real.__dict__)  # later reads find the names directly
        return real


def defer_until_used() -> None:
    """Stand in for each of :data:`DEFERRED` not imported yet (call before peewee)."""
    with _lock:
        for name in DEFERRED:
            if name not in sys.modules:
                spec = importlib.util.find_spec(name)
                if spec is None:
                    continue
                stand_in = _Deferred(name)
                # The import statement reads the spec (found, not run); the rest loads it.
                stand_in.__spec__ = spec
                del stand_in.__loader__, stand_in.__package__
                sys.modules[name] = stand_in
