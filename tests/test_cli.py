"""The command line as a script author uses it."""

from __future__ import annotations

import json

import pytest

from conftest import run_ctrdesk, sha256_of


def test_version():
    result = run_ctrdesk("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ctrdesk ")


def test_demo_workspace_is_built_headless_and_listed_as_json(tmp_path):
    db = tmp_path / "x.sqlite"
    result = run_ctrdesk("--db", str(db), "--demo", "org", "list", "--json")
    assert result.returncode == 0, result.stderr
    orgs = json.loads(result.stdout)
    names = [o["name"] for o in orgs]
    assert names[0] == "Đảng bộ VKSND tối cao"
    for expected in (
        "Chi bộ Vụ 1", "Chi bộ Vụ 14", "Chi bộ Vụ 15", "Chi bộ Cục 3", "Chi bộ Thanh tra",
        "Đảng bộ Viện phúc thẩm 2", "Đảng bộ Trường Đại học Kiểm sát",
        "Chi bộ Báo Bảo vệ pháp luật", "Ban Tổ chức Đảng ủy", "Ủy ban Kiểm tra Đảng ủy",
        "Ban Tuyên giáo - Dân vận Đảng ủy", "Đảng ủy VKSND tỉnh, thành phố",
    ):
        assert expected in names
    vu14 = next(o for o in orgs if o["name"] == "Chi bộ Vụ 14")
    assert set(vu14["aliases"]) == {"Chi ủy Vụ 14", "Vụ 14"}
    assert vu14["depth"] == 1
    # A second run reuses the demo rather than building it twice.
    again = json.loads(run_ctrdesk("--db", str(db), "--demo", "org", "list", "--json").stdout)
    assert [o["uuid"] for o in again] == [o["uuid"] for o in orgs]


def test_org_add_then_list(tmp_path):
    db = str(tmp_path / "w.sqlite")
    top = json.loads(run_ctrdesk("--db", db, "org", "add", "Đảng bộ Tỉnh X",
                                 "--kind", "party_committee", "--json").stdout)
    added = run_ctrdesk("--db", db, "org", "add", "Chi bộ Phòng 1", "--parent", str(top["id"]),
                        "--alias", "Phòng 1", "--alias", "Chi ủy Phòng 1")
    assert added.returncode == 0, added.stderr
    orgs = json.loads(run_ctrdesk("--db", db, "org", "list", "--json").stdout)
    assert [(o["name"], o["depth"]) for o in orgs] == [("Đảng bộ Tỉnh X", 0),
                                                       ("Chi bộ Phòng 1", 1)]
    assert orgs[1]["aliases"] == ["Phòng 1", "Chi ủy Phòng 1"]


def test_program_list_of_an_empty_workspace_is_an_empty_json_list(tmp_path):
    result = run_ctrdesk("--db", str(tmp_path / "w.sqlite"), "program", "list", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_errors_are_one_clear_line_on_stderr_without_traceback(tmp_path):
    bad = tmp_path / "letter.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    before = sha256_of(bad)
    result = run_ctrdesk("--db", str(bad), "org", "list", "--json")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "không phải tệp dữ liệu của ctrdesk" in result.stderr
    assert sha256_of(bad) == before


def test_invalid_input_is_refused_with_the_field_named(tmp_path):
    result = run_ctrdesk("--db", str(tmp_path / "w.sqlite"), "org", "add", "Chi bộ A",
                         "--kind", "club")
    assert result.returncode == 2
    assert "club" in result.stderr and "Traceback" not in result.stderr


def test_messages_can_be_in_english(tmp_path):
    bad = tmp_path / "letter.sqlite"
    bad.write_text("x", encoding="utf-8")
    result = run_ctrdesk("--lang", "en", "--db", str(bad), "org", "list")
    assert "is not a ctrdesk workspace" in result.stderr


def test_a_file_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(tmp_path):
    from ctrdesk.core.errors import CtrdeskError
    from ctrdesk.core.files import write_whole

    missing = tmp_path / "khong-co" / "bao-cao.pdf"  # a folder that does not exist
    with pytest.raises(CtrdeskError) as caught:
        write_whole(missing, b"%PDF")
    assert "bao-cao.pdf" in caught.value.message
    assert caught.value.message.startswith("Không ghi được")
    result = run_ctrdesk("--db", str(tmp_path / "demo.sqlite"), "--demo", "document",
                         "render", "report", "--period", "2026-Q1", "--out", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Không ghi được" in result.stderr
    target = tmp_path / "bao-cao.pdf"
    assert write_whole(target, b"%PDF-1.7").read_bytes() == b"%PDF-1.7"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) \
        == ["bao-cao.pdf"]  # no temporary file left beside it


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--db", "a.sqlite"], ["--db=a.sqlite", "--demo", "--verbose"],
    ["--db", "a.sqlite", "--lang", "en", "--user", "lan", "--password-env", "PW",
     "--passphrase-env", "PP"], ["--db=", "--db", "b.sqlite"], ["--lang=vi"],
    ["--de"], ["--lang", "fr"], ["--db"], ["--db", "--demo"], ["--demo=1"],
    ["--version"], ["-h"], ["--help"], ["member", "list"], ["--db", "a", "overview"],
    ["--verbose", "--unknown"],
])
def test_the_window_reads_its_options_as_the_full_command_line_does(argv, capsys):
    """The window starts without building a parser: what it reads of the command line is
    what the full parser reads, and what it does not read is left to the full parser."""
    from ctrdesk.cli import _window_arguments, build_parser

    quick = _window_arguments(argv)
    if quick is None:
        return
    assert vars(quick) == vars(build_parser().parse_args(argv))
    assert quick.command is None


def test_the_window_leaves_every_other_command_line_to_the_full_parser():
    from ctrdesk.cli import _window_arguments

    for argv in (["--de"], ["--lang", "fr"], ["--db"], ["--db", "--demo"], ["--demo=1"],
                 ["--version"], ["--help"], ["member", "list"], ["--db", "a", "overview"]):
        assert _window_arguments(argv) is None, argv
