"""Every committed action says what it changed, once, with who asked for it."""

from __future__ import annotations

from datetime import date

import pytest

from ctrdesk.core.changes import Entity, entity_of_statement
from ctrdesk.core.organizations import add_organization
from ctrdesk.core.records.service import save_record


def test_a_record_added_reports_records_and_nothing_else(workspace):
    heard: list = []
    workspace.subscribe(heard.append)
    save_record(workspace, "dialogue", {"held_on": date(2026, 3, 2).isoformat(),
                                       "title": "Đối thoại quý I"})
    assert len(heard) == 1
    changes = heard[0]
    assert changes.touches(Entity.RECORD)
    assert not changes.touches(Entity.PROGRAM, Entity.ITEM, Entity.DOCUMENT)


def test_nested_writes_merge_into_one_summary_with_the_origin(workspace):
    heard: list = []
    workspace.subscribe(heard.append)
    origin = object()
    with workspace.acting_for(origin), workspace.writing("setup"):
        add_organization(workspace, "Chi bộ Vụ 1", "branch")
        workspace.set_setting("place", "Hà Nội")
        workspace.note(Entity.PROGRAM, 7, period="2026-Q1")
    assert len(heard) == 1
    changes = heard[0]
    assert changes.entities == {Entity.ORGANIZATION, Entity.SETTING, Entity.PROGRAM}
    assert changes.ids_of(Entity.PROGRAM) == {7} and changes.periods == {"2026-Q1"}
    assert changes.action == "setup" and changes.is_from(origin)
    workspace.set_setting("place", "Huế")
    assert not heard[-1].is_from(origin)  # the origin does not outlive its block


def test_a_failed_write_tells_nobody(workspace):
    heard: list = []
    workspace.subscribe(heard.append)
    with pytest.raises(RuntimeError), workspace.writing("fails"):
        add_organization(workspace, "Chi bộ Vụ 1", "branch")
        raise RuntimeError("boom")
    assert heard == []


@pytest.mark.parametrize(("sql", "entity"), [
    ('INSERT INTO "meeting" ("a") VALUES (?)', Entity.RECORD),
    ('INSERT OR REPLACE INTO "setting" ("key") VALUES (?)', Entity.SETTING),
    ('UPDATE "program_item" SET "x" = 1', Entity.ITEM),
    ('DELETE FROM "target_reading" WHERE 1', Entity.TARGET),
    ('REPLACE INTO "document" ("a") VALUES (1)', Entity.DOCUMENT),
    ('CREATE TABLE "x" (a)', None),
])
def test_statements_name_their_entity(sql, entity):
    assert entity_of_statement(sql) is entity
