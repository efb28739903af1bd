"""Charts of the consolidation: attainment of each target across units, and which units
have submitted for the period."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ctrdesk.core.i18n import _, format_number, format_percent, format_short_date

if TYPE_CHECKING:
    from ctrdesk.core.exchange.consolidation import Submissions, TargetRollup

ATTAINED = QColor("#2e7d32")
NOT_ATTAINED = QColor("#c62828")
NO_READING = QColor("#9e9e9e")


class AttainmentChart(QWidget):
    """One bar per parent target: the overall result against the threshold (the tick),
    green when attained, red when not, grey when no unit reported it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attainmentChart")
        self.targets: list[TargetRollup] = []
        self.setMinimumHeight(120)

    def set_targets(self, targets: list[TargetRollup]) -> None:
        self.targets = targets
        self.setMinimumHeight(40 + 26 * len(targets))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 40 + 26 * max(len(self.targets), 3))

    @staticmethod
    def scale_of(target: TargetRollup) -> float:
        """The value at the right end of the bar: 100 for percentages, else the larger of
        the threshold and the result."""
        if target.unit == "percent":
            return 100.0
        return max(float(target.max or 0), float(target.value or 0),
                   float(target.overall or 0), 1.0)

    @staticmethod
    def value_text(target: TargetRollup) -> str:
        """The result written beside the bar, the way the interface's language writes
        numbers ("85,7%" in Vietnamese)."""
        if target.overall is None:
            return "—"
        if target.unit == "percent":
            return format_percent(target.overall, 1)
        return format_number(target.overall, 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.targets:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("No target to show for this period."))
            return
        label_width = min(260, self.width() // 3)
        left, right = label_width + 10, self.width() - 70
        metrics = painter.fontMetrics()
        for row, target in enumerate(self.targets):
            top = 10 + 26 * row
            label = metrics.elidedText(f"{row + 1}. {target.target}",
                                       Qt.TextElideMode.ElideRight, label_width)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(4, top, label_width, 20),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            span = max(right - left, 10)
            scale = self.scale_of(target)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette().alternateBase())
            painter.drawRect(QRectF(left, top + 3, span, 14))
            overall = target.overall
            colour = NO_READING if target.attained is None else (
                ATTAINED if target.attained else NOT_ATTAINED)
            if overall is not None:
                painter.setBrush(colour)
                painter.drawRect(QRectF(left, top + 3, span * min(overall / scale, 1.0), 14))
            threshold = target.value
            if threshold is not None:
                x = left + span * min(float(threshold) / scale, 1.0)
                painter.setPen(QPen(self.palette().text().color(), 2))
                painter.drawLine(QPointF(x, top), QPointF(x, top + 20))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(right + 6, top, 64, 20),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             self.value_text(target))


class SubmissionsChart(QWidget):
    """Packages received over time: the cumulative count of units that have submitted,
    day by day from the end of the period, against the number of units and the due date."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("submissionsChart")
        self.days: list[tuple[date, int]] = []
        self.units = 0
        self.due: date | None = None
        self.setMinimumHeight(160)

    def set_submissions(self, submissions: Submissions, due: date | None) -> None:
        self.units = submissions.units
        self.due = due
        made = sorted(datetime.fromisoformat(u.created).date()
                      for u in submissions.by_unit if u.created)
        self.days = []
        for number, day in enumerate(made, start=1):
            if self.days and self.days[-1][0] == day:
                self.days[-1] = (day, number)
            else:
                self.days.append((day, number))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text = self.palette().text().color()
        if not self.days:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("No package received for this period."))
            return
        plot = QRectF(44, 12, self.width() - 60, self.height() - 40)
        first = self.days[0][0]
        last = max(self.days[-1][0], self.due or first)
        span = max((last - first).days, 1)

        def x_of(day: date) -> float:
            return plot.left() + plot.width() * (day - first).days / span

        def y_of(count: int) -> float:
            return plot.bottom() - plot.height() * count / max(self.units, 1)

        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        small = QFont(painter.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 6))
        painter.setFont(small)
        painter.drawText(QRectF(0, plot.top() - 6, 40, 14), Qt.AlignmentFlag.AlignRight,
                         str(self.units))
        painter.drawText(QRectF(0, plot.bottom() - 8, 40, 14), Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(QRectF(plot.left(), plot.bottom() + 4, 120, 14),
                         Qt.AlignmentFlag.AlignLeft, format_short_date(first))
        painter.drawText(QRectF(plot.right() - 120, plot.bottom() + 4, 120, 14),
                         Qt.AlignmentFlag.AlignRight, format_short_date(last))
        # All units: the ceiling the curve should reach.
        painter.setPen(QPen(NO_READING, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(plot.left(), y_of(self.units)),
                         QPointF(plot.right(), y_of(self.units)))
        if self.due is not None:
            painter.setPen(QPen(NOT_ATTAINED, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x_of(self.due), plot.top()),
                             QPointF(x_of(self.due), plot.bottom()))
            painter.drawText(QPointF(x_of(self.due) + 3, plot.top() + 10), _("due"))
        painter.setPen(QPen(ATTAINED, 2))
        previous = QPointF(x_of(first), y_of(0))
        for day, count in self.days:
            step = QPointF(x_of(day), previous.y())
            point = QPointF(x_of(day), y_of(count))
            painter.drawLine(previous, step)
            painter.drawLine(step, point)
            previous = point
        painter.drawLine(previous, QPointF(x_of(last), previous.y()))


# --- dashboard -------------------------------------------------------------------------------
