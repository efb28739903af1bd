"""The overview is the first page: what is due, the programs' completion and their gaps in
"05 rõ", the next meeting, the last report; each with the button that goes there. A fresh
workspace says what to do first, with the button to do it."""

from __future__ import annotations

from conftest import settle, shown_window
from ctrdesk.core.overview import overview
from ctrdesk.ui.main_window import PAGES


def test_the_overview_of_a_working_unit_leads_where_to_act(qtbot, demo_workspace, qsettings):
    ws = demo_workspace
    window = shown_window(qtbot, ws, qsettings)
    page = window.home_page
    assert window.stack.currentWidget() is page
    settle(qtbot, window)
    qtbot.waitUntil(lambda: page.view is not None, timeout=20000)
    view = overview(ws)
    assert view.overdue and view.programs
    program = view.programs[0]
    assert program.items > 0 and 0 <= program.progress <= 100
    texts = " ".join(label.text() for label in page.body.findChildren(type(page.status)))
    assert f"{len(view.overdue)} việc quá hạn" in texts
    assert f"{program.done}/{program.items}" in texts or \
        f"{program.done} trên {program.items}" in texts
    page.buttons["calendar"].click()
    assert window.stack.currentWidget() is window.calendar_page
    window.show_page(PAGES.index("home"))
    page.buttons[f"program_{program.id}"].click()
    assert window.stack.currentWidget() is window.programs_page
    page = window.home_page
    window.show_page(PAGES.index("home"))
    page.buttons["reports"].click()
    assert window.stack.currentWidget() is window.reports_page
    settle(qtbot, window)


def test_a_fresh_workspace_says_what_to_do_first(qtbot, workspace, qsettings):
    window = shown_window(qtbot, workspace, qsettings)
    page = window.home_page
    qtbot.waitUntil(lambda: page.view is not None, timeout=20000)
    assert "setup" in page.buttons and "import" in page.buttons
    page.buttons["setup"].click()
    assert window.setup_wizard.isVisible()
    window.setup_wizard.reject()
    settle(qtbot, window)


def test_targets_at_risk_say_why_and_lead_to_their_program(qtbot, demo_workspace, qsettings):
    from datetime import date

    from PySide6.QtWidgets import QGroupBox, QLabel

    from ctrdesk.core.overview import targets_at_risk
    from ctrdesk.core.programs.execution import record_reading, set_target
    from ctrdesk.core.store.models import Program, Target

    ws = demo_workspace
    with ws.reading():
        target = (Target.select().join(Program).where((Program.kind == "unit_program")
                                                      & (Target.unit == "percent")
                                                      & (Target.value != 99)).first())
    set_target(ws, target.id, op=">=", value=90)
    record_reading(ws, target.id, date.today(), numerator=100, denominator=100)
    record_reading(ws, target.id, date.today(), numerator=36, denominator=40)  # 90%, falling
    risks = targets_at_risk(ws)
    falling = next(r for r in risks if r.id == target.id)
    missed = next(r for r in risks if r.latest is not None and r.id != target.id)  # the demo's

    window = shown_window(qtbot, ws, qsettings)
    page = window.home_page
    qtbot.waitUntil(lambda: page.view is not None, timeout=20000)
    box = page.body.findChild(QGroupBox, "targetsAtRisk")
    assert box is not None and box.title() == "Chỉ tiêu có nguy cơ không đạt"
    text = "\n".join(label.text() for label in box.findChildren(QLabel))
    assert f"{len(risks)} chỉ tiêu có nguy cơ không đạt" in text
    assert "đang giảm: 100% → 90%" in text and falling.describe() in text
    assert "dưới mức ≥ 99% (số liệu gần nhất 85,7% ngày 30/06/2026)" in text
    assert missed.describe() in text
    page.buttons[f"targets_{target.program_id}"].click()
    assert window.stack.currentWidget() is window.programs_page
    settle(qtbot, window)


def _shown_as_rich_text(label) -> bool:
    """Whether Qt lays ``label`` out as rich text (its automatic format decides by the
    text, as QLabel does)."""
    from PySide6.QtGui import Qt

    if label.textFormat() == Qt.TextFormat.AutoText:
        return Qt.mightBeRichText(label.text())
    return label.textFormat() == Qt.TextFormat.RichText


def test_words_typed_by_users_show_as_typed_and_targets_keep_their_bold(
        qtbot, demo_workspace, qsettings):
    from PySide6.QtWidgets import QGroupBox, QLabel

    from ctrdesk.core.overview import overview
    from ctrdesk.core.store.models import Meeting

    ws = demo_workspace
    meeting = overview(ws).next_meeting
    assert meeting is not None
    title = "Họp chi bộ <b>tháng 7</b> & sơ kết"
    with ws.writing("record.edit"):
        Meeting.update(title=title).where(Meeting.id == meeting[0]).execute()

    window = shown_window(qtbot, ws, qsettings)
    page = window.home_page
    qtbot.waitUntil(lambda: page.view is not None, timeout=20000)
    labels = page.body.findChildren(QLabel)
    typed = [label for label in labels if title in label.text()]
    assert typed and not any(_shown_as_rich_text(label) for label in typed)  # as typed
    targets = page.body.findChild(QGroupBox, "targetsAtRisk")
    lines = targets.findChildren(QLabel)
    assert all(_shown_as_rich_text(label) for label in lines)
    assert any("<b>" in label.text() for label in lines)  # why, in bold
    settle(qtbot, window)


def test_the_overview_catches_up_with_changes_made_while_another_page_was_shown(
        qtbot, demo_workspace, qsettings):
    from ctrdesk.core.overview import overview
    from ctrdesk.core.store.models import Meeting

    ws = demo_workspace
    meeting = overview(ws).next_meeting
    assert meeting is not None
    window = shown_window(qtbot, ws, qsettings)
    page = window.home_page
    qtbot.waitUntil(lambda: page.view is not None, timeout=20000)
    window.show_page(PAGES.index("calendar"))
    settle(qtbot, window)
    shown = page.view

    with ws.writing("record.edit"):
        Meeting.update(title="Họp chi bộ đã đổi tên").where(Meeting.id == meeting[0]).execute()
    qtbot.waitUntil(lambda: page._stale, timeout=20000)
    assert page.view is shown  # hidden: not computed again meanwhile

    window.show_page(PAGES.index("home"))
    qtbot.waitUntil(lambda: page.view is not shown, timeout=20000)
    assert page.view.next_meeting[1] == "Họp chi bộ đã đổi tên"
    settle(qtbot, window)


def test_the_overview_escapes_rich_text_as_the_html_package_does():
    import html

    from ctrdesk.ui.pages.home import escape

    for text in ("Tỷ lệ < 90% & \"giảm\" 'mạnh'", "&amp; <b>", "", "thường"):
        assert escape(text) == html.escape(text)
