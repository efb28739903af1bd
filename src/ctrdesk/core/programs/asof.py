"""A unit program as it stood on a date, from its dated history.

Every document about a period (the report, the program issued on a day, the consolidated
report, a submission package) shows the state at the period's end, not today's rows:

- an item's status and progress come from its latest progress note on or before the date
  (every change of status or progress writes one); an item with notes only after the date
  had not started; an item with no note at all has no history, so its row is all we know;
- a target's reading is its latest reading on or before the date;
- an unfinished item past its deadline on that date is overdue then.

The tasks of a program are its actionable items that are not group headings: an item
whose children are themselves actionable is the heading of a group, never a task.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ctrdesk.core.programs.execution import effective_status, meets
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import ProgramItem, ProgressNote, Target, TargetReading


@dataclass(frozen=True)
class ItemState:
    status: str  # as recorded then
    progress: int
    shown: str  # the status shown for the date: overdue if unfinished past its deadline


@dataclass(frozen=True)
class TargetState:
    target: Target
    text: str  # the target's own words (see own_target_texts)
    reading: float | None
    attained: bool | None
    as_of: date | None
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None


def item_states(ws: Workspace, program_id: int, on: date) -> dict[int, ItemState]:
    """Each item's status and progress as they stood on ``on``."""
    with ws.reading():
        items = list(ProgramItem.select().where(ProgramItem.program == program_id))
        notes: dict[int, list[ProgressNote]] = defaultdict(list)
        for note in (ProgressNote.select().join(ProgramItem)
                     .where(ProgramItem.program == program_id)
                     .order_by(ProgressNote.noted_on, ProgressNote.id)):
            notes[note.item_id].append(note)  # type: ignore[attr-defined]
    states = {}
    for item in items:
        history = notes.get(item.id, [])
        before = [n for n in history if n.noted_on <= on]
        if before:
            last = before[-1]
            status = last.status or item.status
            progress = last.progress if last.progress is not None else item.progress
        elif history:
            status, progress = "not_started", 0
        else:
            status, progress = item.status, item.progress
        states[item.id] = ItemState(status, progress, effective_status(status, item.deadline,
                                                                       on))
    return states


def tasks_of(items: list[ProgramItem]) -> list[ProgramItem]:
    """The actionable items that are tasks: group headings (items with actionable
    children) are not counted."""
    actionable = [i for i in items if i.role and i.kind != "target"]
    parents = {i.parent_id for i in actionable}  # type: ignore[attr-defined]
    return [i for i in actionable if i.id not in parents]


def target_states(ws: Workspace, program_id: int, on: date | None) -> list[TargetState]:
    """Each target of the program with its latest reading on or before ``on`` (None:
    no reading at all, as a program shows its targets before any reading)."""
    with ws.reading():
        targets = list(Target.select().where(Target.program == program_id).order_by(Target.id))
        latest: dict[int, TargetReading] = {}
        if on is not None:
            for reading in (TargetReading.select().join(Target)
                            .where((Target.program == program_id)
                                   & (TargetReading.as_of <= on))
                            .order_by(TargetReading.as_of, TargetReading.id)):
                latest[reading.target_id] = reading  # type: ignore[attr-defined]
        texts = own_target_texts(targets, item_texts(targets))
    result = []
    for target in targets:
        row = latest.get(target.id)
        if row is None:
            result.append(TargetState(target, texts[target.id], None, None, None))
            continue
        value = (100.0 * (row.numerator or 0) / (row.denominator or 1)
                 if target.unit == "percent" else float(row.count or 0))
        result.append(TargetState(target, texts[target.id], round(value, 2),
                                  meets(target.op, target.value, target.max_value, value),
                                  row.as_of, row.numerator, row.denominator, row.count))
    return result


def _number_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def own_text(text: str, value: float, unit: str) -> str:
    """The clause of ``text`` that carries this threshold: where the importer made two
    targets of one sentence ("99% … trở lên …, trong đó 20% … xuất sắc"), each keeps
    its own part. The whole text when no clause names the value."""
    import re

    clauses = [c.strip(" ,;.") for c in re.split(r";|,\s*(?=trong đó\b)|\.\s+", text)
               if c.strip(" ,;.")]
    if len(clauses) < 2:
        return text
    number = _number_text(value)
    pattern = re.compile(rf"(?<![\d,.]){re.escape(number)}(?![\d])"
                         + (r"\s*%" if unit == "percent" else ""))
    mine = [c for c in clauses if pattern.search(c)]
    if len(mine) != 1:
        return text
    clause = mine[0]
    return clause[0].upper() + clause[1:]


def item_texts(targets: list[Target]) -> dict[int, str]:
    """The words of the items the targets belong to (read inside a transaction)."""
    ids = {t.item_id for t in targets if t.item_id}  # type: ignore[attr-defined]
    if not ids:
        return {}
    rows = ProgramItem.select(ProgramItem.id, ProgramItem.title, ProgramItem.text).where(
        ProgramItem.id.in_(list(ids)))
    return {i.id: " ".join((i.title or i.text).split()) for i in rows}


def _bare(text: str) -> bool:
    """A cell holding only a threshold ("100%", "> 90%"), as appendix tables write it."""
    import re

    return not re.search(r"[^\W\d_]{2,}", text)


def own_target_texts(targets: list[Target], items: dict[int, str] | None = None
                     ) -> dict[int, str]:
    """Each target's own words; two targets never print the same text (when their
    sentence is shared and no clause tells them apart, the threshold is added). A target
    whose text is only its threshold (an appendix table's cell) takes its row's words."""
    from ctrdesk.core.importing.thresholds import Threshold

    items = items or {}
    counts: dict[str, int] = defaultdict(int)
    for target in targets:
        counts[" ".join(target.text.split())] += 1
    texts: dict[int, str] = {}
    for target in targets:
        text = " ".join(target.text.split())
        row = items.get(target.item_id or 0, "")  # type: ignore[attr-defined]
        if _bare(text) and row and not _bare(row):
            text = row
        elif counts[text] > 1:
            text = own_text(text, target.value, target.unit)
        texts[target.id] = text
    seen: dict[str, int] = defaultdict(int)
    for text in texts.values():
        seen[text] += 1
    for target in targets:
        if seen[texts[target.id]] > 1:
            wanted = Threshold(target.op, target.value, target.max_value, target.unit)
            texts[target.id] = f"{texts[target.id]} (mức {wanted.describe()})"
    return texts


def overdue_on(states: dict[int, ItemState]) -> set[int]:
    return {item_id for item_id, state in states.items() if state.shown == "overdue"}
