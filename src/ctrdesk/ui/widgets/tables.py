"""The list tables of the pages: whole rows chosen, alternating colours, no row numbers."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def row_table(model: QAbstractItemModel, name: str, parent: QWidget, *,
              single: bool = True) -> QTableView:
    """A table over ``model`` whose rows are chosen whole (one at a time when ``single``)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    return table
