"""A page that shows what the workspace holds and follows its changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent


class FollowingPage(QWidget):
    """Reloads on a change it shows: at once while visible; a hidden page only notes it
    and reloads when it is shown again, so hidden pages cost nothing while the user edits."""

    _stale = False

    def reload(self) -> None:
        raise NotImplementedError

    def follow(self, relevant: bool) -> None:
        if not relevant:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)
