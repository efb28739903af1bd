"""A unit's list of members as a spreadsheet (.xlsx) or a .csv file, both ways.

Columns are recognised by their Vietnamese names in any order and above any title rows
("Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức", "Chức vụ",
"Chức vụ trong chi ủy", "Nghỉ hưu", "Ghi chú"); dates may be dd/mm/yyyy text or real
spreadsheet dates. Importing checks every row first: one bad row and nothing is stored,
every problem reported with its row number as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ctrdesk.core.errors import InvalidInput, ValidationError
from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.people.members import (
    Member,
    _check_single_roles,
    _check_together,
    _own_unit,
    clean_member,
    list_members,
    role_label,
)
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Person, utc_now
from ctrdesk.core.textnorm import fold
from ctrdesk.core.validation import Problems

# Column headings as written in the exported file, and the field each one fills.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Họ và tên", "full_name"),
    ("Ngày sinh", "birth_date"),
    ("Giới tính", "gender"),
    ("Ngày vào Đảng", "admitted_on"),
    ("Ngày chính thức", "official_on"),
    ("Chức vụ", "title"),
    ("Chức vụ trong chi ủy", "role"),
    ("Nghỉ hưu", "retired"),
    ("Ghi chú", "note"),
)
# Other ways lists write the same headings (folded).
_ALIASES = {
    "ho ten": "full_name", "ho va ten dang vien": "full_name", "ten": "full_name",
    "ngay thang nam sinh": "birth_date", "sinh ngay": "birth_date",
    "nam/nu": "gender", "gioi": "gender",
    "ngay ket nap": "admitted_on", "ngay ket nap dang": "admitted_on",
    "ngay vao dang chinh thuc": "official_on", "ngay cong nhan chinh thuc": "official_on",
    "chuc vu chinh quyen": "title", "chuc vu cong tac": "title", "chuc danh": "title",
    "chuc vu dang": "role", "chuc vu trong chi bo": "role", "chuc vu trong dang": "role",
    "chuc vu dang uy": "role", "da nghi huu": "retired",
}
HEADINGS = {fold(heading): name for heading, name in COLUMNS} | _ALIASES
REQUIRED = ("full_name",)
_HEADER_SEARCH_ROWS = 15  # title lines a list may have above its header row
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"added": self.added, "updated": self.updated,
                "ignored_columns": self.ignored_columns}


@dataclass
class _Row:
    number: int  # as the spreadsheet numbers it
    values: dict[str, Any]


def _read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of every row of the first sheet, or of the .csv file."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import zipfile

            from openpyxl import load_workbook
            from openpyxl.utils.exceptions import InvalidFileException

            if not path.is_file():
                raise FileNotFoundError(2, os.strerror(2), str(path))
            try:
                book = load_workbook(path, read_only=True, data_only=True)
            except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
                raise ValidationError(_("{path} is not an Excel workbook (.xlsx).").format(
                    path=path.name), field="file") from exc
            try:
                sheet = book.worksheets[0]
                return [(i, list(row)) for i, row in enumerate(
                    sheet.iter_rows(values_only=True), start=1)]
            finally:
                book.close()
        if suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1258", errors="replace")
            try:
                dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text), dialect),
                                                      start=1)]
    except OSError as exc:
        raise ValidationError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror), field="file") from exc
    raise ValidationError(_("{path}: a list of members is read from .xlsx or .csv files.")
                          .format(path=path.name), field="file")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str], list[str]]:
    """The header row's index in ``rows``, column → field, and unknown headings."""
    for index, (_number, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        names = [fold(str(c)) if c is not None else "" for c in cells]
        if not any(HEADINGS.get(n) == "full_name" for n in names):
            continue
        columns: dict[int, str] = {}
        ignored: list[str] = []
        for column, name in enumerate(names):
            target = HEADINGS.get(name)
            if target and target not in columns.values():
                columns[column] = target
            elif name and name not in ("stt", "tt", "so tt", "so thu tu"):
                ignored.append(str(cells[column]).strip())
        return index, columns, ignored
    raise ValidationError(_("No column “Họ và tên” in the first {rows} rows: the list needs "
                            "a header row naming its columns (Họ và tên, Ngày sinh, Giới "
                            "tính, Ngày vào Đảng, Ngày chính thức, Chức vụ).").format(
        rows=_HEADER_SEARCH_ROWS), field="file")


def _date_cell(value: Any) -> Any:
    """Real dates and spreadsheet serial numbers as dates; text stays for the strict parser."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 100000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return value


def read_member_list(path: str | os.PathLike[str]) -> tuple[list[_Row], list[str]]:
    """The rows of a list (empty rows skipped) as field values, and the ignored columns."""
    rows = _read_rows(Path(path))
    index, columns, ignored = _header(rows)
    out: list[_Row] = []
    for number, cells in rows[index + 1:]:
        values: dict[str, Any] = {}
        for column, name in columns.items():
            value = _cell(cells[column]) if column < len(cells) else None
            if name in ("birth_date", "admitted_on", "official_on"):
                value = _date_cell(value)
            values[name] = "" if value is None else value
        if not any(v not in ("", None) for v in values.values()):
            continue
        out.append(_Row(number, values))
    return out, ignored


def import_members(ws: Workspace, path: str | os.PathLike[str],
                   organization: int | None = None, *, today: date | None = None
                   ) -> ImportResult:
    """Add the members of a list, or update those already there (same name and date of
    birth). All rows or none: every problem is reported at once with its row number."""
    rows, ignored = read_member_list(path)
    problems = Problems()
    if not rows:
        raise ValidationError(_("{path} lists no member.").format(path=Path(path).name),
                              field="file")
    cleaned: list[dict[str, Any]] = []
    seen: dict[tuple[str, date | None], int] = {}
    for row in rows:
        before = len(problems.items)
        clean = clean_member(row.values, problems, line=row.number, today=today)
        if len(problems.items) == before:
            _check_together(clean, problems, row.number)
        key = (fold(clean.get("full_name", "")), clean.get("birth_date"))
        if key[0] and key in seen:
            problems.add("full_name", _("{name} is listed twice (rows {first} and {second})."
                                        ).format(name=clean["full_name"], first=seen[key],
                                                 second=row.number), row.number)
        seen.setdefault(key, row.number)
        cleaned.append(clean)
    _raise_with_rows(problems)
    result = ImportResult(ignored_columns=ignored)
    with ws.writing("member.import"):
        unit = _own_unit(ws, organization)
        existing = list(Person.select().where((Person.organization == unit)
                                              & (Person.membership == "active")))
        for clean in cleaned:
            match = _match(existing, clean)
            if match is None:
                created = Person.create(organization=unit, **{"role": "member", **clean})
                result.added.append(int(created.id))
                existing.append(created)
            else:
                for name, value in clean.items():
                    setattr(match, name, value)
                match.updated_at = utc_now()
                match.save()
                result.updated.append(int(match.id))
        _check_single_roles(unit, problems)
        _raise_with_rows(problems)
    return result


def _raise_with_rows(problems: Problems) -> None:
    """Each message starts with its row, in row order."""
    if not problems:
        return
    items = sorted(problems.items, key=lambda p: p.line or 0)
    for problem in items:
        if problem.line is not None:
            problem.message = _("Row {row}: {message}").format(row=problem.line,
                                                               message=problem.message)
    raise InvalidInput(items)


def _match(existing: list[Person], clean: dict[str, Any]) -> Person | None:
    name = fold(clean["full_name"])
    born = clean.get("birth_date")
    same = [p for p in existing if fold(p.full_name) == name]
    exact = [p for p in same if born is not None and p.birth_date == born]
    if exact:
        return exact[0]
    undated = [p for p in same if p.birth_date is None or born is None]
    return undated[0] if len(undated) == 1 else None


def _export_values(member: Member) -> list[Any]:
    values: dict[str, Any] = {
        "full_name": member.full_name, "birth_date": member.birth_date,
        "gender": {"male": "Nam", "female": "Nữ"}.get(member.gender, ""),
        "admitted_on": member.admitted_on, "official_on": member.official_on,
        "title": member.title, "role": role_label(member.role) if member.role != "member"
        else "", "retired": "x" if member.retired else "", "note": member.note,
    }
    return [values[name] for _heading, name in COLUMNS]


def export_members(ws: Workspace, path: str | os.PathLike[str],
                   organization: int | None = None) -> int:
    """Write the unit's members to .xlsx (real dates shown dd/mm/yyyy) or .csv (UTF-8,
    read correctly by Excel); return how many were written."""
    target = Path(path)
    members = list_members(ws, organization)
    headings = ["STT", *(heading for heading, _name in COLUMNS)]
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Đảng viên"
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, member in enumerate(members, start=1):
            sheet.append([number, *_export_values(member)])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date | datetime):
                    cell.number_format = "DD/MM/YYYY"
        for letter, width in zip("ABCDEFGHIJ", (6, 28, 12, 9, 15, 15, 24, 20, 9, 30),
                                 strict=True):
            sheet.column_dimensions[letter].width = width
        _save(lambda: book.save(target), target)
    elif suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headings)
        for number, member in enumerate(members, start=1):
            writer.writerow([number, *(format_short_date(v) if isinstance(v, date) else v
                                       for v in _export_values(member))])
        _save(lambda: target.write_text(buffer.getvalue(), encoding="utf-8-sig",
                                        newline=""), target)
    else:
        raise ValidationError(_("{path}: a list of members is written as .xlsx or .csv.")
                              .format(path=target.name), field="file")
    return len(members)


def _save(write: Any, target: Path) -> None:
    try:
        write()
    except OSError as exc:
        raise ValidationError(_("Cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror), field="file") from exc
