"""The core imports no Qt, and start-up imports no heavy document or signing library."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK_CORE = r"""
import importlib, json, pkgutil, sys
import ctrdesk.core
names = [m.name for m in pkgutil.walk_packages(ctrdesk.core.__path__, "ctrdesk.core.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"modules": names, "qt": qt}))
"""

CHECK_STARTUP = r"""
import json, sys
import ctrdesk.cli, ctrdesk.ui.app, ctrdesk.ui.main_window
heavy = ("reportlab", "pyhanko", "docx", "pdfplumber", "pdfminer", "lxml", "cryptography")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def _run(code: str):
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


def test_every_core_module_imports_without_qt():
    result = _run(CHECK_CORE)
    assert "ctrdesk.core.store.workspace" in result["modules"]
    assert len(result["modules"]) >= 8
    assert result["qt"] == []


def test_starting_the_gui_does_not_import_heavy_libraries():
    assert _run(CHECK_STARTUP) == []
