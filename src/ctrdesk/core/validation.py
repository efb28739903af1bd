"""Small checks shared by the services: each raises a ValidationError naming the field."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from ctrdesk.core.errors import ValidationError


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
