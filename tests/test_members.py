"""A new secretary enters the branch's Party members: by hand, from the office's Excel list,
and keeps the list as people arrive, move away or retire."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from conftest import run_ctrdesk
from ctrdesk.core.errors import InvalidInput, ValidationError
from ctrdesk.core.people.members import (
    add_member,
    archive_member,
    get_member,
    list_members,
    restore_member,
    transfer_in,
    transfer_out,
    update_member,
)
from ctrdesk.core.people.table import export_members, import_members
from ctrdesk.core.setup import setup_committee
from ctrdesk.core.store.models import Person


@pytest.fixture
def branch(workspace):
    """A fresh workspace set up for Chi bộ Vụ 14, with nobody in it yet."""
    setup_committee(workspace, name="Chi bộ Vụ 14", abbreviation="CB", place="Hà Nội",
                    superior_name="Đảng bộ VKSND tối cao")
    return workspace


def _people(ws) -> list[tuple]:
    with ws.reading():
        return [tuple(p.__data__.values()) for p in Person.select().order_by(Person.id)]


def test_members_entered_by_hand_are_listed_committee_first(branch):
    ws = branch
    lan = add_member(ws, full_name="Nguyễn Thị Lan", birth_date="14/08/1990", gender="Nữ",
                     admitted_on="19/05/2015", official_on="19/05/2016",
                     title="Kiểm sát viên trung cấp")
    duc = add_member(ws, full_name="  Trần   Minh Đức ", birth_date="12/03/1975",
                     gender="Nam", admitted_on="03/02/2000", official_on="03/02/2001",
                     title="Vụ trưởng", role="Bí thư")
    nam = add_member(ws, full_name="Hoàng Văn Nam", birth_date=date(1998, 1, 9),
                     gender="nam", admitted_on="2026-03-02", role="Đảng viên")
    members = list_members(ws)
    assert [m.full_name for m in members] == ["Trần Minh Đức", "Nguyễn Thị Lan",
                                              "Hoàng Văn Nam"]
    duc_row = get_member(ws, duc)
    assert (duc_row.role, duc_row.gender, duc_row.birth_date, duc_row.probationary) == (
        "secretary", "male", date(1975, 3, 12), False)
    assert get_member(ws, nam).probationary  # admitted in March, not yet official
    assert get_member(ws, lan).organization == "Chi bộ Vụ 14"
    before = update_member(ws, nam, title="Chuyên viên")
    assert before == {"title": ""}  # what an undo puts back
    assert get_member(ws, nam).title == "Chuyên viên"


def test_every_wrong_field_is_reported_at_once_and_nothing_is_stored(branch):
    ws = branch
    before = _people(ws)
    with pytest.raises(InvalidInput) as caught:
        add_member(ws, full_name="", birth_date="31/02/1980", gender="X",
                   admitted_on="01/01/2099", role="Phó chủ tịch")
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "Ngày sinh: 31/02/1980 không phải là một ngày có thật.",
        "Giới tính: “X” không phải Nam hay Nữ.",
        "Chức vụ trong chi ủy: “Phó chủ tịch” không phải là chức vụ trong chi ủy (Bí thư, "
        "Phó Bí thư, Chi ủy viên, Đảng viên).",
        "Họ và tên là bắt buộc.",
        "Ngày vào Đảng: 01/01/2099 là ngày trong tương lai.",
    ]
    for internal in ("birth_date", "full_name", "admitted_on", "role"):
        assert internal not in caught.value.message
    # Rules between fields: admitted at 16, official after two months.
    with pytest.raises(InvalidInput) as caught:
        add_member(ws, full_name="Vũ Đình Phong", birth_date="01/01/2005",
                   admitted_on="01/01/2021", official_on="01/03/2021")
    assert [p.field for p in caught.value.problems] == ["admitted_on", "official_on"]
    assert "chưa đủ 18 tuổi" in caught.value.message
    assert "chưa đủ 12 tháng" in caught.value.message
    assert _people(ws) == before


def test_a_unit_has_one_secretary(branch):
    ws = branch
    add_member(ws, full_name="Trần Minh Đức", role="secretary")
    with pytest.raises(ValidationError, match="bí thư; mỗi đơn vị chỉ có một"):
        add_member(ws, full_name="Lê Thị Thu Hà", role="Bí thư")
    assert [m.full_name for m in list_members(ws)] == ["Trần Minh Đức"]


def test_members_arrive_move_away_and_are_archived_but_stay_for_the_records(branch):
    ws = branch
    ha = transfer_in(ws, "15/01/2026", "Chi bộ Vụ 7", full_name="Lê Thị Thu Hà",
                     role="Phó Bí thư", admitted_on="10/10/2005", official_on="10/10/2006")
    add_member(ws, full_name="Phạm Quốc Khánh")
    mai = add_member(ws, full_name="Đỗ Thị Mai", retired=True)
    assert get_member(ws, ha).joined_from == "Chi bộ Vụ 7"
    assert get_member(ws, mai).retired
    with pytest.raises(ValidationError, match="15/01/2026"):
        transfer_out(ws, ha, "01/01/2026")  # before the member arrived
    transfer_out(ws, ha, "30/06/2026", "Chi bộ Cục 2")
    archive_member(ws, mai, "01/07/2026", "Từ trần")
    assert [m.full_name for m in list_members(ws)] == ["Phạm Quốc Khánh"]
    everyone = {m.full_name: m for m in list_members(ws, include_left=True)}
    assert (everyone["Lê Thị Thu Hà"].membership, everyone["Lê Thị Thu Hà"].left_to,
            everyone["Lê Thị Thu Hà"].role) == ("transferred_out", "Chi bộ Cục 2", "member")
    assert everyone["Đỗ Thị Mai"].membership == "archived"
    assert "Từ trần" in everyone["Đỗ Thị Mai"].note
    with pytest.raises(ValidationError, match="không còn sinh hoạt"):
        archive_member(ws, ha)
    restore_member(ws, mai)
    assert {m.full_name for m in list_members(ws)} == {"Phạm Quốc Khánh", "Đỗ Thị Mai"}


def _office_list(path, rows, *, title_rows=True) -> None:
    """The list as the office keeps it: a title above, its own column order, an STT
    column, a column ctrdesk does not read, dates as real Excel dates or as text."""
    book = Workbook()
    sheet = book.active
    if title_rows:
        sheet.append(["DANH SÁCH ĐẢNG VIÊN CHI BỘ VỤ 14"])
        sheet.append([])
    sheet.append(["STT", "Chức vụ", "Họ và tên", "Giới tính", "Ngày sinh", "Quê quán",
                   "ngày vào đảng", "Ngày chính thức", "Chức vụ trong chi ủy"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)


GOOD_ROWS = [
    ("Vụ trưởng", "Trần Minh Đức", "Nam", datetime(1975, 3, 12), "Nam Định",
     "03/02/2000", "03/02/2001", "Bí thư"),
    ("Phó Vụ trưởng", "Lê Thị Thu Hà", "Nữ", "21/07/1980", "Hà Nội",
     datetime(2005, 10, 10), datetime(2006, 10, 10), "Phó Bí thư"),
    ("Kiểm sát viên", "Nguyễn Thị Lan", "Nữ", 32734, "Nghệ An", "19/5/2015", "19/5/2016",
     ""),
]


def test_the_offices_excel_list_is_imported_whatever_its_column_order(branch, tmp_path):
    ws = branch
    path = tmp_path / "danh_sach.xlsx"
    _office_list(path, GOOD_ROWS)
    result = import_members(ws, path)
    assert len(result.added) == 3 and result.updated == []
    assert result.ignored_columns == ["Quê quán"]
    by_name = {m.full_name: m for m in list_members(ws)}
    duc, ha, lan = by_name["Trần Minh Đức"], by_name["Lê Thị Thu Hà"], by_name["Nguyễn Thị Lan"]
    assert (duc.birth_date, duc.admitted_on, duc.official_on, duc.role, duc.title) == (
        date(1975, 3, 12), date(2000, 2, 3), date(2001, 2, 3), "secretary", "Vụ trưởng")
    assert (ha.birth_date, ha.gender, ha.role, ha.official_on) == (
        date(1980, 7, 21), "female", "deputy_secretary", date(2006, 10, 10))
    assert lan.birth_date == date(1989, 8, 14)  # an unformatted Excel serial number
    # The same list again, corrected: the members are updated, not doubled.
    rows = list(GOOD_ROWS)
    rows[2] = ("Kiểm sát viên trung cấp", *rows[2][1:])
    _office_list(path, rows)
    again = import_members(ws, path)
    assert again.added == [] and len(again.updated) == 3
    assert len(list_members(ws)) == 3
    assert {m.full_name: m for m in list_members(ws)}["Nguyễn Thị Lan"].title == \
        "Kiểm sát viên trung cấp"


def test_a_list_with_bad_rows_is_refused_whole_with_each_row_number(branch, tmp_path):
    ws = branch
    path = tmp_path / "danh_sach.xlsx"
    _office_list(path, [
        *GOOD_ROWS,
        ("Chuyên viên", "", "Nam", "01/01/1995", "", "", "", ""),
        ("Chuyên viên", "Đỗ Thị Mai", "Nữ", "31/02/1992", "", "hôm qua", "", ""),
        ("Chuyên viên", "Trần Minh Đức", "Nam", datetime(1975, 3, 12), "", "", "", ""),
    ])
    before = _people(ws)
    with pytest.raises(InvalidInput) as caught:
        import_members(ws, path)
    # Rows as the spreadsheet numbers them: two title rows and the header come first.
    assert [p.line for p in caught.value.problems] == [7, 8, 8, 9]
    assert caught.value.message.splitlines() == [
        "Dòng 7: Họ và tên là bắt buộc.",
        "Dòng 8: Ngày sinh: 31/02/1992 không phải là một ngày có thật.",
        "Dòng 8: Ngày vào Đảng: “hôm qua” không phải là ngày; hãy ghi theo dạng "
        "ngày/tháng/năm (dd/mm/yyyy).",
        "Dòng 9: Trần Minh Đức có tên hai lần (dòng 4 và dòng 9).",
    ]
    assert _people(ws) == before


def test_a_file_that_is_not_a_list_is_refused_in_the_users_words(branch, tmp_path):
    ws = branch
    fake = tmp_path / "danh_sach.xlsx"
    fake.write_text("không phải excel", encoding="utf-8")
    with pytest.raises(ValidationError, match="không phải là tệp Excel"):
        import_members(ws, fake)
    headless = tmp_path / "khong_tieu_de.csv"
    headless.write_text("1,Trần Minh Đức,12/03/1975\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Họ và tên"):
        import_members(ws, headless)
    with pytest.raises(ValidationError, match=r"\.xlsx hoặc \.csv"):
        import_members(ws, tmp_path / "danh_sach.docx")


def test_the_list_goes_out_as_excel_and_csv_and_comes_back_the_same(branch, tmp_path):
    ws = branch
    import_members(ws, _saved(tmp_path / "in.xlsx", GOOD_ROWS))
    xlsx, text = tmp_path / "ra.xlsx", tmp_path / "ra.csv"
    assert export_members(ws, xlsx) == 3
    assert export_members(ws, text) == 3
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng",
                          "Ngày chính thức"]
    first = [c for c in sheet[2]]
    assert first[1].value == "Trần Minh Đức"
    assert first[2].value == datetime(1975, 3, 12) and first[2].number_format == "DD/MM/YYYY"
    raw = text.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads the accents right
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[1][1:4] == ["Trần Minh Đức", "12/03/1975", "Nam"]
    # Another workspace reads both back to the same members.
    from ctrdesk.core.store import open_workspace

    for source in (xlsx, text):
        with open_workspace(tmp_path / f"other-{source.suffix[1:]}.sqlite") as other:
            setup_committee(other, name="Chi bộ Vụ 14")
            import_members(other, source)
            assert [_fields(m) for m in list_members(other)] == \
                [_fields(m) for m in list_members(ws)]


def _saved(path, rows):
    _office_list(path, rows)
    return path


def _fields(member) -> tuple:
    return (member.full_name, member.birth_date, member.gender, member.admitted_on,
            member.official_on, member.title, member.role, member.retired)


def test_the_command_line_keeps_the_list(tmp_path):
    db = str(tmp_path / "ws.sqlite")
    assert run_ctrdesk("--db", db, "setup", "committee", "--name", "Chi bộ Vụ 14",
                       "--place", "Hà Nội").returncode == 0
    added = run_ctrdesk("--db", db, "member", "add", "Trần Minh Đức", "--birth-date",
                        "12/03/1975", "--gender", "Nam", "--admitted-on", "03/02/2000",
                        "--official-on", "03/02/2001", "--role", "Bí thư", "--json")
    assert added.returncode == 0, added.stderr
    duc = json.loads(added.stdout)
    assert duc["role"] == "secretary" and duc["birth_date"] == "1975-03-12"
    refused = run_ctrdesk("--db", db, "member", "add", "Lê Hà", "--birth-date", "31/02/1980",
                          "--gender", "X")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 2 and "31/02/1980" in refused.stderr
    assert "Giới tính" in refused.stderr and "birth_date" not in refused.stderr
    path = _saved(tmp_path / "ds.xlsx", GOOD_ROWS[1:])
    imported = run_ctrdesk("--db", db, "member", "import", str(path), "--json")
    assert imported.returncode == 0, imported.stderr
    assert len(json.loads(imported.stdout)["added"]) == 2
    ha = next(m for m in json.loads(run_ctrdesk("--db", db, "member", "list", "--json").stdout)
              if m["full_name"] == "Lê Thị Thu Hà")
    updated = run_ctrdesk("--db", db, "member", "update", str(ha["id"]), "--title",
                          "Phó Vụ trưởng phụ trách", "--retired", "--json")
    assert updated.returncode == 0, updated.stderr
    assert json.loads(updated.stdout)["retired"] is True
    assert run_ctrdesk("--db", db, "member", "archive", str(ha["id"]), "--on", "01/07/2026",
                       "--reason", "Chuyển công tác").returncode == 0
    listed = json.loads(run_ctrdesk("--db", db, "member", "list", "--json").stdout)
    assert [m["full_name"] for m in listed] == ["Trần Minh Đức", "Nguyễn Thị Lan"]
    out = tmp_path / "ra.csv"
    exported = run_ctrdesk("--db", db, "member", "export", str(out))
    assert exported.returncode == 0 and out.exists()
    assert "Nguyễn Thị Lan" in out.read_text(encoding="utf-8-sig")


def test_pickers_can_offer_only_those_still_in_the_unit(branch):
    from ctrdesk.core.organizations import list_people

    ws = branch
    add_member(ws, full_name="Trần Minh Đức")
    left = add_member(ws, full_name="Lê Thị Thu Hà")
    transfer_out(ws, left, "30/06/2026", "Chi bộ Cục 2")
    # Old records still name her; a new record's picker does not offer her.
    assert [p["full_name"] for p in list_people(ws)] == ["Trần Minh Đức", "Lê Thị Thu Hà"]
    assert [p["full_name"] for p in list_people(ws, active_only=True)] == ["Trần Minh Đức"]
