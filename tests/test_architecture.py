"""Rules of the code's shape that a linter does not see."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Private names still reached across modules (debt to pay, not to grow): importer -> name.
KNOWN = {
    ("ctrdesk.cli.units", "ctrdesk.core.trust._certificates_in"),
    ("ctrdesk.cli.units", "ctrdesk.core.trust._read"),
    ("ctrdesk.core.programs.revisions", "ctrdesk.core.programs.execution._paths"),
    ("ctrdesk.core.exchange.cms", "ctrdesk.core.signing._signer"),
    ("ctrdesk.core.exchange.importer", "ctrdesk.core.documents.register._store_bytes"),
    ("ctrdesk.core.trust", "ctrdesk.core.signing._signer"),
    ("ctrdesk.core.people.table", "ctrdesk.core.people.members._check_single_roles"),
    ("ctrdesk.core.people.table", "ctrdesk.core.people.members._check_together"),
    ("ctrdesk.core.people.table", "ctrdesk.core.people.members._own_unit"),
    ("ctrdesk.core.exchange.importer", "ctrdesk.core.attachments._blob_path"),
}


def _private_imports() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in SRC.rglob("*.py"):
        module = ".".join(path.relative_to(SRC).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                    and node.module.startswith("ctrdesk") and node.module != module:
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__") \
                            and alias.name != "_":
                        found.add((module, f"{node.module}.{alias.name}"))
    return found


def test_no_module_imports_another_modules_private_names():
    new = _private_imports() - KNOWN
    assert not new, f"private names imported across modules: {sorted(new)}"
