"""The bundled icons (resources/icons, Tabler Icons under the MIT licence) and the look of
the navigation list that shows them."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QListWidget, QToolBar

from ctrdesk.core.paths import resources_dir

NAV_ICON_SIZE = 22
NAV_ROW_HEIGHT = 40
NAV_MIN_WIDTH = 180
SELECTED = "#1f5fa8"

_NAV_STYLE = f"""
QListWidget#navigation {{
    background: #f3f5f8;
    border: none;
    border-right: 1px solid #d5dae1;
    outline: 0;
    padding-top: 6px;
}}
QListWidget#navigation::item {{
    min-height: {NAV_ROW_HEIGHT}px;
    padding: 0 10px;
    margin: 1px 6px;
    border-radius: 4px;
    color: #1d2733;
}}
QListWidget#navigation::item:hover:!selected {{
    background: #e2e8f0;
}}
QListWidget#navigation::item:selected {{
    background: {SELECTED};
    color: #ffffff;
}}
"""


def icon(name: str) -> QIcon:
    """The icon ``name`` (resources/icons/NAME.svg), with its white variant
    (NAME-selected.svg) for a selected row when there is one."""
    folder = resources_dir() / "icons"
    found = QIcon(str(folder / f"{name}.svg"))
    selected = folder / f"{name}-selected.svg"
    if selected.is_file():
        for state in (QIcon.State.Off, QIcon.State.On):
            found.addFile(str(selected), QSize(), QIcon.Mode.Selected, state)
    return found


def tool_icon(action: QAction, name: str) -> None:
    """Give a toolbar action its icon (resources/icons/tool-NAME.svg) and a tooltip that
    names it with its shortcut ("Thêm mục (Ctrl+N)")."""
    action.setIcon(icon(f"tool-{name}"))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if keys:
        action.setToolTip(f"{action.text()} ({keys})")


def style_toolbar(toolbar: QToolBar) -> None:
    """Icons with their words beside them; what does not fit goes under the » button."""
    from PySide6.QtCore import Qt

    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)


def nav_icon(page: str) -> QIcon:
    return icon(f"nav-{page}")


def style_navigation(nav: QListWidget) -> None:
    """Icons beside the page names, rows tall enough to aim at, the chosen page plain;
    as wide as its longest name needs (call it once the items are in)."""
    nav.setIconSize(QSize(NAV_ICON_SIZE, NAV_ICON_SIZE))
    nav.setStyleSheet(_NAV_STYLE)
    metrics = nav.fontMetrics()
    longest = max((metrics.horizontalAdvance(nav.item(row).text())
                   for row in range(nav.count())), default=0)
    # icon, its gap to the text, the item's padding and margins, the frame
    nav.setFixedWidth(max(NAV_MIN_WIDTH, longest + NAV_ICON_SIZE + 8 + 2 * 10 + 2 * 6 + 24))
