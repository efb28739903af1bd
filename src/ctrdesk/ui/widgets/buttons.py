"""The rows of action buttons under a list or a section."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

Action = tuple[str, str, Callable[[], object]]  # key, text, what a click does


def button_row(parent: QWidget, prefix: str, actions: Iterable[Action]
               ) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """A left-aligned row with a button per action, named ``{prefix}_{key}``; the row and
    the buttons by key."""
    row = QHBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for key, text, slot in actions:
        button = QPushButton(text, parent)
        button.setObjectName(f"{prefix}_{key}")
        button.clicked.connect(lambda _c=False, s=slot: s())
        buttons[key] = button
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons
