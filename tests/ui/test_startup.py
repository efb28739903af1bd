"""Starting ctrdesk: the window is shown before anything of the workspace is loaded, and the
first page's content comes without the document, signing or exchange stacks; simple
commands of the command line do not load them either.

Each start runs in a fresh interpreter (a child process), the way a user starts it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Libraries only documents, signing, exchange and imports need.
HEAVY = ("reportlab", "pyhanko", "docx", "pdfplumber", "pdfminer", "lxml", "cryptography",
         "asn1crypto", "oscrypto", "babel", "msgspec", "PIL")
# Parts of ctrdesk the first page does not need: the overview reads what is due without
# the record kinds, and compares readings with thresholds without program execution.
NOT_AT_START = ("ctrdesk.core.documents.layout", "ctrdesk.core.documents.kinds",
                "ctrdesk.core.exchange", "ctrdesk.core.importing", "ctrdesk.core.signing",
                "ctrdesk.core.records.kinds", "ctrdesk.core.records.spec",
                "ctrdesk.core.programs", "ctrdesk.ui.dialogs")
# Light modules of those parts that the overview needs: the importing package itself (its
# readers load when a file is parsed) and the threshold of a target, a value type.
LIGHT = ("ctrdesk.core.importing", "ctrdesk.core.importing.thresholds")
# Standard modules peewee imports for features the first page does not use (IP addresses,
# long index names, UTC timestamps, JSON and UUID fields): their stand-ins load them when
# first used, so their extension modules are not loaded yet.
# (The html package, with its table of entities, is not needed either: the overview
# escapes its few rich lines itself.)
DEFERRED_STDLIB = ("_socket", "_hashlib", "_json", "_uuid", "platform", "html")
OTHER_PAGES = ("calendar", "programs", "records", "reports", "submissions", "members",
               "settings", "unit_program")

# Starts the window as `ctrdesk --db PATH --demo` does, and writes down what was imported
# when the window was shown and when the workspace's content was in view.
START = r"""
import sys
import ctrdesk.ui.app as app
DIALOGS = ("QDialog", "QFileDialog", "QMessageBox", "QInputDialog")
seen = {}
report = app._mark

def mark(what):
    import builtins
    import PySide6.QtCore
    import PySide6.QtWidgets
    seen[what] = {"modules": sorted(sys.modules),
                  "qevent_made": "QEvent" in vars(PySide6.QtCore),
                  "dialog_classes_made": [name for name in DIALOGS
                                          if name in vars(PySide6.QtWidgets)],
                  "qt_namespace_built": "Qt" in vars(PySide6.QtCore),
                  "pyside_import_hook": builtins.__import__ is getattr(
                      builtins, "__feature_import__", None)}
    report(what)

app._mark = mark
from ctrdesk.cli import main
code = main(["--db", sys.argv[1], "--demo"])
import json  # after the start, which loads json when it is first used
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({"exit": code, "marks": seen}, out)
"""

COMMAND = r"""
import json, sys
from ctrdesk.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:  # --help
    code = exc.code
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, out)
"""


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ctrdesk.core.demo import build_demo
    from ctrdesk.core.store import open_workspace

    path = tmp_path_factory.mktemp("startup") / "demo.sqlite"
    with open_workspace(path) as ws:
        build_demo(ws)
    return path


def _env(home: Path) -> dict[str, str]:
    """A child's environment: headless, its settings and logs in ``home``."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CTRDESK_EXIT_WHEN_SHOWN": "1",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "CTRDESK_LANG": "vi"}


def _run(code: str, args: list[str], home: Path) -> dict:
    result_file = home / "result.json"
    done = subprocess.run([sys.executable, "-c", code, *args], env=_env(home),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(result_file.read_text(encoding="utf-8"))


def _heavy(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})


def _within(modules: list[str], parts: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m.startswith(parts) and m not in LIGHT]


def test_the_window_is_shown_first_and_the_overview_comes_without_heavy_libraries(
        demo_path: Path, tmp_path: Path):
    result = _run(START, [str(demo_path), str(tmp_path / "result.json")], tmp_path)
    assert result["exit"] == 0
    shown = result["marks"]["ctrdesk-window-shown"]
    in_view = result["marks"]["ctrdesk-workspace-loaded"]  # the overview is on screen

    # The window comes before the workspace: no store, no ORM, no command parsers.
    assert _within(shown["modules"], ("ctrdesk.core.store", "ctrdesk.core.demo",
                                      "ctrdesk.ui.pages", "ctrdesk.ui.opening",
                                      "ctrdesk.ui.dialogs")) == []
    assert "peewee" not in shown["modules"]
    assert _within(shown["modules"], ("ctrdesk.cli.documents", "ctrdesk.cli.exchange",
                                      "ctrdesk.cli.records")) == []
    assert "logging.handlers" not in shown["modules"]  # the crash log opens at an error
    # PySide builds the ~100 enums of Qt's namespace (tens of ms) at its first use: what
    # runs before the window is shown imports `Qt` where it is used, sets shortcuts with
    # setShortcuts() and makes the splitter without a parent (see MainWindow).
    assert not shown["qt_namespace_built"]
    # PySide makes each class, with its enums, when it is first imported: the dialogs'
    # classes are imported where a dialog is opened.
    assert shown["dialog_classes_made"] == [] and in_view["dialog_classes_made"] == []
    # PySide's import hook (for its __feature__ switches, unused here) reads the source
    # of every module imported after it: Python's own import is put back at once.
    assert not shown["pyside_import_hook"] and not in_view["pyside_import_hook"]

    # The first page's content, and nothing of the documents, signing or exchange.
    assert "ctrdesk.ui.pages.home" in in_view["modules"]
    assert not in_view["qt_namespace_built"]  # the overview's labels do without it
    assert not in_view["qevent_made"]  # pages catch up when shown without showEvent()
    assert _heavy(in_view["modules"]) == []
    assert _within(in_view["modules"], NOT_AT_START) == []
    assert [m for m in DEFERRED_STDLIB if m in in_view["modules"]] == []
    # The other pages are built when they are first opened.
    assert _within(in_view["modules"],
                   tuple(f"ctrdesk.ui.pages.{page}" for page in OTHER_PAGES)) == []


@pytest.mark.parametrize("command", [["member", "list"], ["overview"], ["calendar"],
                                     ["--help"]])
def test_simple_commands_do_not_load_documents_signing_or_exchange(
        demo_path: Path, tmp_path: Path, command: list[str]):
    result = _run(COMMAND, [str(tmp_path / "result.json"), "--db", str(demo_path), *command],
                  tmp_path)
    assert _heavy(result["modules"]) == []
    assert _within(result["modules"], NOT_AT_START) == []


# Starts the window on a workspace that is not set up, as a user does (no benchmark
# marks), and writes down whether the overview was in view when the setup wizard opened.
WIZARD = r"""
import json, sys
import ctrdesk.ui.main_window as main_window
from PySide6.QtWidgets import QApplication

seen = {}
original = main_window.MainWindow.offer_setup

def offer_setup(self):
    home = self.pages.get("home")
    seen["overview_in_view"] = home is not None and home.view is not None
    wizard = original(self)
    seen["wizard_open"] = wizard is not None and wizard.isVisible()
    QApplication.instance().quit()
    return wizard

main_window.MainWindow.offer_setup = offer_setup
from ctrdesk.cli import main
code = main(["--db", sys.argv[1]])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump({"exit": code, "seen": seen}, out)
"""


def test_a_workspace_not_set_up_opens_the_wizard_once_the_overview_is_in_view(
        tmp_path: Path):
    from ctrdesk.core.store import open_workspace

    path = tmp_path / "new.sqlite"
    open_workspace(path).close()  # an empty workspace: nothing set up yet
    env = {k: v for k, v in _env(tmp_path).items() if k != "CTRDESK_EXIT_WHEN_SHOWN"}
    done = subprocess.run([sys.executable, "-c", WIZARD, str(path),
                           str(tmp_path / "result.json")],
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["seen"] == {"overview_in_view": True, "wizard_open": True}
