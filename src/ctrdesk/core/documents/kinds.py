"""The document kinds, filled from the workspace: the unit's program (CTr), the progress
report (BC) for a period, the minutes of a meeting (BB) and an inspection's conclusion
notice (TB). Each returns a :class:`~ctrdesk.core.documents.layout.Document` that the
register stores as a draft, the user edits, and the layout engine renders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ctrdesk.core.documents.layout import (
    Appendix,
    Bullet,
    Document,
    Heading,
    Para,
    Signature,
    TableBlock,
)
from ctrdesk.core.documents.model import appendix_reference
from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import _, format_number, format_percent, format_share, format_short_date
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Organization,
    Person,
    Program,
    ProgramItem,
    Setting,
    Target,
    tuples,
)

KINDS = {"program": "CTr", "report": "BC", "minutes": "BB", "notice": "TB"}
STATUS_VI = {"not_started": "Chưa thực hiện", "in_progress": "Đang thực hiện",
             "done": "Hoàn thành", "overdue": "Quá hạn", "cancelled": "Dừng thực hiện"}
ROLE_VI = {"lead": "Chủ trì", "coordinating": "Phối hợp", "implementing": "Thực hiện"}
LEVEL_VI = {"excellent": "Hoàn thành xuất sắc nhiệm vụ", "good": "Hoàn thành tốt nhiệm vụ",
            "complete": "Hoàn thành nhiệm vụ", "incomplete": "Không hoàn thành nhiệm vụ"}
MEASURE_VI = {"reprimand": "khiển trách", "warning": "cảnh cáo", "dismissal": "cách chức",
              "expulsion": "khai trừ"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
NARRATIVE_PLACEHOLDER = "(Nội dung do {committee} soạn thảo.)"
SYMBOLS = {"BÁO CÁO": "BC", "CHƯƠNG TRÌNH": "CTr", "BIÊN BẢN": "BB", "THÔNG BÁO": "TB",
           "KẾ HOẠCH": "KH"}
# A branch of fewer than nine members elects no chi ủy (only a secretary): its documents
# speak of the chi bộ. The setting overrides the count ("yes" / "no").
COMMITTEE_SETTING = "branch_has_committee"
COMMITTEE_MINIMUM = 9


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # "quý I năm 2026"
    code: str  # "2026-Q1"


def parse_period(text: str) -> Period:
    """YYYY, YYYY-Qn, YYYY-Hn, YYYY-9M or YYYY-MM."""
    match = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|9M|\d{2}))?", text.strip().upper())
    if not match:
        raise ValidationError(_("'{period}' is not a period: use YYYY, YYYY-Qn, YYYY-Hn, "
                                "YYYY-9M or YYYY-MM.").format(period=text), field="period")
    year, part = int(match.group(1)), match.group(2)

    def end_of(month: int) -> date:
        return (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))

    if part is None:
        return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}", str(year))
    if part.startswith("Q"):
        q = int(part[1])
        return Period(date(year, 3 * q - 2, 1), end_of(3 * q), f"quý {ROMAN[q - 1]} năm {year}",
                      f"{year}-{part}")
    if part.startswith("H"):
        first = part == "H1"
        return Period(date(year, 1 if first else 7, 1), end_of(6 if first else 12),
                      f"6 tháng {'đầu' if first else 'cuối'} năm {year}", f"{year}-{part}")
    if part == "9M":
        return Period(date(year, 1, 1), end_of(9), f"9 tháng đầu năm {year}", f"{year}-9M")
    month = int(part)
    if not 1 <= month <= 12:
        raise ValidationError(_("'{period}' is not a period: use YYYY, YYYY-Qn, YYYY-Hn, "
                                "YYYY-9M or YYYY-MM.").format(period=text), field="period")
    return Period(date(year, month, 1), end_of(month), f"tháng {month} năm {year}",
                  f"{year}-{month:02d}")


# --- who issues ---------------------------------------------------------------------------


@dataclass
class Issuer:
    id: int | None
    name: str
    superior: str
    abbreviation: str
    secretary: str
    place: str
    committee: bool = True  # a chi ủy (or đảng ủy) leads the unit; False: a small branch

    @property
    def committee_word(self) -> str:
        """Who leads the unit's work: "chi ủy" (or "đảng ủy"), "chi bộ" when there is none."""
        if self.name.lower().startswith(("đảng bộ", "đảng ủy")):
            return "đảng ủy"
        return "chi ủy" if self.committee else "chi bộ"

    @property
    def members_line(self) -> str:
        if self.name.lower().startswith(("đảng bộ", "đảng ủy")):
            return "Các đồng chí đảng ủy viên"
        return "Các đồng chí chi ủy viên" if self.committee else "Các đồng chí đảng viên chi bộ"


def issuer_of(ws: Workspace, organization: int | None = None) -> Issuer:
    from ctrdesk.core.organizations import own_organization

    with ws.reading():
        if organization is None:
            own = own_organization(ws)
            organization = own.id if own else None
        org = Organization.get_or_none(Organization.id == organization) if organization \
            else None
        superior = org.parent.name if org is not None and org.parent_id else ""  # type: ignore[attr-defined]
        secretary = Person.select().where((Person.organization == organization)
                                          & (Person.role == "secretary")).first() \
            if organization else None
        place = Setting.get_or_none(Setting.key == "place")
        chosen = Setting.get_or_none(Setting.key == COMMITTEE_SETTING)
        members = Person.select().where(Person.organization == organization).count() \
            if organization else 0
    committee = chosen.value.strip().lower() in ("yes", "1", "true", "có") if chosen \
        else members >= COMMITTEE_MINIMUM
    return Issuer(organization, org.name if org else "", superior,
                  (org.abbreviation if org else "") or "CB",
                  secretary.full_name if secretary else "", place.value if place else "Hà Nội",
                  committee)


def _on_behalf(issuer: Issuer) -> str:
    name = issuer.name.lower()
    if name.startswith("chi bộ"):
        return "T/M CHI BỘ"
    if name.startswith(("đảng bộ", "đảng ủy")):
        return "T/M ĐẢNG ỦY"
    return "T/M " + issuer.name.upper()


def _frame(issuer: Issuer, doc_type: str, summary: str, on: date, body: list[Any],
           title: str) -> Document:
    return Document(
        superior=issuer.superior, issuer=issuer.name, doc_type=doc_type, summary=summary,
        place=issuer.place, date=on, body=body,
        signature=Signature(_on_behalf(issuer), "BÍ THƯ", issuer.secretary),
        recipients=[f"{issuer.superior or 'Cấp trên'} (để báo cáo)",
                    f"{issuer.members_line} (để thực hiện)", "Lưu Chi bộ"],
        draft="DỰ THẢO", title=title,
        symbol=f"{SYMBOLS.get(doc_type, '')}/{issuer.abbreviation}")


def unit_program_of(ws: Workspace, organization: int | None) -> int | None:
    with ws.reading():
        row = (Program.select(Program.id).where((Program.kind == "unit_program")
                                                & (Program.issuer == organization))
               .order_by(Program.id.desc()).first())
    return row.id if row else None


def _actionable(ws: Workspace, program_id: int) -> list[ProgramItem]:
    with ws.reading():
        return list(ProgramItem.select().where((ProgramItem.program == program_id)
                                               & (ProgramItem.role != "")
                                               & (ProgramItem.kind != "target"))
                    .order_by(ProgramItem.id))


def _item_text(item: ProgramItem) -> str:
    """The whole text of a task, never cut: the table cell wraps."""
    return " ".join(x for x in (item.number and f"{item.number}.", item.title or item.text)
                    if x)


def _targets_table(ws: Workspace, program_id: int, until: date | None,
                   plan: bool = False) -> TableBlock:
    """The targets with their level; a report adds the result and the verdict, a plan
    (the program) has no result columns."""
    from ctrdesk.core.importing.thresholds import Threshold
    from ctrdesk.core.programs.execution import meets
    from ctrdesk.core.store.models import TargetReading

    rows = []
    with ws.reading():
        targets = list(Target.select().where(Target.program == program_id).order_by(Target.id))
        for index, target in enumerate(targets, start=1):
            query = TargetReading.select().where(TargetReading.target == target.id)
            if until is not None:
                query = query.where(TargetReading.as_of <= until)
            latest = query.order_by(TargetReading.as_of.desc()).first()
            wanted = Threshold(target.op, target.value, target.max_value, target.unit)
            if latest is None:
                reached, verdict = "—", "Chưa có số liệu"
            else:
                value = 100.0 * latest.numerator / latest.denominator \
                    if target.unit == "percent" else float(latest.count)
                reached = format_percent(value, locale="vi") if target.unit == "percent" \
                    else format_number(value, 2, locale="vi")
                verdict = "Đạt" if meets(target.op, target.value, target.max_value, value) \
                    else "Chưa đạt"
            rows.append([str(index), target.text, wanted.describe(), reached, verdict])
    if plan:
        return TableBlock(["TT", "Chỉ tiêu", "Mức"], [row[:3] for row in rows])
    return TableBlock(["TT", "Chỉ tiêu", "Mức", "Kết quả", "Đánh giá"], rows)


# --- the report (BC) -------------------------------------------------------------------------


def build_report(ws: Workspace, period: str, organization: int | None = None,
                 narratives: dict[str, str] | None = None, review: str = "") -> Document:
    """The progress report for a period (or a sơ kết / tổng kết review)."""
    from ctrdesk.core.programs.execution import effective_status
    from ctrdesk.core.records.calendar import due, thematic_sessions_by_head
    from ctrdesk.core.records.kinds import concern_state, rating_distribution
    from ctrdesk.core.records.service import get_record, list_records

    span = parse_period(period)
    issuer = issuer_of(ws, organization)
    narratives = narratives or {}
    program_id = unit_program_of(ws, issuer.id)
    body: list[Any] = []
    section = iter(ROMAN)

    body.append(Heading(f"{next(section)}. Kết quả thực hiện nhiệm vụ"))
    if program_id is None:
        body.append(Para("Chi bộ chưa xây dựng chương trình thực hiện trong ctrdesk."))
    else:
        items = _actionable(ws, program_id)
        shown = [effective_status(i.status, i.deadline, span.end) for i in items]
        body.append(Para(
            f"Trong {span.label}, chi bộ theo dõi {len(items)} nhiệm vụ: hoàn thành "
            f"{shown.count('done')}, đang thực hiện {shown.count('in_progress')}, chưa "
            f"thực hiện {shown.count('not_started')}, quá hạn {shown.count('overdue')}."))
        body.append(TableBlock(
            ["TT", "Nhiệm vụ", "Vai trò", "Tình trạng", "Tiến độ"],
            [[str(n), _item_text(i), ROLE_VI.get(i.role, ""), STATUS_VI.get(s, s),
              format_percent(i.progress, locale="vi")]
             for n, (i, s) in enumerate(zip(items, shown, strict=True), 1)]))
        body.append(Heading("Kết quả thực hiện các chỉ tiêu", 2))
        body.append(_targets_table(ws, program_id, span.end))

    sessions = [r for r in list_records(ws, "session", organization=issuer.id,
                                        with_figures=False)
                if r.get("held_on") and span.start.isoformat() <= r["held_on"]
                <= span.end.isoformat()]
    body.append(Heading(f"{next(section)}. Sinh hoạt chi bộ và hội nghị"))
    thematic = sum(1 for r in sessions if r["kind"] == "thematic")
    body.append(Para(
        f"Chi bộ tổ chức {len(sessions)} buổi sinh hoạt, hội nghị, trong đó {thematic} buổi "
        f"sinh hoạt chuyên đề; số buổi chuyên đề do người đứng đầu chủ trì trong năm "
        f"{span.end.year}: {thematic_sessions_by_head(ws, span.end.year, issuer.id)}."))
    if sessions:
        rows = []
        for number, summary in enumerate(sessions, start=1):
            figures = get_record(ws, "session", summary["id"])["figures"]
            rows.append([str(number), summary["title"], format_short_date(
                date.fromisoformat(summary["held_on"])),
                f"{figures['present']}/{figures['membership']}",
                "Đủ" if figures["quorum_met"] else "Không đủ"])
        body.append(TableBlock(["TT", "Nội dung", "Ngày", "Có mặt", "Số lượng"], rows))

    body.append(Heading(f"{next(section)}. Đối thoại và giải quyết phản ánh, kiến nghị"))
    dialogues = [get_record(ws, "dialogue", r["id"]) for r in list_records(
        ws, "dialogue", organization=issuer.id, with_figures=False)
        if span.start.isoformat() <= r["held_on"] <= span.end.isoformat()]
    states = [concern_state(c, date.fromisoformat(d["held_on"]), span.end)
              for d in dialogues for c in d["concerns"]]
    days = [n for s, n in states if s == "answered" and n is not None]
    body.append(Para(
        f"Tổ chức {len(dialogues)} cuộc đối thoại; tiếp nhận {len(states)} phản ánh, kiến "
        f"nghị, đã trả lời {sum(1 for s, _n in states if s == 'answered')}, đang giải quyết "
        f"{sum(1 for s, _n in states if s == 'open')}, quá hạn "
        f"{sum(1 for s, _n in states if s == 'overdue')}"
        + (f"; thời gian trả lời bình quân {format_number(sum(days) / len(days), locale='vi')}"
           " ngày." if days else ".")))

    body.append(Heading(f"{next(section)}. Công tác kiểm tra, giám sát"))
    inspections = [get_record(ws, "inspection", r["id"]) for r in list_records(
        ws, "inspection", organization=issuer.id, with_figures=False)]
    inspections = [i for i in inspections if i.get("concluded_on")
                   and span.start.isoformat() <= i["concluded_on"] <= span.end.isoformat()]
    measures: dict[str, int] = {}
    for inspection in inspections:
        for measure in inspection["measures"]:
            measures[measure["measure"]] = measures.get(measure["measure"], 0) + 1
    discipline = ", ".join(f"{MEASURE_VI[m]} {n}" for m, n in measures.items()) or "không có"
    body.append(Para(
        f"Kết luận {len(inspections)} cuộc kiểm tra, giám sát; phát hiện "
        f"{sum(i['violations'] for i in inspections)} vi phạm; kỷ luật: {discipline}."))
    for inspection in inspections:
        done = sum(1 for r in inspection["recommendations"] if r["status"] == "done")
        body.append(Bullet(f"{inspection['subject']}: {inspection['conclusion']} "
                           f"(kiến nghị: {len(inspection['recommendations'])}, đã thực hiện "
                           f"{done})."))

    ratings = [r for r in list_records(ws, "rating", year=span.end.year,
                                       organization=issuer.id, with_figures=False)
               if r["subject_kind"] == "member" and r["period"] == "year"]
    if ratings:
        check = rating_distribution([r["level"] for r in ratings])
        body.append(Heading(f"{next(section)}. Đánh giá, xếp loại đảng viên"))
        body.append(Para("; ".join(f"{LEVEL_VI[level]}: {count}" for level, count in
                                   check["counts"].items()) +
                         f". Tỷ lệ từ hoàn thành tốt nhiệm vụ trở lên: "
                         f"{format_share(check['good_or_better_share'] or 0, locale='vi')}."))

    body.append(Heading(f"{next(section)}. Hạn chế, nguyên nhân"))
    placeholder = NARRATIVE_PLACEHOLDER.format(committee=issuer.committee_word)
    body.append(Para(narratives.get("shortcomings", placeholder)))
    body.append(Heading(f"{next(section)}. Phương hướng, nhiệm vụ thời gian tới"))
    body.append(Para(narratives.get("directions", placeholder)))
    upcoming = [e for e in due(ws, span.end, horizon_days=90) if e.due > span.end]
    for entry in upcoming[:20]:
        body.append(Bullet(f"{entry.text} (hạn {format_short_date(entry.due)})."))
    body.append(Heading(f"{next(section)}. Đề xuất, kiến nghị"))
    body.append(Para(narratives.get("proposals", placeholder)))

    kind_word = {"so_ket": "sơ kết", "tong_ket": "tổng kết"}.get(review, "")
    summary_line = (f"{kind_word} " if kind_word else "") + \
        f"kết quả thực hiện nhiệm vụ {span.label}"
    issued = min(date.today(), span.end + timedelta(days=5))
    return _frame(issuer, "BÁO CÁO", summary_line, issued, body,
                  f"Báo cáo {span.label} — {issuer.name}")


# --- the unit's program (CTr) ---------------------------------------------------------------


def build_program(ws: Workspace, program_id: int) -> Document:
    with ws.reading():
        program = Program.get_or_none(Program.id == program_id)
        if program is None or program.kind != "unit_program":
            raise NotFoundError(_("No unit program with id {id}.").format(id=program_id))
        people: dict[int, str] = dict(tuples(Person.select(Person.id, Person.full_name)))
    issuer = issuer_of(ws, program.issuer_id)  # type: ignore[attr-defined]
    with ws.reading():
        tree = {i.id: i for i in ProgramItem.select().where(ProgramItem.program == program_id)}

    def in_appendix(item: ProgramItem) -> bool:
        current: ProgramItem | None = item
        while current is not None and current.parent_id:  # type: ignore[attr-defined]
            current = tree.get(current.parent_id)  # type: ignore[attr-defined]
        return current is not None and current.kind == "appendix"

    everything = _actionable(ws, program_id)
    items = [i for i in everything if not in_appendix(i)]
    appendix_items = [i for i in everything if in_appendix(i)]
    parents = {i.parent_id for i in everything}  # type: ignore[attr-defined]

    def task_table(chosen: list[ProgramItem]) -> TableBlock:
        """One row a task; an item that groups tasks is a heading row, with no person."""
        rows: list[list[str]] = []
        groups: list[int] = []
        number = 0
        for item in chosen:
            if item.id in parents:
                groups.append(len(rows))
                rows.append([_item_text(item)] + [""] * 6)
                continue
            number += 1
            rows.append([str(number), _item_text(item),
                         people.get(item.responsible_person_id, ""),  # type: ignore[attr-defined]
                         item.action, format_short_date(item.deadline) or item.deadline_text
                         or {"monthly": "Hằng tháng", "quarterly": "Hằng quý",
                             "half_yearly": "6 tháng", "yearly": "Hằng năm"}.get(
                             item.recurrence, ""),
                         item.resources, item.accountable])
        return TableBlock(["TT", "Nhiệm vụ", "Người thực hiện", "Việc cụ thể", "Thời hạn",
                           "Nguồn lực", "Trách nhiệm"], rows, landscape=True,
                          group_rows=groups)

    summary = _undoubled(program.summary or "thực hiện chương trình của cấp trên")
    purpose = summary.removeprefix("thực hiện ").strip()
    leader = issuer.committee_word.capitalize()
    body: list[Any] = [
        Heading("I. Mục đích, yêu cầu"),
        Para(f"Cụ thể hóa {purpose} phù hợp với chức năng, nhiệm vụ của {issuer.name}; bảo "
             "đảm nguyên tắc 05 rõ: rõ người, rõ việc, rõ thời hạn, rõ nguồn lực, rõ trách "
             "nhiệm."),
        Heading("II. Chỉ tiêu"),
        _targets_table(ws, program_id, None, plan=True),
        Heading("III. Nhiệm vụ và phân công thực hiện"),
        task_table(items),
        Heading("IV. Tổ chức thực hiện"),
        Para(f"{leader} phân công đồng chí "
             + ("chi ủy viên" if issuer.committee_word == "chi ủy" else "bí thư chi bộ"
                if issuer.committee_word == "chi bộ" else "đảng ủy viên")
             + " theo dõi, đôn đốc; định kỳ hằng quý đánh giá kết quả, báo cáo cấp trên "
             "theo quy định."),
    ]
    document = _frame(issuer, "CHƯƠNG TRÌNH", summary, date.today(), body,
                      f"Chương trình — {issuer.name}")
    if appendix_items:
        document.appendices.append(Appendix(
            "PHỤ LỤC", "Các nhiệm vụ, đề án theo phụ lục của chương trình cấp trên",
            appendix_reference(document), [task_table(appendix_items)]))
    return document


def _undoubled(summary: str) -> str:
    """ "thực hiện chương trình hành động thực hiện Nghị quyết …" says "thực hiện" twice:
    the second becomes "về"."""
    match = re.match(r"(thực hiện\s+.+?)\s+thực hiện\s+(.+)$", summary, re.IGNORECASE)
    return f"{match.group(1)} về {match.group(2)}" if match else summary


# --- minutes (BB) and the conclusion notice (TB) ---------------------------------------------


def _record_and_issuer(ws: Workspace, kind: str, record_id: int) -> tuple[dict[str, Any],
                                                                         Issuer]:
    """A record as the records service gives it, and the unit that held it."""
    from ctrdesk.core.records.service import get_kind, get_record

    record = get_record(ws, kind, record_id)
    with ws.reading():
        row = get_kind(kind).model.get_by_id(record_id)
    return record, issuer_of(ws, row.organization_id)


def build_minutes(ws: Workspace, meeting_id: int) -> Document:
    record, issuer = _record_and_issuer(ws, "session", meeting_id)
    held = date.fromisoformat(record["held_on"]) if record["held_on"] else date.today()
    figures = record["figures"]
    absent = [f"{a['person']} ({a['reason'] or 'vắng'})" for a in record["attendance"]
              if not a["present"]]
    body: list[Any] = [
        Para(f"Thời gian: ngày {format_short_date(held)}. Địa điểm: "
             f"{record['place'] or '…'}."),
        Para(f"Chủ trì: {record['chair'] or '…'}. Thư ký: {record['recorder'] or '…'}."),
        Para(f"Số đảng viên được triệu tập: {figures['membership']}; có mặt: "
             f"{figures['present']}; vắng: {figures['absent']}"
             + (f" ({'; '.join(absent)})" if absent else "") + ". "
             + ("Hội nghị đủ số lượng theo quy định." if figures["quorum_met"]
                else "Hội nghị không đủ số lượng theo quy định.")),
        Heading("I. Nội dung"),
    ]
    for agenda in record["agenda"]:
        body.append(Bullet(f"{agenda['number']}. {agenda['text']}".strip(". ")))
        for sub in agenda.get("children", []):
            body.append(Para(f"{sub['number']}) {sub['text']}"))
    body += [Heading("II. Ý kiến thảo luận"), Para(record["discussion"] or "…"),
             Heading("III. Kết luận"), Para(record["conclusions"] or "…")]
    if record["follow_ups"]:
        body.append(TableBlock(["TT", "Việc cần làm", "Người thực hiện", "Thời hạn"], [
            [str(n), f["text"], f["owner_text"], format_short_date(
                date.fromisoformat(f["deadline"])) if f["deadline"] else ""]
            for n, f in enumerate(record["follow_ups"], start=1)], [0.07, 0.5, 0.25, 0.18]))
    document = _frame(issuer, "BIÊN BẢN", record["title"], held, body,
                      f"Biên bản — {record['title']}")
    document.signature = Signature("", "CHỦ TRÌ", record["chair"] or "")
    document.left_signature = Signature("", "THƯ KÝ", record["recorder"] or "")
    document.recipients = []
    return document


def build_notice(ws: Workspace, inspection_id: int) -> Document:
    record, issuer = _record_and_issuer(ws, "inspection", inspection_id)
    what = "giám sát" if record["mode"] == "supervision" else "kiểm tra"
    on = date.fromisoformat(record["announced_on"] or record["concluded_on"]
                            or date.today().isoformat())
    body: list[Any] = [
        Para(f"Thực hiện kế hoạch {what} năm {record['year']}, {issuer.name} đã tiến hành "
             f"{what} đối với {record['subject']}"
             + (f" về {record['topic']}" if record["topic"] else "")
             + (f", thời kỳ {record['period']}" if record["period"] else "") + "."),
        Heading("I. Kết quả " + what), Para(record["findings"] or "…"),
        Heading("II. Kết luận"), Para(record["conclusion"] or "…"),
    ]
    if record["measures"]:
        body.append(Heading("III. Xử lý kỷ luật"))
        for measure in record["measures"]:
            body.append(Bullet(f"Thi hành kỷ luật {MEASURE_VI[measure['measure']]} đối với "
                               f"{measure['subject']}."))
    if record["recommendations"]:
        body.append(Heading("IV. Kiến nghị" if record["measures"] else "III. Kiến nghị"))
        for recommendation in record["recommendations"]:
            due_text = recommendation["deadline"]
            deadline = f" (hạn {format_short_date(date.fromisoformat(due_text))})" \
                if due_text else ""
            body.append(Bullet(f"{recommendation['text']}{deadline}."))
    document = _frame(issuer, "THÔNG BÁO", f"kết luận {what} đối với {record['subject']}",
                      on, body, f"Thông báo kết luận {what}")
    document.recipients = [f"{record['subject']} (để thực hiện)",
                           f"{issuer.members_line} (để biết)", "Lưu Chi bộ"]
    return document


def build(ws: Workspace, kind: str, *, program: int | None = None, period: str | None = None,
          record: int | None = None, organization: int | None = None) -> Document:
    """The document of a kind from the options the CLI and the GUI pass."""
    if kind == "report":
        return build_report(ws, period or str(date.today().year), organization)
    if kind == "program":
        program = program or unit_program_of(ws, issuer_of(ws, organization).id)
        if program is None:
            raise ValidationError(_("No unit program to render: give --program."),
                                  field="program")
        return build_program(ws, program)
    if kind == "minutes":
        if record is None:
            raise ValidationError(_("Minutes need the meeting: give --record."), field="record")
        return build_minutes(ws, record)
    if kind == "notice":
        if record is None:
            raise ValidationError(_("A notice needs the inspection: give --record."),
                                  field="record")
        return build_notice(ws, record)
    raise ValidationError(_("Unknown document kind '{kind}'; use one of: {kinds}.").format(
        kind=kind, kinds=", ".join(KINDS)), field="kind")
