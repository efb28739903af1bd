"""The navigation reads at a glance: every page has its own icon beside its name, rows tall
enough to aim at, and the chosen page stands out; the icons ship with the app."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage

from conftest import settle, shown_window
from ctrdesk.core.paths import resources_dir
from ctrdesk.ui.main_window import PAGES

REPO = Path(__file__).resolve().parents[2]


def _image(icon: QIcon, mode: QIcon.Mode) -> QImage:
    return icon.pixmap(QSize(22, 22), mode).toImage()


def test_every_page_has_an_icon_and_the_chosen_one_stands_out(qtbot, workspace, qsettings):
    window = shown_window(qtbot, workspace, qsettings)
    nav = window.nav
    assert nav.count() == len(PAGES)
    images = []
    for row in range(nav.count()):
        item = nav.item(row)
        icon = item.icon()
        assert not icon.isNull(), f"{item.text()} has no icon"
        normal = _image(icon, QIcon.Mode.Normal)
        assert not normal.isNull() and normal != QImage(normal.size(), normal.format())
        # On the selected (blue) row the icon turns white, so it stays visible.
        assert _image(icon, QIcon.Mode.Selected) != normal, item.text()
        images.append(normal)
        # A row is tall enough to aim at with a mouse on a laptop's touchpad.
        assert nav.visualItemRect(item).height() >= 36, item.text()
    assert len({bytes(image.constBits()) for image in images}) == len(PAGES)  # all distinct

    nav.setCurrentRow(PAGES.index("reports"))
    chosen = nav.visualItemRect(nav.item(PAGES.index("reports")))
    other = nav.visualItemRect(nav.item(PAGES.index("records")))
    shot = nav.viewport().grab().toImage()
    assert shot.pixelColor(chosen.left() + 8, chosen.center().y()) != \
        shot.pixelColor(other.left() + 8, other.center().y())
    # Every page's name is read whole, beside its icon.
    metrics = nav.fontMetrics()
    for row in range(nav.count()):
        assert metrics.horizontalAdvance(nav.item(row).text()) + 22 < nav.viewport().width()
    settle(qtbot, window)


def test_the_icons_and_their_licence_ship_with_the_app():
    folder = resources_dir() / "icons"
    for key in PAGES:
        for name in (f"nav-{key}.svg", f"nav-{key}-selected.svg"):
            text = (folder / name).read_text(encoding="utf-8")
            assert "<svg" in text, name
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    # The packaged app carries the resources folder (icons included) and Qt's SVG support.
    spec = ast.parse((REPO / "build.spec").read_text(encoding="utf-8"))
    literals = [ast.literal_eval(node) for node in ast.walk(spec)
                if isinstance(node, ast.Tuple | ast.List)
                and all(isinstance(e, ast.Constant | ast.Tuple) for e in node.elts)]
    assert ("resources", "resources") in [t for lit in literals for t in
                                          (lit if isinstance(lit, list) else [lit])]
    assert any("PySide6.QtSvg" in lit for lit in literals if isinstance(lit, list))


def _tool_actions(widget) -> list:
    from PySide6.QtWidgets import QToolBar

    return [action for toolbar in widget.findChildren(QToolBar)
            for action in toolbar.actions() if not action.isSeparator()]


def test_every_toolbar_action_shows_an_icon_and_names_its_shortcut(qtbot, demo_workspace,
                                                                  qsettings):
    from conftest import ACTION_PROGRAM, shown_window
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.programs.service import list_programs
    from ctrdesk.ui.dialogs.review import ReviewDialog

    window = shown_window(qtbot, demo_workspace, qsettings)
    unit = next(p for p in list_programs(demo_workspace) if p.kind == "unit_program")
    editor = window.programs_page.open_program(unit.id)
    source, program = parse_file(ACTION_PROGRAM)
    review = ReviewDialog(source, program)
    qtbot.addWidget(review)
    for actions in (_tool_actions(editor), _tool_actions(review)):
        assert len(actions) >= 9
        for action in actions:
            assert not action.icon().isNull(), action.text()
            assert not action.icon().pixmap(18, 18).isNull(), action.text()
            keys = action.shortcut().toString()
            if keys and action.isEnabled():
                assert keys in action.toolTip(), (action.text(), action.toolTip())
