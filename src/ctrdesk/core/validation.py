"""Small checks shared by the services: each raises a ValidationError naming the field.

Messages name fields the way the user sees them (``FIELD_LABELS``), never by the internal
names; a form's checks are collected with :class:`Problems` and refused all at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date, datetime

from ctrdesk.core.errors import CtrdeskError, InvalidInput, Problem, ValidationError
from ctrdesk.core.i18n import N_, _

# What users call the fields the services check (record kinds carry their own labels).
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "kind": N_("Kind"),
    "parent": N_("Superior body"),
    "abbreviation": N_("Abbreviation"),
    "organization": N_("Unit"),
    "unit": N_("Unit"),
    "full_name": N_("Full name"),
    "birth_date": N_("Date of birth"),
    "gender": N_("Gender"),
    "admitted_on": N_("Date of admission to the Party"),
    "official_on": N_("Date of becoming an official member"),
    "title": N_("Title"),
    "position": N_("Position"),
    "role": N_("Position in the committee"),
    "retired": N_("Retired"),
    "joined_on": N_("Date of transfer in"),
    "joined_from": N_("Transferred from"),
    "left_on": N_("Date of leaving"),
    "left_to": N_("Transferred to"),
    "note": N_("Note"),
    "text": N_("Content"),
    "number": N_("Number"),
    "responsible_person": N_("Responsible person"),
    "action": N_("Concrete action"),
    "deadline": N_("Deadline"),
    "deadline_text": N_("Deadline as written"),
    "recurrence": N_("Check-in"),
    "resources": N_("Resources"),
    "accountable": N_("Accountable"),
    "status": N_("Status"),
    "progress": N_("Progress"),
    "period": N_("Period"),
    "place": N_("Place name"),
}


def label_of(field: str) -> str:
    """The translated label of a field ("birth_date" → "Ngày sinh"); unknown names pass."""
    label = FIELD_LABELS.get(field)
    return _(label) if label else field


def clean_text(text: str) -> str:
    """NFC, single spaces, no surrounding blanks: how every name is stored."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def require_text(value: str, *, field: str, message: str) -> str:
    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(message, field=field)
    return cleaned


def require_choice(value: str, choices: Collection[str], *, field: str, message: str) -> str:
    """``message`` may use {value} and {choices}."""
    if value not in choices:
        raise ValidationError(
            message.format(value=value, choices=", ".join(choices)), field=field
        )
    return value


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object, *, field: str = "date", label: str | None = None) -> date:
    """A date as users type it (dd/mm/yyyy, also d/m/yyyy or with dots or dashes), as ISO
    (yyyy-mm-dd), or a date already. Strict: 31/02/2026 is refused, never moved to the
    end of the month; the message names the field by ``label`` and repeats what was typed.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    parts: tuple[int, int, int] | None = None
    if match := _DMY.fullmatch(text):
        parts = int(match.group(3)), int(match.group(2)), int(match.group(1))
    elif match := _ISO.fullmatch(text):
        parts = int(match.group(1)), int(match.group(2)), int(match.group(3))
    shown = label if label is not None else label_of(field)
    if parts is None:
        raise ValidationError(_("{field}: “{value}” is not a date; write it as dd/mm/yyyy.")
                              .format(field=shown, value=text), field=field)
    try:
        return date(*parts)
    except ValueError as exc:
        raise ValidationError(_("{field}: {value} is not a day of the calendar.")
                              .format(field=shown, value=text), field=field) from exc


def optional_date(value: object, *, field: str, label: str | None = None) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, field=field, label=label)


class Problems:
    """Collects every wrong field of one input, then refuses them all at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, field: str, message: str, line: int | None = None) -> None:
        self.items.append(Problem(field, message, line))

    def catch(self, error: CtrdeskError, line: int | None = None) -> None:
        """Keep a refusal raised by a single check (its problems, if it had several)."""
        if isinstance(error, InvalidInput):
            for problem in error.problems:
                self.items.append(Problem(problem.field, problem.message,
                                          line if line is not None else problem.line))
        else:
            self.add(error.field or "", error.message, line if line is not None else error.line)

    def __bool__(self) -> bool:
        return bool(self.items)

    def fields(self) -> set[str]:
        return {p.field for p in self.items}

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)
