"""The window opens its workspace without loading the standard modules peewee imports for
features the first screen does not use; they load, once, the first time they are used,
also by two threads at once, and work as the modules themselves.

Each case runs in a fresh interpreter (the test runner has these modules loaded already).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import sys, threading
from ctrdesk.core.deferred import DEFERRED, defer_until_used

defer_until_used()
from ctrdesk.core.store import open_workspace
from ctrdesk.core.store.models import Setting

# Opening a workspace and reading it loads none of them.
ws = open_workspace(sys.argv[1])
with ws.reading():
    Setting.select().count()
loaded = [name for name in ("_socket", "_hashlib", "_json", "_uuid", "platform")
          if name in sys.modules]
assert loaded == [], loaded

import importlib.util
assert importlib.util.find_spec("json").name == "json"  # found without loading it

# Two threads using json at once: both get its answer; it is loaded once.
results, barrier = [], threading.Barrier(2)
def use():
    import json
    barrier.wait()
    results.append(json.dumps({"a": [1, 2]}))
threads = [threading.Thread(target=use) for _ in range(2)]
for thread in threads: thread.start()
for thread in threads: thread.join()
assert results == ['{"a": [1, 2]}'] * 2, results
import json
assert type(sys.modules["json"]).__name__ == "module"
from json import JSONDecodeError  # its names, and its submodules, as before
import json.decoder
assert json.decoder.JSONDecodeError is JSONDecodeError

# Writing a row gives it a UUID (uuid loads); a passphrase's key is derived (hashlib).
with ws.writing("setting"):
    Setting.insert(key="k", value="v").execute()
from ctrdesk.core.store.models import new_uuid
import uuid
assert uuid.UUID(new_uuid()).version == 7
import hashlib
assert hashlib.sha256(b"x").hexdigest().startswith("2d711642")
import calendar, socket
assert calendar.isleap(2028) and socket.inet_aton("127.0.0.1") == b"\x7f\x00\x00\x01"
ws.close()
print("ok")
"""


def test_standard_modules_peewee_imports_load_when_first_used(tmp_path: Path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "w.sqlite")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
