"""Corrections of a parsed program before it is stored: the review screen's tree edits.

Each edit is a pure function of the parsed tree: it never changes the tree it is given,
and returns the corrected tree with the path of the item to select afterwards, or None
when the edit does not apply there (the first item cannot move up, an item without a
following sibling cannot be merged…). A screen keeps the tree before and after, so an
undo is always exact; the command line or a script can apply the same edits.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.importing.parsed import Node
from ctrdesk.core.importing.thresholds import parse_threshold_cell
from ctrdesk.core.importing.timespec import parse_time
from ctrdesk.core.vocabulary import PARSED_KIND_LABELS

Path = tuple[int, ...]  # child positions from the top of the tree



@dataclass(frozen=True)
class Edited:
    """The tree after an edit, and the item to select in it."""

    items: list[Node]
    select: Path


@dataclass(frozen=True)
class ItemFields:
    """An item's fields as the reviewer wrote them (units as lists of names)."""

    kind: str
    number: str
    text: str
    lead: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    implementing: tuple[str, ...] = ()
    time: str = ""
    threshold: str = ""


def unit_names(written: str) -> tuple[str, ...]:
    """"Vụ 1; Vụ 2" → ("Vụ 1", "Vụ 2"): the units of a field, ``;`` between them."""
    return tuple(name.strip() for name in written.split(";") if name.strip())


def _locate(items: list[Node], path: Path) -> tuple[list[Node], int] | None:
    """The sibling list holding the item at ``path`` and its row there."""
    if not path:
        return None
    siblings = items
    for row in path[:-1]:
        if not 0 <= row < len(siblings):
            return None
        siblings = siblings[row].children
    if not 0 <= path[-1] < len(siblings):
        return None
    return siblings, path[-1]


def _in_copy(items: list[Node], path: Path) -> tuple[list[Node], list[Node], int] | None:
    """A deep copy of ``items`` (an edit never changes what it was given), with the sibling
    list holding the item at ``path`` in that copy and its row there."""
    after = copy.deepcopy(items)
    found = _locate(after, path)
    if found is None:
        return None
    return after, found[0], found[1]


def _node_text(node: Node) -> str:
    return node.title or node.text


def _set_text(node: Node, text: str) -> None:
    # A heading keeps its words in ``title``, a task in ``text``.
    if node.title:
        node.title = text
    else:
        node.text = text


def edit_item(items: list[Node], path: Path, fields: ItemFields,
              year: int | None = None) -> Edited | None:
    """Set an item's kind, number, text, units, time and target threshold.

    A time is read against the document's ``year``; a threshold that is not one
    ("nhiều") is refused, naming the field, and nothing changes.
    """
    if fields.kind not in PARSED_KIND_LABELS:
        raise ValidationError(_("Unknown kind of item: {kind}").format(kind=fields.kind),
                              field="kind")
    threshold_text = fields.threshold.strip()
    threshold = parse_threshold_cell(threshold_text) if threshold_text else None
    if threshold_text and threshold is None:
        raise ValidationError(_("Not a threshold: write e.g. 100%, > 90%, 60 - 80"),
                              field="threshold")
    located = _in_copy(items, path)
    if located is None:
        return None
    after, siblings, row = located
    node = siblings[row]
    node.kind, node.number = fields.kind, fields.number.strip()
    _set_text(node, " ".join(fields.text.split()))
    node.lead = list(fields.lead)
    node.coordinating = list(fields.coordinating)
    node.implementing = list(fields.implementing)
    time_text = fields.time.strip()
    if not time_text:
        node.time = None
    elif node.time is None or node.time.text != time_text:
        node.time = parse_time(time_text, year)
    # An unchanged threshold keeps what the parser read (its source words included).
    if threshold is None:
        node.threshold = None
    elif node.threshold is None or node.threshold.describe() != threshold.describe():
        node.threshold = threshold
    return Edited(after, path)


def _move(items: list[Node], path: Path, step: int) -> Edited | None:
    located = _in_copy(items, path)
    if located is None or not 0 <= located[2] + step < len(located[1]):
        return None
    after, siblings, row = located
    siblings[row + step], siblings[row] = siblings[row], siblings[row + step]
    return Edited(after, (*path[:-1], row + step))


def move_up(items: list[Node], path: Path) -> Edited | None:
    """Swap the item with the sibling above it."""
    return _move(items, path, -1)


def move_down(items: list[Node], path: Path) -> Edited | None:
    """Swap the item with the sibling below it."""
    return _move(items, path, 1)


def indent(items: list[Node], path: Path) -> Edited | None:
    """Make the item the last child of the sibling above it."""
    located = _in_copy(items, path)
    if located is None or located[2] == 0:
        return None
    after, siblings, row = located
    node = siblings.pop(row)
    new_parent = siblings[row - 1]
    new_parent.children.append(node)
    return Edited(after, (*path[:-1], row - 1, len(new_parent.children) - 1))


def outdent(items: list[Node], path: Path) -> Edited | None:
    """Make the item the sibling that follows its parent."""
    if len(path) < 2:
        return None
    located = _in_copy(items, path)
    if located is None:
        return None
    after, siblings, row = located
    parent = _locate(after, path[:-1])
    if parent is None:
        return None
    node = siblings.pop(row)
    parent_siblings, parent_row = parent
    parent_siblings.insert(parent_row + 1, node)
    return Edited(after, (*path[:-2], parent_row + 1))


def merge_with_next(items: list[Node], path: Path) -> Edited | None:
    """Join the next sibling's words, units, time, threshold and children into the item."""
    located = _in_copy(items, path)
    if located is None or located[2] + 1 >= len(located[1]):
        return None
    after, siblings, row = located
    node, following = siblings[row], siblings.pop(row + 1)
    extra = " ".join(x for x in (following.title, following.text) if x)
    _set_text(node, f"{_node_text(node)} {extra}".strip())
    node.lead += following.lead
    node.coordinating += following.coordinating
    node.implementing += following.implementing
    node.time = node.time or following.time
    node.threshold = node.threshold or following.threshold
    node.children += following.children
    node.lines = sorted(set(node.lines + following.lines))
    return Edited(after, path)


def split(items: list[Node], path: Path, text: str, position: int) -> Edited | None:
    """Split the item's ``text`` at ``position`` into the item and a new sibling after it.

    The new sibling has the same kind and source lines; nothing happens when either part
    would be empty.
    """
    head, tail = text[:position].strip(), text[position:].strip()
    if not head or not tail:
        return None
    located = _in_copy(items, path)
    if located is None:
        return None
    after, siblings, row = located
    first = siblings[row]
    second = Node(first.kind, lines=list(first.lines))
    if first.title:
        first.title, second.title = head, tail
    else:
        first.text, second.text = head, tail
    siblings.insert(row + 1, second)
    return Edited(after, (*path[:-1], row + 1))


def delete(items: list[Node], path: Path) -> Edited | None:
    """Remove the item (and its children); select the item now in its place."""
    located = _in_copy(items, path)
    if located is None:
        return None
    after, siblings, row = located
    siblings.pop(row)
    if siblings:
        return Edited(after, (*path[:-1], min(row, len(siblings) - 1)))
    return Edited(after, path[:-1])
