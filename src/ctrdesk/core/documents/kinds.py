"""The document kinds, filled from the workspace: the unit's program (CTr), the progress
report (BC) for a period, the minutes of a meeting (BB) and an inspection's conclusion
notice (TB). Each returns a :class:`~ctrdesk.core.documents.layout.Document` that the
register stores as a draft, the user edits, and the layout engine renders."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ctrdesk.core.documents.issuer import (
    Issuer,
    frame,
    issuer_of,
    own_recipients,
    unit_program_of,
)
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
from ctrdesk.core.documents.report import build_period_report
from ctrdesk.core.errors import NotFoundError, ValidationError
from ctrdesk.core.i18n import _, format_number, format_percent, format_short_date
from ctrdesk.core.period import Period, parse_period, period_choices
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import (
    Person,
    Program,
    ProgramItem,
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


# The period is a value type of its own module (ctrdesk.core.period); kept importable
# from here for the modules that still reach it through this one.
__all__ = ["Period", "parse_period", "period_choices"]


def _actionable(ws: Workspace, program_id: int) -> list[ProgramItem]:
    """The program's tasks: actionable items that are not group headings."""
    from ctrdesk.core.programs.asof import tasks_of

    with ws.reading():
        return tasks_of(list(ProgramItem.select().where(ProgramItem.program == program_id)
                             .order_by(ProgramItem.id)))


def _item_text(item: ProgramItem) -> str:
    """The whole text of a task, never cut: the table cell wraps."""
    return " ".join(x for x in (item.number and f"{item.number}.", item.title or item.text)
                    if x)


def _targets_table(ws: Workspace, program_id: int, until: date | None,
                   plan: bool = False) -> TableBlock:
    """The targets with their own text and threshold; a report adds the reading as of
    ``until`` and the verdict, a plan (the program) has no result columns."""
    from ctrdesk.core.importing.thresholds import Threshold
    from ctrdesk.core.programs.asof import target_states

    rows = []
    for index, state in enumerate(target_states(ws, program_id, until), start=1):
        target = state.target
        wanted = Threshold(target.op, target.value, target.max_value, target.unit)
        if state.reading is None:
            reached, verdict = "—", "Chưa có số liệu"
        else:
            reached = format_percent(state.reading, locale="vi") if target.unit == "percent" \
                else format_number(state.reading, 2, locale="vi")
            verdict = "Đạt" if state.attained else "Chưa đạt"
        rows.append([str(index), state.text, wanted.describe(), reached, verdict])
    if plan:
        return TableBlock(["TT", "Chỉ tiêu", "Mức"], [row[:3] for row in rows])
    return TableBlock(["TT", "Chỉ tiêu", "Mức", "Kết quả", "Đánh giá"], rows)


# --- the unit's program (CTr) ---------------------------------------------------------------


def build_program(ws: Workspace, program_id: int, on: date | None = None) -> Document:
    """The unit's program as it stood on ``on`` (the day it is issued; today by default)."""
    on = on or date.today()
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

    # The actionable items with the groups they form: a group is shown as a heading row.
    everything = sorted((i for i in tree.values() if i.role and i.kind != "target"),
                        key=lambda i: i.id)
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
        _targets_table(ws, program_id, on, plan=True),
        Heading("III. Nhiệm vụ và phân công thực hiện"),
        task_table(items),
        Heading("IV. Tổ chức thực hiện"),
        Para(f"{leader} phân công đồng chí "
             + ("chi ủy viên" if issuer.committee_word == "chi ủy" else "bí thư chi bộ"
                if issuer.committee_word == "chi bộ" else "đảng ủy viên")
             + " theo dõi, đôn đốc; định kỳ hằng quý đánh giá kết quả, báo cáo cấp trên "
             "theo quy định."),
    ]
    document = frame(issuer, "CHƯƠNG TRÌNH", summary, on, body,
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


def clock(text: str) -> str:
    """A time as minutes write it: "14:00", "14h00", "14 giờ" -> "14 giờ 00"."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?\s*(?:phút)?\s*", text or "")
    if not match:
        return " ".join((text or "").split())
    return f"{int(match.group(1)):02d} giờ {int(match.group(2) or 0):02d}"


def build_minutes(ws: Workspace, meeting_id: int) -> Document:
    """The minutes of a held meeting: time and place, who chaired and who kept them,
    members present and absent (with reasons), guests, the agenda, who spoke, the
    conclusions, the votes, the closing line with the time; both signatures."""
    from xml.sax.saxutils import escape

    record, issuer = _record_and_issuer(ws, "session", meeting_id)
    if record["status"] != "held" or not record["held_on"]:
        raise ValidationError(_("'{title}' has not been held (it is {status}): minutes are "
                                "written of a held meeting; record the day it was held first."
                                ).format(title=record["title"], status=record["status"]),
                              field="record")
    held = date.fromisoformat(record["held_on"])
    figures = record["figures"]
    start = clock(record.get("start_time") or "") or "… giờ …"
    end = clock(record.get("end_time") or "") or "… giờ …"
    with ws.reading():
        titles = {p.full_name: p.title for p in Person.select().where(
            Person.organization == issuer.id)} if issuer.id else {}

    def who(name: str | None) -> str:
        if not name:
            return "…"
        title = titles.get(name, "")
        return f"đồng chí {name}" + (f", {title}" if title else "")

    def para(text: str) -> Para:
        return Para(escape(text))

    def bullet(text: str) -> Bullet:
        return Bullet(escape(text))

    body: list[Any] = [
        para(f"Vào hồi {start}, ngày {format_short_date(held)}, tại "
             f"{record['place'] or '…'}, {issuer.name} tiến hành {record['title'][:1].lower()}"
             f"{record['title'][1:]}."),
        Heading("I. Thành phần"),
        para(f"Chủ trì: {who(record['chair'])}."),
        para(f"Thư ký: {who(record['recorder'])}."),
        para(f"Số đảng viên được triệu tập: {figures['membership']}; có mặt: "
             f"{figures['present']}; vắng mặt: {figures['absent']}."),
    ]
    attending = [row["person"] for row in record["attendance"] if row["present"]]
    if attending:
        body.append(para("Đảng viên có mặt: đồng chí " + ", ".join(attending) + "."))
    for row in record["attendance"]:
        if not row["present"]:
            body.append(bullet(f"Đồng chí {row['person']}: vắng mặt"
                               + (f" ({row['reason']})" if row["reason"] else " (không lý do)")
                               + "."))
    guests = [g.strip(" -") for g in (record.get("guests") or "").splitlines() if g.strip()]
    if guests:
        body.append(para("Khách mời: " + "; ".join(guests) + "."))
    body.append(para("Hội nghị đủ số lượng đảng viên theo quy định." if figures["quorum_met"]
                     else "Hội nghị không đủ số lượng đảng viên theo quy định."))
    body.append(Heading("II. Nội dung"))
    for agenda in record["agenda"]:
        text = agenda["text"].rstrip(".;") + "."
        body.append(para(f"{agenda['number'].rstrip('.')}. {text}") if agenda["number"]
                    else bullet(text))
        for sub in agenda.get("children", []):
            body.append(para(f"{sub['number']}) {sub['text'].rstrip('.;')}."))
    body.append(Heading("III. Diễn biến hội nghị"))
    speakers = [s.strip(" -") for s in (record.get("speakers") or "").splitlines()
                if s.strip()]
    for line in speakers:
        name, _sep, said = line.partition(":")
        said_text = f"Đồng chí {name.strip()} phát biểu: {said.strip()}" if said else line
        body.append(bullet(said_text.rstrip(".;") + "."))
    if record["discussion"]:
        body.append(para(record["discussion"]))
    if not speakers and not record["discussion"]:
        body.append(para("…"))
    body += [Heading("IV. Kết luận"), para(record["conclusions"] or "…")]
    if record["follow_ups"]:
        body.append(TableBlock(["TT", "Việc cần làm", "Người thực hiện", "Thời hạn"], [
            [str(n), f["text"], f["owner_text"], format_short_date(
                date.fromisoformat(f["deadline"])) if f["deadline"] else ""]
            for n, f in enumerate(record["follow_ups"], start=1)], [0.07, 0.5, 0.25, 0.18]))
    if (record.get("vote_matter") or "").strip():
        voters = figures["present"] or 1
        votes_for = record.get("votes_for") or 0
        body += [Heading("V. Biểu quyết"), para(
            f"Biểu quyết {record['vote_matter'].strip().rstrip('.')}: tán thành "
            f"{votes_for}/{figures['present']} đồng chí có mặt "
            f"({100 * votes_for / voters:.0f}%); không tán thành "
            f"{record.get('votes_against') or 0}; không biểu quyết "
            f"{record.get('votes_abstain') or 0}.")]
    body.append(para(f"Hội nghị kết thúc vào hồi {end} cùng ngày. Biên bản đã được đọc lại "
                     "cho hội nghị nghe và các đồng chí dự họp nhất trí thông qua."))
    document = frame(issuer, "BIÊN BẢN", record["title"], held, body,
                     f"Biên bản — {record['title']}")
    document.signature = Signature("", "CHỦ TRÌ", record["chair"] or "")
    document.left_signature = Signature("", "THƯ KÝ", record["recorder"] or "")
    document.recipients = []
    return document


def build_notice(ws: Workspace, inspection_id: int) -> Document:
    """The notice of an inspection's (or supervision's) conclusion: what was inspected,
    when and by whom, the findings, the conclusion, discipline and what must be done by
    when."""
    from xml.sax.saxutils import escape

    record, issuer = _record_and_issuer(ws, "inspection", inspection_id)
    what = "giám sát" if record["mode"] == "supervision" else "kiểm tra"
    if not record["concluded_on"] and not record["conclusion"]:
        raise ValidationError(_("The inspection '{subject}' has no conclusion yet: a "
                                "conclusion notice is written once it is concluded.").format(
            subject=record["subject"]), field="record")
    on = date.fromisoformat(record["announced_on"] or record["concluded_on"]
                            or date.today().isoformat())

    def para(text: str) -> Para:
        return Para(escape(text))

    def bullet(text: str) -> Bullet:
        return Bullet(escape(text))

    when = ""
    if record["planned_start"] and record["planned_end"]:
        when = (f", từ ngày {format_short_date(date.fromisoformat(record['planned_start']))}"
                f" đến ngày {format_short_date(date.fromisoformat(record['planned_end']))}")
    team = f", Đoàn {what} ({record['team']})" if record["team"] else ""
    body: list[Any] = [
        para(f"Thực hiện kế hoạch {what} năm {record['year']}{when}{team} đã tiến hành {what} "
             f"đối với {record['subject']}"
             + (f" về {record['topic'][:1].lower()}{record['topic'][1:]}"
                if record["topic"] else "")
             + (f", thời kỳ {record['period']}" if record["period"] else "")
             + f". Sau khi xem xét báo cáo kết quả {what}, {issuer.name} kết luận như sau:"),
        Heading("I. Kết quả " + what), para(record["findings"] or "…"),
        Heading("II. Kết luận"), para(record["conclusion"] or "…"),
    ]
    if record["violations"]:
        body.append(para(f"Số vi phạm phát hiện: {record['violations']}."))
    if record["measures"]:
        body.append(Heading("III. Xử lý kỷ luật"))
        for measure in record["measures"]:
            body.append(bullet(f"Thi hành kỷ luật {MEASURE_VI[measure['measure']]} đối với "
                               f"{measure['subject']}."))
    if record["recommendations"]:
        body.append(Heading("IV. Kiến nghị, yêu cầu" if record["measures"]
                            else "III. Kiến nghị, yêu cầu"))
        for recommendation in record["recommendations"]:
            due_text = recommendation["deadline"]
            deadline = f" (hạn {format_short_date(date.fromisoformat(due_text))})" \
                if due_text else ""
            who = f"{recommendation['owner_text']}: " if recommendation.get("owner_text") else ""
            body.append(bullet(f"{who}{recommendation['text'].rstrip('.')}{deadline}."))
    document = frame(issuer, "THÔNG BÁO", f"kết luận {what} đối với {record['subject']}",
                     on, body, f"Thông báo kết luận {what}")
    document.recipients = [f"{record['subject']} (để thực hiện)",
                           *own_recipients(issuer, "để biết")]
    return document


def build(ws: Workspace, kind: str, *, program: int | None = None, period: str | None = None,
          record: int | None = None, organization: int | None = None,
          sections: dict[str, str] | None = None, review: str = "",
          on: date | None = None) -> Document:
    """The document of a kind from the options the CLI and the GUI pass. ``sections``
    are the committee's own words for a report; ``on`` is the day a program is issued
    (its state that day)."""
    if kind == "report":

        return build_period_report(ws, period or str(date.today().year), organization,
                                   sections, review)
    if kind == "program":
        program = program or unit_program_of(ws, issuer_of(ws, organization).id)
        if program is None:
            raise ValidationError(_("No unit program to render: give --program."),
                                  field="program")
        return build_program(ws, program, on)
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
