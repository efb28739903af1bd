"""Every item model of the window passes Qt's model tester over real workspace data."""

from __future__ import annotations

from datetime import datetime

from ctrdesk.core.organizations import list_organizations
from ctrdesk.core.programs.service import list_programs


def _unit_program(ws) -> int:
    return next(p.id for p in list_programs(ws) if p.kind == "unit_program")


def test_the_programs_and_received_lists(qtmodeltester, demo_workspace):
    from ctrdesk.ui.models.submissions import ReceivedModel, UnitsModel
    from ctrdesk.ui.models.table import ProgramsModel

    programs = ProgramsModel()
    programs.reload(demo_workspace)
    assert programs.rowCount() == len(list_programs(demo_workspace)) > 0
    qtmodeltester.check(programs)
    received = ReceivedModel()
    qtmodeltester.check(received)  # empty: the demo branch receives nothing
    units = UnitsModel()
    units.set_rows([{"id": 1, "unit": "Chi bộ Vụ 1", "submitted": True,
                     "created": datetime(2026, 4, 3, 9, 30).isoformat(), "on_time": True,
                     "overdue": 2, "thematic": 1},
                    {"id": 2, "unit": "Chi bộ Vụ 2", "submitted": False, "created": None,
                     "on_time": None, "overdue": "", "thematic": ""}])
    qtmodeltester.check(units)


def test_the_unit_program_tree_and_its_filter(qtmodeltester, demo_workspace):
    from ctrdesk.core.programs.editing import load_rows
    from ctrdesk.ui.models.unit_program import RowFilter, UnitProgramModel

    model = UnitProgramModel({}, lambda *_args: False)
    model.set_rows(load_rows(demo_workspace, _unit_program(demo_workspace)))
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    proxy = RowFilter()
    proxy.setSourceModel(model)
    proxy.set_filters("lead", "", None, "")
    qtmodeltester.check(proxy)


def test_the_parsed_program_tree_and_the_derive_proposals(qtmodeltester, demo_workspace):
    from ctrdesk.core.programs.derive import propose
    from ctrdesk.core.programs.service import load_program
    from ctrdesk.ui.dialogs.derive import ProposalModel
    from ctrdesk.ui.models.program_tree import ProgramTreeModel

    tree = ProgramTreeModel(load_program(demo_workspace, 1).items)
    assert tree.rowCount() > 0
    qtmodeltester.check(tree)
    vu14 = next(o.id for o in list_organizations(demo_workspace) if o.name == "Chi bộ Vụ 14")
    proposals = ProposalModel(propose(demo_workspace, 1, vu14))
    assert proposals.rowCount() > 0
    qtmodeltester.check(proposals)
