"""The pages of a document as images, with zoom and page navigation; rendered off the UI
thread (pdfium one thread at a time)."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.ui.operations import operations_of

_PDFIUM = threading.Lock()  # pdfium may be used from one thread at a time


def page_images(pdf: bytes, scale: float) -> list[QImage]:
    """Each page of a PDF as an image (pypdfium2, which pdfplumber brings). Safe to call
    from a worker thread: QImage, unlike QPixmap, may be made off the UI thread."""
    with _PDFIUM:
        return _page_images(pdf, scale)


def _page_images(pdf: bytes, scale: float) -> list[QImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=scale)
            picture = bitmap.to_pil().convert("RGB")
            data = picture.tobytes("raw", "RGB")
            image = QImage(data, picture.width, picture.height, picture.width * 3,
                           QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels: ``data`` goes away
    finally:
        document.close()
    return images


class Preview(QWidget):
    """Rendered pages, zoom and page navigation; pages are rendered off the UI thread."""

    rendered = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preview")
        self._generation = 0  # a newer render makes an older one's result stale
        self.pdf: bytes = b""
        self.zoom = 1.0
        self.page = 0
        self.images: list[QImage] = []
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea(self)
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        buttons = QHBoxLayout()
        for text, handler in (("◀", lambda: self.go(self.page - 1)),
                              ("▶", lambda: self.go(self.page + 1)),
                              ("−", lambda: self.set_zoom(self.zoom / 1.25)),
                              ("+", lambda: self.set_zoom(self.zoom * 1.25))):
            button = QPushButton(text, self)
            button.setMaximumWidth(40)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addWidget(self.page_label)
        buttons.addStretch(1)
        pages = QWidget(self)
        pages_layout = QVBoxLayout(pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        pages_layout.addLayout(buttons)
        pages_layout.addWidget(scroll, 1)
        self.empty = self._empty_state()
        self.views = QStackedWidget(self)
        self.views.addWidget(self.empty)
        self.views.addWidget(pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)

    def _empty_state(self) -> QWidget:
        """Shown while no document is chosen: what to do, with the button to do it."""
        from ctrdesk.ui.icons import icon

        empty = QWidget(self)
        empty.setObjectName("previewEmpty")
        picture = QLabel(empty)
        picture.setPixmap(icon("nav-reports").pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = QLabel("<h3>" + _("Nothing to preview yet") + "</h3>", empty)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_text = QLabel(empty)
        self.empty_text.setObjectName("previewEmptyText")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.draft_button = QPushButton(_("Draft a new report"), empty)
        self.draft_button.setObjectName("draftReportButton")
        # A centred column: the wrapped text keeps its full height (no alignment flag).
        column = QWidget(empty)
        column.setMaximumWidth(440)
        column_layout = QVBoxLayout(column)
        for widget in (picture, title, self.empty_text):
            column_layout.addWidget(widget)
        column_layout.addSpacing(8)
        column_layout.addWidget(self.draft_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(empty)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.set_empty_text(has_documents=False)
        return empty

    def set_empty_text(self, *, has_documents: bool) -> None:
        self.empty_text.setText(_(
            "Choose a document in the register to see its pages here, or draft a new "
            "report.") if has_documents else _(
            "No document yet. Draft the unit's first report: for the period typed above, "
            "or the current quarter when none is typed."))

    @property
    def is_empty(self) -> bool:
        return self.views.currentWidget() is self.empty

    def show_pdf(self, pdf: bytes) -> None:
        self.pdf, self.page = pdf, 0
        self._render()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(4.0, max(0.3, zoom))
        self._render()

    def go(self, page: int) -> None:
        if self.images and 0 <= page < len(self.images):
            self.page = page
            self._show()

    def _render(self) -> None:
        self._generation += 1
        generation, pdf, scale = self._generation, self.pdf, self.zoom * 1.2
        if not pdf:
            self.images = []
            self._show()
            self.rendered.emit()
            return
        self.page_label.setText(_("Rendering…"))
        self.views.setCurrentIndex(1)

        def done(images: object) -> None:
            if generation != self._generation:
                return
            self.images = images  # type: ignore[assignment]
            self.page = min(self.page, max(0, len(self.images) - 1))
            self._show()
            self.rendered.emit()

        operations_of(self).compute(lambda: page_images(pdf, scale), done,
                                    lambda exc: self.page_label.setText(exc.message))

    def _show(self) -> None:
        if not self.images:
            self.picture.clear()
            self.page_label.setText("")
            self.views.setCurrentWidget(self.empty)
            return
        self.views.setCurrentIndex(1)
        self.picture.setPixmap(QPixmap.fromImage(self.images[self.page]))
        self.page_label.setText(_("Page {page} of {pages} — zoom {zoom:.0%}").format(
            page=self.page + 1, pages=len(self.images), zoom=self.zoom))
