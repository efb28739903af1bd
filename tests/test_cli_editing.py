"""What the window does to a program, a record or a document is also a command."""

from __future__ import annotations

import json

from conftest import run_ctrdesk


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_unit_items_records_and_documents_from_the_command_line(tmp_path):
    db = str(tmp_path / "demo.sqlite")
    cli = lambda *args: run_ctrdesk("--db", db, "--demo", *args)  # noqa: E731
    programs = _json(cli("program", "list", "--json"))
    unit_program = next(p["id"] for p in programs if p["kind"] == "unit_program")
    assert cli("unit", "set", "Chi bộ Cục 2").stdout.strip() == "Chi bộ Cục 2"
    assert _json(cli("unit", "set", "Chi bộ Vụ 14", "--json"))["name"] == "Chi bộ Vụ 14"

    added = _json(cli("item", "add", str(unit_program), "Tổ chức học tập chuyên đề",
                      "--json"))["item_id"]
    shown = _json(cli("program", "show", str(unit_program), "--json"))
    assert "Tổ chức học tập chuyên đề" in json.dumps(shown, ensure_ascii=False)
    first = next(i for i in shown["items"] if i.get("text") or i.get("title"))
    assert cli("item", "move", str(added), "--position", "0").returncode == 0
    copied = _json(cli("item", "copy", str(unit_program), "4", "--json"))["item_id"]
    assert copied and cli("item", "delete", str(copied)).returncode == 0
    assert cli("item", "delete", str(copied)).returncode == 4  # gone: not found
    assert first

    record = tmp_path / "dialogue.json"
    record.write_text(json.dumps({"held_on": "2026-03-02", "title": "Đối thoại quý I"},
                                 ensure_ascii=False), encoding="utf-8")
    [saved] = _json(cli("record", "add", "dialogue", "--from-json", str(record), "--json"))
    record_id = saved["id"] if isinstance(saved, dict) else saved
    assert cli("record", "delete", "dialogue", str(record_id)).returncode == 0
    assert cli("record", "show", "dialogue", str(record_id)).returncode == 4

    sections = tmp_path / "sections.json"
    sections.write_text(json.dumps({
        "situation": "Chi bộ ổn định.", "assessment": "Tiến độ còn chậm.",
        "directions": "Hoàn thành nhiệm vụ.", "proposals": "Không."}, ensure_ascii=False),
        encoding="utf-8")
    draft = _json(cli("document", "draft", "report", "--period", "Quý I/2026",
                      "--json"))["id"]
    assert cli("document", "draft", "--id", str(draft), "--sections", str(sections)
               ).returncode == 0
    register = _json(cli("document", "list", "--json"))
    issued = next(d for d in register if d["status"] == "issued")
    correction = _json(cli("document", "correct", str(issued["id"]), "--json"))
    assert correction["corrects"] == issued["id"]
    register = {d["id"]: d for d in _json(cli("document", "list", "--json"))}
    assert register[correction["id"]]["status"] == "draft"
    assert register[correction["id"]]["corrects"] == issued["id"]
    assert cli("document", "correct", str(draft)).returncode == 2  # a draft is edited
