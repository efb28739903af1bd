"""Derivation and editor benchmarks, each against a floor measured in the same run.

1. derivation for 500 units against one parent program (the provincial office case),
   floor: reading the parent's items with plain SQL once per unit;
2. loading a unit program of 10,000 items into the editor's model,
   floor: a plain SQL select of the same rows;
3. opening a 2,000-item unit program in the editor and scrolling through it,
   floor: a bare QTreeView over a QStandardItemModel with the same rows.

    python bench/derive.py
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from peewee import chunked  # noqa: E402

from ctrdesk.core.demo import open_for_use  # noqa: E402
from ctrdesk.core.organizations import add_organization, list_organizations  # noqa: E402
from ctrdesk.core.programs.derive import propose  # noqa: E402
from ctrdesk.core.programs.editing import load_rows  # noqa: E402
from ctrdesk.core.store.models import Program, ProgramItem, new_uuid, utc_now  # noqa: E402
from ctrdesk.core.units import UnitDirectory  # noqa: E402


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _big_unit_program(ws, unit_id: int, count: int) -> int:
    with ws.writing("bench"):
        program = Program.create(kind="unit_program", issuer=unit_id, doc_type="CHƯƠNG TRÌNH")
        now = utc_now()
        sections = []
        for s in range(count // 100):
            sections.append(ProgramItem.create(program=program, position=s, kind="section",
                                               number=str(s + 1), title=f"Phần {s + 1}").id)
        rows = [dict(uuid=new_uuid(), created_at=now, updated_at=now, program=program.id,
                     parent=sections[i % len(sections)], position=i, kind="item",
                     number=f"{i % len(sections) + 1}.{i}", title="", role="implementing",
                     text=f"Nhiệm vụ số {i}: tổ chức thực hiện, báo cáo kết quả hằng quý",
                     action="Triển khai", resources="", accountable="", status="not_started",
                     progress=0, lead_text="", coordinating_text="", implementing_text="",
                     units_text="", units_label="", time_text="", extra="[]",
                     source_lines="[]", role_evidence="", recurrence="", deadline_text="")
                for i in range(count - len(sections))]
        for batch in chunked(rows, 500):
            ProgramItem.insert_many(batch).execute()
    return int(program.id)


def main() -> int:
    figures = Figures("derive")
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_for_use(Path(tmp) / "bench.sqlite", demo=True)
        top = next(o.id for o in list_organizations(ws) if o.depth == 0)
        with ws.writing("bench units"):
            for n in range(1, 501):
                add_organization(ws, f"Chi bộ Phòng {n}", "branch", parent=top,
                                 aliases=[f"Phòng {n}"])
        directory = UnitDirectory.from_workspace(ws)
        units = [u for u in directory.units.values() if u.name.startswith("Chi bộ Phòng")]
        derive = _timed(lambda: [propose(ws, 1, u.id, directory) for u in units])
        conn = sqlite3.connect(ws.path)
        floor = _timed(lambda: [conn.execute(
            "SELECT id, parent_id, position, kind, number, title, text, lead_text, "
            "coordinating_text, implementing_text, units_text FROM program_item "
            "WHERE program_id = 1").fetchall() for _u in units])
        figures.add(f"derive for {len(units)} units", derive, floor)
        print(f"derive for {len(units)} units : {derive * 1000:8.0f} ms "
              f"({derive / len(units) * 1000:.1f} ms per unit), floor {floor * 1000:.0f} ms, "
              f"ratio {derive / floor:.1f}x")

        vu14 = next(u.id for u in directory.units.values() if u.name == "Chi bộ Vụ 14")
        big = _big_unit_program(ws, vu14, 10_000)
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from ctrdesk.ui.models.unit_program import UnitProgramModel

        model = UnitProgramModel({}, lambda *_a: False)
        load = _timed(lambda: model.set_rows(load_rows(ws, big)))
        floor = _timed(lambda: conn.execute(
            "SELECT * FROM program_item WHERE program_id = ?", (big,)).fetchall())
        figures.add("editor model, 10,000 items", load, floor)
        print(f"editor model, 10,000 items: {load * 1000:8.0f} ms, floor {floor * 1000:.0f} ms,"
              f" ratio {load / floor:.1f}x")

        middle = _big_unit_program(ws, vu14, 2_000)
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QTreeView

        from ctrdesk.ui.pages.unit_program import UnitProgramEditor

        def scroll(view) -> None:
            view.resize(1200, 800)
            view.show()
            view.expandAll()
            app.processEvents()
            model = view.model()
            for parent_row in range(model.rowCount()):
                parent = model.index(parent_row, 0)
                for row in range(0, model.rowCount(parent), 10):
                    view.scrollTo(model.index(row, 0, parent))
                    app.processEvents()

        def ours() -> None:
            editor = UnitProgramEditor(ws, middle)
            scroll(editor.tree)
            editor.close()

        def bare() -> None:
            rows = load_rows(ws, middle)
            standard = QStandardItemModel()
            for section in rows:
                parent = QStandardItem(section.text)
                for child in section.children:
                    parent.appendRow([QStandardItem(child.number), QStandardItem(child.text)])
                standard.appendRow(parent)
            view = QTreeView()
            view.setUniformRowHeights(True)
            view.setModel(standard)
            scroll(view)
            view.close()

        editor_time, bare_time = _timed(ours), _timed(bare)
        figures.add("open + scroll 2,000 items", editor_time, bare_time)
        print(f"open + scroll 2,000 items  : {editor_time * 1000:8.0f} ms, bare tree view "
              f"{bare_time * 1000:.0f} ms, ratio {editor_time / bare_time:.1f}x")
        conn.close()
        ws.close()
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
