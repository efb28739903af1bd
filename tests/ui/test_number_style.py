"""The window writes numbers the Vietnamese way: "85,7%", "2,5", never "85.7%".

The Submissions dashboard (summary, attainment chart, units, a unit's drill-down) and the
unit program table are walked cell by cell and text by text.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from conftest import shown_window
from ctrdesk.core.exchange.generate import generate
from ctrdesk.core.exchange.importer import import_submission
from ctrdesk.core.store import open_workspace

ENGLISH_DECIMAL = re.compile(r"\d\.\d+\s?%")  # "85.7%" (item numbers "2.1" are not figures)
PERIOD = "2026-Q1"


def _texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    texts = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            value = model.data(model.index(row, column, parent), Qt.ItemDataRole.DisplayRole)
            if value not in (None, ""):
                texts.append(str(value))
        texts += _texts(model, model.index(row, 0, parent))
    return texts


def _english(texts: list[str]) -> list[str]:
    return [text for text in texts if ENGLISH_DECIMAL.search(text)]


def test_the_consolidation_dashboard_writes_decimal_commas(qtbot, qsettings, tmp_path):
    from ctrdesk.ui.main_window import PAGES

    made = generate(12, PERIOD, tmp_path / "generated", seed=5, varied=True)
    ws = open_workspace(made["parent"])
    try:
        for package in sorted((tmp_path / "generated").glob("*.ctrsub")):
            import_submission(ws, package.read_bytes(), package.name)
        window = shown_window(qtbot, ws, qsettings)
        window.show_page(PAGES.index("submissions"))
        dashboard = window.submissions_page.dashboard
        dashboard.period.setText(PERIOD)
        dashboard.consolidate()
        qtbot.waitUntil(lambda: dashboard.data is not None, timeout=60000)
        data = dashboard.data
        # The data holds figures with decimals, so the check below can catch a dot.
        overall = [t.overall for t in data.targets if t.overall is not None]
        assert any(value != int(value) for value in overall)
        bars = [dashboard.attainment.value_text(t) for t in dashboard.attainment.targets]
        assert any("," in text for text in bars)
        assert [t for t in bars if not re.fullmatch(r"—|\d+(,\d+)?%?", t)] == []
        shown = [dashboard.summary.text(), *_texts(dashboard.units)]
        for row in range(dashboard.units.rowCount()):
            dashboard.units_table.selectRow(row)
            shown.append(dashboard.detail.toPlainText())
        assert any(re.search(r"\d,\d+%", text) for text in shown), "no decimal shown"
        assert _english(shown) == []
    finally:
        ws.close()


def test_the_unit_program_table_and_its_readings_write_decimal_commas(qtbot, demo_workspace,
                                                                      qsettings):
    from ctrdesk.core.programs.editing import load_rows
    from ctrdesk.core.programs.execution import record_reading
    from ctrdesk.core.programs.service import list_programs

    ws = demo_workspace
    program_id = next(p.id for p in list_programs(ws) if p.kind == "unit_program")
    def walk(rows):
        for row in rows:
            yield row
            yield from walk(row.children)

    percent = next(r for r in walk(load_rows(ws, program_id))
                   if r.target_id and r.target_text.endswith("%"))
    record_reading(ws, percent.target_id, date.today(), numerator=7, denominator=8)
    window = shown_window(qtbot, ws, qsettings)
    window.show_page(2)
    window.programs_page.reload(ws)
    editor = window.programs_page.open_program(program_id)
    texts = _texts(editor.model)
    assert any("%" in text for text in texts)
    assert _english(texts) == []
    editor.show_attainment(percent.target_id)
    assert "87,5" in editor.evidence.text() and _english([editor.evidence.text()]) == []
