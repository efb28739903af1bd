"""Choosing a person in a form: the unit's Party members, found by typing any part of the
name (with or without accents), each shown with their position.

Where only a member may be named (a meeting's chair, an attendance row, a rating), a name
that is not among the members is flagged at once and refused on saving. Where a guest may
be named (who prepared an agenda item, who answers a concern, who acts on a follow-up),
the name is kept as written and the picker says it is not a member.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ctrdesk.core.i18n import _
from ctrdesk.core.people.members import Member, role_label
from ctrdesk.core.textnorm import fold

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the member's full name
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # what typing is matched against
ERROR_STYLE = "QComboBox { background: #f8d7da; }"


def position_of(member: Member) -> str:
    """"Bí thư, Vụ trưởng": the position in the committee (when not a plain member), then
    the position in the agency."""
    parts = [role_label(member.role)] if member.role not in ("", "member") else []
    if member.title:
        parts.append(member.title)
    return ", ".join(parts)


def members_for_picking(ws: Any) -> list[Member]:
    """The members still in the workspace's own unit; none while no unit is chosen."""
    from ctrdesk.core.errors import CtrdeskError
    from ctrdesk.core.people.members import list_members

    try:
        return list_members(ws)
    except CtrdeskError:
        return []


class _Completer(QCompleter):
    """Matches the search text but puts the person's label in the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class PersonPicker(QComboBox):
    """An editable list of the members with completion; ``guests`` allows other names."""

    hint_changed = Signal(str)

    def __init__(self, members: Sequence[Member], parent: QWidget | None = None, *,
                 guests: bool = False):
        super().__init__(parent)
        self.guests = guests
        self.hint = ""
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.addItem("", None)
        for member in members:
            self._add(member.full_name, member.id, position_of(member))
        completer = _Completer(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # an editable combo has one
        line.setPlaceholderText(_("Type part of a name, or choose…") if not guests else
                                _("A member (type part of a name) or a guest's name"))
        line.editingFinished.connect(self.check)
        self.currentIndexChanged.connect(lambda _i: self.check())
        self.setToolTip(_("The unit's Party members; type any part of a name.") if not guests
                        else _("The unit's Party members; a guest's name is kept as written."))

    def _add(self, name: str, data: object, position: str = "") -> int:
        label = f"{name} — {position}" if position else name
        self.addItem(label, data)
        row = self.count() - 1
        self.setItemData(row, name, NAME_ROLE)
        self.setItemData(row, f"{label} {fold(label)}", SEARCH_ROLE)
        return row

    # -- reading and writing -------------------------------------------------------------
    def _row_of(self, text: str) -> int | None:
        """The row whose name or label is ``text`` (accents and case aside)."""
        wanted = fold(text)
        if not wanted:
            return None
        current = self.currentIndex()
        if current > 0 and fold(self.itemText(current)) == wanted:
            return current
        for row in range(1, self.count()):
            if wanted in (fold(self.itemText(row)), fold(str(self.itemData(row, NAME_ROLE)))):
                return row
        return None

    def set_person(self, value: object) -> None:
        """Show the person ``value`` (a member's id or a name as stored)."""
        if value in (None, ""):
            self.setCurrentIndex(0)
            return
        row = self.findData(value) if isinstance(value, int) else self._row_of(str(value))
        if row is None or row < 0:
            # Someone no longer in the unit (or a guest): shown as the record has it.
            row = self._add(str(value), str(value)) if not self.guests else None
        if row is None:
            self.setCurrentIndex(0)
            self.setEditText(str(value))
        else:
            self.setCurrentIndex(row)
        self.check()

    def person(self) -> int | str | None:
        """The chosen member's id; a name not among the members as typed (the core refuses
        it where a member is needed); None when empty."""
        text = self.currentText().strip()
        if not text:
            return None
        row = self._row_of(text)
        return self.itemData(row) if row is not None else text

    def name(self) -> str:
        """The member's full name, or the name as typed (a guest)."""
        text = self.currentText().strip()
        row = self._row_of(text)
        return str(self.itemData(row, NAME_ROLE)) if row is not None else text

    def is_member(self) -> bool:
        return self._row_of(self.currentText()) is not None

    # -- saying what a typed name is ---------------------------------------------------
    def check(self) -> None:
        """A member's name typed out becomes that member (shown with the position);
        another name is flagged, or kept as a guest's where guests may be named."""
        text = self.currentText().strip()
        row = self._row_of(text)
        if row is not None and row != self.currentIndex():
            self.setCurrentIndex(row)  # checks again
            return
        if not text or row is not None:
            hint = ""
        elif self.guests:
            hint = _("“{name}” is not among the unit's members: kept as written (a guest).")
        else:
            hint = _("“{name}” is not among the unit's members: choose one from the list.")
        hint = hint.format(name=text)
        self.setStyleSheet(ERROR_STYLE if hint and not self.guests else "")
        if hint != self.hint:
            self.hint = hint
            self.hint_changed.emit(hint)
