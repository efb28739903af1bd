"""A date typed as Vietnamese users write it, kept exactly as typed.

Qt's QDateEdit edits a date section by section, each checked against the others: typing
31/12/2026 over 10/02/2026 refuses the day 31 (February is shorter) and keeps 10, so a
deadline typed 31/12 was saved as 10/12, 28/12 or 29/12 depending on the start date; an
impossible 31/02 silently became 28/02. This field reads the whole text at once with the
core's strict parser instead: the typed date is kept, an impossible one is refused.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.validation import optional_date


class DateLineEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None, *, field: str = "date",
                 label: str | None = None):
        super().__init__(parent)
        self.field = field
        self.label = label
        self.setPlaceholderText(_("dd/mm/yyyy"))
        # Digits and separators only; whether it is a real day is checked on commit.
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9/.\- ]{0,12}"), self))

    def set_date(self, value: date | None) -> None:
        self.setText(format_short_date(value))

    def date_value(self) -> date | None:
        """The typed date, None when empty; a ValidationError names an impossible one."""
        return optional_date(self.text(), field=self.field, label=self.label)
