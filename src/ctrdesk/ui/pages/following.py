"""A page that shows what the workspace holds and follows its changes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


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

    def setVisible(self, visible: bool) -> None:
        # The stack shows a page it makes current with show(), i.e. setVisible(True): a
        # showEvent() override would make PySide build QEvent (its ~170 types) before the
        # first page's content is in view.
        super().setVisible(visible)
        if visible and self._stale:
            self._stale = False
            self.reload()
