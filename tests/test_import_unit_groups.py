"""A parent program names units in prose and by group: "Chi bộ Phòng 1 chủ trì; Chi bộ
Văn phòng phối hợp", "các chi bộ VKSND khu vực". Each name reaches the right units."""

from __future__ import annotations

from ctrdesk.core.importing.parser import parse_program_text
from ctrdesk.core.units import Unit, UnitDirectory

UNITS = UnitDirectory([
    Unit(1, "Chi bộ VKSND khu vực 1", "branch", None),
    Unit(2, "Chi bộ VKSND khu vực 2", "branch", None),
    Unit(12, "Chi bộ VKSND khu vực 12", "branch", None),
    Unit(5, "Chi bộ Văn phòng", "branch", None),
    Unit(6, "Chi bộ Phòng 1", "branch", None),
])

PLAN = """KẾ HOẠCH
thực hiện Chỉ thị số 45-CT/TW

I. NỘI DUNG

1. Kiểm sát việc giải quyết tố giác, tin báo về tội phạm.
- Đơn vị thực hiện: Chi bộ Phòng 1 chủ trì, phối hợp với các chi bộ VKSND khu vực.
- Thời gian thực hiện: Từ ngày 10/4 đến ngày 25/4/2026.

2. Chi bộ Phòng 1 chủ trì, phối hợp với Chi bộ Văn phòng tổng hợp kết quả, báo cáo Đảng ủy.
"""


def test_a_group_of_regional_branches_reaches_every_numbered_branch():
    resolution = UNITS.resolve("các chi bộ VKSND khu vực")
    assert resolution.unit_ids == {1, 2, 12}
    assert resolution.group == "các chi bộ VKSND khu vực"
    # One named unit is never a series, and a branch outside the series is not in it.
    assert UNITS.resolve("Chi bộ VKSND khu vực 1").unit_ids == {1}
    assert UNITS.resolve("các chi bộ VKSND khu vực 7").unit_ids == set()
    assert 5 not in resolution.unit_ids and 6 not in resolution.unit_ids


def test_units_written_in_prose_become_lead_and_coordinating_units():
    program = parse_program_text(PLAN)
    first, second = program.items[0].children
    assert first.lead == ["Chi bộ Phòng 1"]
    assert first.coordinating == ["các chi bộ VKSND khu vực"]
    assert UNITS.resolve(first.coordinating[0]).unit_ids == {1, 2, 12}
    assert first.time is not None and first.time.kind == "range"
    assert (first.time.start.isoformat(), first.time.end.isoformat()) == (
        "2026-04-10", "2026-04-25")
    # The task's own sentence names its units; the action that follows is not a unit.
    assert (second.lead, second.coordinating) == (["Chi bộ Phòng 1"], ["Chi bộ Văn phòng"])
    assert second.units_text.startswith("Chi bộ Phòng 1 chủ trì")
