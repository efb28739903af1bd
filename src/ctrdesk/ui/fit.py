"""Dialogs sized for the screen they open on: a 1366×768 laptop is common in the units,
so a dialog asks for its preferred size and gets at most what the screen has room for."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = (16, 48)  # room for the window frame and title bar, and a taskbar


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height``, or less when its screen is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry()
    widget.resize(min(width, room.width() - FRAME[0]), min(height, room.height() - FRAME[1]))


def headers_fit(view: QWidget) -> None:
    """Widen every column of a table view whose heading would be cut: the heading is how
    the user knows what the column holds. Kept when the model is reset."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    assert isinstance(view, QAbstractItemView)
    header = view.horizontalHeader()  # type: ignore[attr-defined]

    def widen() -> None:
        try:
            model = header.model()
        except RuntimeError:  # the view is gone, its model lives on
            return
        if model is None:
            return
        metrics = header.fontMetrics()
        for section in range(header.count()):
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            if not text:
                continue
            needed = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 24
            if header.sectionSize(section) < needed:
                header.resizeSection(section, needed)

    widen()
    model = view.model()
    if model is not None:
        model.modelReset.connect(widen)
        model.headerDataChanged.connect(lambda *_a: widen())
