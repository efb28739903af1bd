"""One vocabulary: the enums name exactly what the store and the documents accept."""

from __future__ import annotations

from ctrdesk.core import vocabulary as v
from ctrdesk.core.documents.kinds import KINDS
from ctrdesk.core.i18n import _, set_language
from ctrdesk.core.programs.execution import RECURRENCES
from ctrdesk.core.store.models import ITEM_STATUSES, PROGRAM_KINDS, UNIT_ROLES


def test_the_enums_are_the_stored_words():
    assert [s.value for s in v.ItemStatus] == list(ITEM_STATUSES)
    assert [k.value for k in v.ProgramKind] == list(PROGRAM_KINDS)
    assert [r.value for r in v.UnitRole] == list(UNIT_ROLES)
    assert {k.value for k in v.DocumentKind} == set(KINDS)
    assert {r.value for r in v.Recurrence} - {""} == set(RECURRENCES)


def test_every_word_has_a_label_in_vietnamese():
    set_language("vi")
    for enum, labels in ((v.ItemStatus, v.ITEM_STATUS_LABELS),
                         (v.ProgramKind, v.PROGRAM_KIND_LABELS),
                         (v.DocumentKind, v.DOCUMENT_KIND_LABELS),
                         (v.Recurrence, v.RECURRENCE_LABELS)):
        for member in enum:
            assert _(labels[member]) != labels[member] or not labels[member], member
    assert _(v.ITEM_STATUS_LABELS[v.ItemStatus.OVERDUE]) == "Quá hạn"


def test_submission_statuses_and_parsed_kinds_read_in_vietnamese():
    set_language("vi")
    for enum, labels in ((v.SubmissionStatus, v.SUBMISSION_STATUS_LABELS),
                         (v.ParsedKind, v.PARSED_KIND_LABELS)):
        assert set(labels) == {m.value for m in enum}
        for member in enum:
            assert _(labels[member]) != labels[member], member
    assert v.submission_status_label("superseded_older") == _(
        "Imported, replaces the older package") != "Imported, replaces the older package"
    assert v.submission_status_label("current") == _("In force") != "In force"
    assert v.submission_status_label("something new") == "something new"
    # A record's choices and an item's statuses read the same wherever they show.
    assert v.choice_label("overdue") == "Quá hạn"
    assert v.choice_label("held") == _("Held") != "Held"
    assert v.choice_label("") == "" and v.choice_label("unheard-of") == "unheard-of"


def test_the_window_keeps_no_label_dictionary_of_its_own():
    """Labels of stored words live in the vocabulary: a dictionary of ``N_()`` words in
    ``ui/`` is a second vocabulary that drifts from the first."""
    import ast
    from pathlib import Path

    import ctrdesk.ui

    own = []
    for path in sorted(Path(ctrdesk.ui.__file__).parent.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Dict) and value.values and all(
                    isinstance(x, ast.Call) and getattr(x.func, "id", "") == "N_"
                    for x in value.values):
                own.append(f"{path.name}:{node.lineno}")
    assert own == []
