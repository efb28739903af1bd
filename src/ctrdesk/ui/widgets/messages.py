"""The line where a form or dialog says what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def error_label(parent: QWidget, name: str) -> QLabel:
    """A wrapping label in the error colour, named ``name``, hidden until it has
    something to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    label.hide()
    return label
