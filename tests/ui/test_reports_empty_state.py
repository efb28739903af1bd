"""The Reports preview is never a blank pane: before a document is chosen it says what to do,
with the button that drafts a new report."""

from __future__ import annotations

from datetime import date

from conftest import settle, shown_window
from ctrdesk.core.overview import current_period
from ctrdesk.ui.main_window import PAGES


def _reports(qtbot, ws, qsettings):
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(PAGES.index("reports"))
    page = window.reports_page
    settle(qtbot, page)
    return window, page


def test_a_workspace_without_documents_says_how_to_draft_the_first(qtbot, workspace,
                                                                   qsettings):
    window, page = _reports(qtbot, workspace, qsettings)
    preview = page.preview
    assert preview.is_empty and preview.empty.isVisible()
    assert preview.empty_text.text().startswith("Chưa có văn bản nào.")
    assert preview.draft_button.isVisible() and preview.draft_button.text() == "Soạn báo cáo mới"
    settle(qtbot, window)


def test_the_empty_preview_drafts_a_report_for_this_quarter(qtbot, demo_workspace, qsettings):
    from ctrdesk.core.documents.register import list_documents

    ws = demo_workspace
    window, page = _reports(qtbot, ws, qsettings)
    preview = page.preview
    assert page.current_id() is None and preview.is_empty
    assert "Chọn một văn bản trong danh sách" in preview.empty_text.text()
    before = {d["id"] for d in list_documents(ws)}
    with qtbot.waitSignal(preview.rendered, timeout=30000):
        preview.draft_button.click()
    new = [d for d in list_documents(ws) if d["id"] not in before]
    assert len(new) == 1 and new[0]["kind"] == "report"
    assert page.period.text() == current_period(date.today()).display  # e.g. "Quý IV/2026"
    assert page.current_id() == new[0]["id"]
    assert not preview.is_empty and preview.images
    # Nothing chosen any more: the preview says what to do again, not the old pages.
    page.table.setCurrentCell(-1, -1)
    assert preview.is_empty and preview.empty.isVisible()
    settle(qtbot, window)
