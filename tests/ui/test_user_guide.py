"""Help → User guide shows the Vietnamese guide in the window, every picture in it loads
(pictures the test suite makes of the pages at 1366×768), and the command line copies it."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument

from conftest import run_ctrdesk, shown_window
from ctrdesk.core.guide import guide_dir, guide_images, guide_index
from ctrdesk.ui.main_window import PAGES

TASKS = ("batdau", "dangvien", "nhap", "cuthehoa", "ghichep", "baocao", "kyso", "guilen",
         "tonghop", "hangthang", "hoidap")


def _image(resource: object) -> QImage:
    if isinstance(resource, QImage):
        return resource
    if isinstance(resource, QPixmap):
        return resource.toImage()
    image = QImage()
    if resource is not None:
        image.loadFromData(bytes(resource))  # type: ignore[call-overload]
    return image


def shown_images(browser) -> dict[str, QImage]:
    """The pictures the browser drew, as it loaded them (a broken one is a null image)."""
    browser.grab()  # laid out and painted: every picture is asked for
    document = browser.document()
    return {name: _image(document.resource(QTextDocument.ResourceType.ImageResource.value,
                                           QUrl(name)))
            for name in guide_images(document.toHtml())}


def test_help_opens_the_user_guide_with_every_picture(qtbot, demo_workspace, qsettings):
    window = shown_window(qtbot, demo_workspace, qsettings)
    help_menu = window.menuBar().actions()[-1].menu()
    action = next(a for a in help_menu.actions()
                  if a.text().replace("&", "") == "Hướng dẫn sử dụng")
    action.trigger()
    guide = window.guide_dialog
    qtbot.waitExposed(guide)
    assert guide.windowTitle() == "Hướng dẫn sử dụng"
    browser = guide.browser
    text = browser.toPlainText()
    assert text.startswith("Hướng dẫn sử dụng ctrdesk")
    for words in ("Thiết lập cấp ủy", "Nhập danh sách…", "Cụ thể hóa chương trình cho đơn vị "
                  "này…", "Ban hành (cấp số)", "Ký số…", "Tạo gói đã ký", "Tổng hợp"):
        assert words in text, words  # the buttons as the window names them
    images = shown_images(browser)
    assert len(images) >= 10
    broken = [name for name, image in images.items() if image.isNull()]
    assert not broken, f"pictures that do not load: {broken}"
    for name, image in images.items():
        if "page_" in name or "program_" in name:  # a whole window at 1366×768
            assert image.width() == 1366, (name, image.width())
    # A link of the contents moves within the guide; Contents comes back to the top.
    browser.setSource(QUrl("#kyso"))
    assert browser.verticalScrollBar().value() > 0
    browser.home()
    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() == 0)
    action.trigger()  # asked again: the same window, not a second one
    assert window.guide_dialog is guide
    guide.close()


def test_a_missing_picture_shows_as_broken(qtbot, tmp_path):
    """The check above would see a picture that does not load."""
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setSearchPaths([str(guide_dir())])
    browser.setHtml('<p><img src="images/page_00_home.png"></p>'
                    '<p><img src="images/khong-co.png"></p>')
    images = shown_images(browser)
    assert not images["images/page_00_home.png"].isNull()
    assert images["images/khong-co.png"].isNull()


def test_the_guide_covers_every_task_with_the_pictures_the_tests_make():
    html = guide_index().read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a name="(\w+)"', html))
    assert set(TASKS) <= anchors
    assert {f"#{t}" for t in TASKS} <= set(re.findall(r'href="(#\w+)"', html))
    for name in guide_images(html):
        assert (guide_dir() / name).is_file(), name
        page = re.fullmatch(r"images/page_(\d\d)_(\w+)\.png", name)
        if page:  # named as tests/ui/fit_screens.py saves it (tools/guide-screens.sh)
            assert PAGES[int(page.group(1))] == page.group(2), name


def test_the_command_line_copies_the_guide(tmp_path):
    result = run_ctrdesk("guide")
    assert result.returncode == 0 and result.stdout.strip().endswith("index.html")
    out = tmp_path / "huong-dan"
    result = run_ctrdesk("guide", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").read_text(encoding="utf-8").count("<h2>") >= 11
    for name in guide_images():
        assert (out / name).read_bytes() == (guide_dir() / name).read_bytes()
    blocker = tmp_path / "tep"
    blocker.write_text("không phải thư mục")
    result = run_ctrdesk("guide", "--out", str(blocker))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "tep" in result.stderr
