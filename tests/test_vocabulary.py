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
