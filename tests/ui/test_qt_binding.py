"""The Qt binding must not drop references to None (PySide6 6.12.0 does, see pyproject)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QLabel


class _Empty(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 1

    def columnCount(self, parent=QModelIndex()):  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_calls_returning_nothing_keep_the_reference_count_of_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    model = _Empty()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Chi bộ Vụ 14")
        model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    # A few references may come and go; thousands lost means the binding is broken.
    assert abs(sys.getrefcount(None) - before) < 100
