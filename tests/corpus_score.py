"""Scoring a parsed document against its expected result in tests/corpus/expected."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctrdesk.core.importing.parsed import Node, ParsedProgram

CORPUS = Path(__file__).resolve().parent / "corpus"


def cases() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((CORPUS / "expected").glob("*.json"))]


@dataclass
class Score:
    name: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, what: str, got: Any, want: Any) -> None:
        self.total += 1
        if got == want:
            self.right += 1
        else:
            self.misses.append(f"{what}: got {got!r}, want {want!r}")

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


def _norm(number: str) -> str:
    return number.strip().rstrip(".").strip()


def _search(nodes: list[Node], number: str) -> Node | None:
    """The first node numbered ``number`` among ``nodes`` and their descendants (breadth
    first), so a paragraph or bullet between two numbered levels does not hide it."""
    queue = list(nodes)
    while queue:
        node = queue.pop(0)
        if node.kind != "agenda" and _norm(node.number) == _norm(number):
            return node
        queue.extend(node.children)
    return None


def find(program: ParsedProgram, path: list[str]) -> Node | None:
    nodes = program.items
    node = None
    for number in path:
        node = _search(nodes, number)
        if node is None:
            return None
        nodes = node.children
    return node


def _time(node: Node) -> list[str | None] | None:
    if node.time is None:
        return None
    t = node.time
    return [t.kind, t.start.isoformat() if t.start else None,
            t.end.isoformat() if t.end else None]


def _threshold(node: Node) -> list[Any] | None:
    if node.threshold is None:
        return None
    t = node.threshold
    return [t.op, t.value, t.max, t.unit]


def score(program: ParsedProgram, expected: dict[str, Any]) -> Score:
    result = Score(expected["file"])
    header = program.header
    for key, want in expected["header"].items():
        got = getattr(header, key)
        result.check(f"header.{key}", got.isoformat() if key == "date" and got else got, want)
    signature = program.signature
    for key, want in expected["signature"].items():
        result.check(f"signature.{key}", getattr(signature, key) if signature else None, want)
    got_recipients = list(program.recipients)
    for want in expected["recipients"]:
        result.check("recipient", want if want in got_recipients else None, want)
    for extra in [r for r in got_recipients if r not in expected["recipients"]]:
        result.check("recipient", extra, None)
    preamble = program.header.preamble
    for start in expected.get("preamble", []):
        result.check("preamble", any(p.startswith(start) for p in preamble), True)
    if "roots" in expected:
        result.check("top of the tree",
                     [n.number for n in program.items if n.kind != "paragraph"],
                     expected["roots"])
    roots = {_norm(n.number): n for n in program.items if n.kind in ("section", "appendix")}
    for number, title in expected["sections"]:
        node = roots.get(_norm(number))
        result.check(f"section {number}", node is not None, True)
        if title is not None:
            result.check(f"section {number} title", node.title if node else None, title)
    for item in expected["items"]:
        path = item["path"]
        node = find(program, path)
        where = "/".join(path)
        for key, want in item.items():
            if key == "path":
                continue
            if node is None:
                result.check(f"{where} {key}", "(item not found)", want)
                continue
            got: Any
            if key == "time":
                got = _time(node)
            elif key == "threshold":
                got = _threshold(node)
            else:
                got = getattr(node, key)
            result.check(f"{where} {key}", got, want)
    return result
