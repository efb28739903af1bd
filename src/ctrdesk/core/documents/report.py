"""The period report (BC) written as Party committees write it.

An opening that cites the program reported on; I. the situation; II. results by task group
of the program, with the figures (tasks, targets, sessions, dialogues and concerns,
inspections and their follow-up, ratings); III. the overall assessment; IV. directions for
the next period with the program's upcoming deadlines; V. proposals. Figures are generated
from the state at the period's end; the committee's own words come from the narrative
sections the user writes (``situation``, ``assessment``, ``directions``, ``proposals``;
optionally ``strengths``, ``shortcomings`` and ``group:N`` for the group numbered N).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from ctrdesk.core.documents.issuer import committee_name, frame, issuer_of, unit_program_of
from ctrdesk.core.documents.layout import Bullet, Document, Heading, Para, TableBlock
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _, format_number, format_short_date
from ctrdesk.core.period import parse_period
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Person, Program, ProgramItem

REQUIRED_SECTIONS = {  # key -> the section it fills, as the refusal names it
    "situation": "I. Đặc điểm tình hình",
    "assessment": "III. Đánh giá chung",
    "directions": "IV. Phương hướng, nhiệm vụ thời gian tới",
    "proposals": "V. Đề xuất, kiến nghị",
}
# Sections the committee may write too: the assessment split into strengths and shortcomings.
OPTIONAL_SECTIONS = {
    "strengths": "III.1. Ưu điểm",
    "shortcomings": "III.2. Hạn chế, nguyên nhân",
}
NARRATIVE_PLACEHOLDER = "(Nội dung do chi ủy soạn thảo.)"
COMMITTEE_PLACEHOLDER = "(Nội dung do cấp ủy soạn thảo.)"
# Any placeholder: who writes the section depends on the unit (a branch of fewer than nine
# members has no chi ủy: its chi bộ writes it).
PLACEHOLDER_PATTERN = re.compile(r"\(Nội dung do [^()]{1,40} soạn thảo\.\)")
REVIEW_WORDS = {"so_ket": "sơ kết", "tong_ket": "tổng kết"}
FEW = 5  # up to this many tasks in a group are named one by one


def _para(text: str) -> Para:
    """A paragraph of plain text (the layout reads paragraphs as markup)."""
    return Para(escape(text))


def _bullet(text: str) -> Bullet:
    return Bullet(escape(text))


def parse_sections(data: Any) -> dict[str, str]:
    """The narrative sections as the user gives them: a JSON object of texts."""
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise ValidationError(_("The sections must be a JSON object whose values are texts, "
                                "e.g. {\"situation\": \"...\", \"assessment\": \"...\"}."),
                              field="sections")
    return {k.strip(): v.strip() for k, v in data.items()}


def missing_sections(sections: dict[str, str]) -> list[str]:
    """The required sections still empty, by the names the document gives them."""
    return [title for key, title in REQUIRED_SECTIONS.items()
            if not sections.get(key, "").strip()]


def narrative(text: str | None, placeholder: str = NARRATIVE_PLACEHOLDER) -> list[Any]:
    """Paragraphs separated by blank lines; a line starting with "-" is a bullet."""
    if not text or not text.strip():
        return [_para(placeholder)]
    blocks: list[Any] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        for line in lines:
            if line.startswith(("- ", "+ ", "• ")):
                if paragraph:
                    blocks.append(_para(" ".join(paragraph)))
                    paragraph = []
                blocks.append(_bullet(line[2:].strip()))
            else:
                paragraph.append(line)
        if paragraph:
            blocks.append(_para(" ".join(paragraph)))
    return blocks


def placeholder_for(committee_word: str) -> str:
    """What an empty narrative section says: who is to write it."""
    return f"(Nội dung do {committee_word} soạn thảo.)"


def is_placeholder(text: str) -> bool:
    return PLACEHOLDER_PATTERN.fullmatch(text.strip()) is not None


def number(value: float, digits: int = 1) -> str:
    """A figure as Vietnamese write it (decimal comma, thousands dot)."""
    return format_number(value, digits, locale="vi")


def program_citation(ws: Workspace, program_id: int, until: date) -> str:
    """'Chương trình số 01-CTr/CB ngày 02/03/2026 của Chi bộ Vụ 14' and the parent's."""
    from ctrdesk.core.store.models import Document as DocumentRow

    with ws.reading():
        program = Program.get_by_id(program_id)
        parent_id = getattr(program, "parent_id", None)
        parent = Program.get_or_none(Program.id == parent_id) if parent_id else None
        issuer_id = getattr(program, "issuer_id", None)
        issued = (DocumentRow.select().where(
            (DocumentRow.kind == "program") & (DocumentRow.status == "issued")
            & (DocumentRow.organization == issuer_id)
            & (DocumentRow.issued_on <= until)).order_by(DocumentRow.issued_on.desc(),
                                                         DocumentRow.id.desc()).first())
        own_org: Any = program.issuer if issuer_id else None
        own_name = own_org.name if own_org is not None else ""
        parent_issuer = ""
        if parent is not None:
            parent_org: Any = parent.issuer if getattr(parent, "issuer_id", None) else None
            parent_issuer = parent.issuer_text or (parent_org.name if parent_org else "")
            if not parent_issuer and own_org is not None and own_org.parent_id:
                parent_issuer = own_org.parent.name
            parent_issuer = committee_name(parent_issuer)

    def cite(kind: str, number_text: str, on: date | None, by: str, about: str) -> str:
        words = [kind]
        if number_text:
            words.append(f"số {number_text}")
        if on:
            words.append(f"ngày {format_short_date(on)}")
        if by:
            words.append(f"của {by}")
        if about:
            words.append(about)
        return " ".join(words)

    upper = cite((parent.doc_type or "chương trình").capitalize(), parent.number,
                 parent.issued_on, parent_issuer, "") if parent is not None else ""
    if issued is not None:
        own = cite("Chương trình", issued.number, issued.issued_on, own_name, "")
    elif program.number:
        own = cite("Chương trình", program.number, program.issued_on, own_name, "")
    else:
        return upper
    if upper:
        upper = upper[0].lower() + upper[1:] if upper.startswith("Chương trình") else upper
        return f"{own} (cụ thể hóa {upper})"
    return own


def _groups(items: list[ProgramItem], tasks: list[ProgramItem]
            ) -> list[tuple[ProgramItem | None, list[ProgramItem]]]:
    """Tasks by their group: the top item under the program's section (or the appendix)."""
    by_id = {i.id: i for i in items}
    order: list[int | None] = []
    grouped: dict[int | None, list[ProgramItem]] = {}
    for task in tasks:
        chain = [task]
        while chain[-1].parent_id in by_id:  # type: ignore[attr-defined]
            chain.append(by_id[chain[-1].parent_id])  # type: ignore[attr-defined]
        top = chain[-1]
        if top.kind == "appendix":
            group: ProgramItem | None = top
        elif top.kind == "section":
            group = chain[-2] if len(chain) >= 3 else top
        else:
            group = top if top is not task else None
        key = group.id if group is not None else None
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        grouped[key].append(task)
    return [(by_id.get(key) if key is not None else None, grouped[key]) for key in order]


def _task_name(item: ProgramItem) -> str:
    """A task's whole text (nothing is cut), without its closing punctuation: a list
    adds its own."""
    return " ".join((item.title or item.text).split()).rstrip(".;:, ")


STATUS_VI = {"not_started": "chưa thực hiện", "in_progress": "đang thực hiện",
             "done": "hoàn thành", "overdue": "quá hạn", "cancelled": "dừng thực hiện"}
ROLE_VI = {"lead": "chủ trì", "coordinating": "phối hợp", "implementing": "thực hiện"}
LEVEL_VI = {"excellent": "hoàn thành xuất sắc nhiệm vụ", "good": "hoàn thành tốt nhiệm vụ",
            "complete": "hoàn thành nhiệm vụ", "incomplete": "không hoàn thành nhiệm vụ"}
MEASURE_VI = {"reprimand": "khiển trách", "warning": "cảnh cáo", "dismissal": "cách chức",
              "expulsion": "khai trừ"}


def _counts(shown: list[str]) -> str:
    parts = [f"{STATUS_VI[s]} {shown.count(s)}" for s in
             ("done", "in_progress", "not_started", "overdue", "cancelled") if shown.count(s)]
    return ", ".join(parts) or "chưa có"


def build_period_report(ws: Workspace, period: str, organization: int | None = None,
                        sections: dict[str, str] | None = None, review: str = "") -> Document:
    from ctrdesk.core.programs.asof import item_states, target_states, tasks_of
    from ctrdesk.core.records.period import period_records

    if review and review not in REVIEW_WORDS:
        raise ValidationError(_("Unknown review '{value}'; use one of: {choices}.").format(
            value=review, choices=", ".join(REVIEW_WORDS)), field="review")
    span = parse_period(period)
    issuer = issuer_of(ws, organization)
    placeholder = placeholder_for(issuer.committee_word)
    sections = sections or {}
    program_id = unit_program_of(ws, issuer.id)
    body: list[Any] = []
    who = issuer.name
    if program_id is not None:
        citation = program_citation(ws, program_id, span.end + timedelta(days=30))
        body.append(_para(f"Thực hiện {citation}, {who} báo cáo kết quả thực hiện "
                         f"{span.label} như sau:" if citation else
                         f"{who} báo cáo kết quả thực hiện nhiệm vụ {span.label} như sau:"))
    else:
        body.append(_para(f"{who} báo cáo kết quả thực hiện nhiệm vụ {span.label} như sau:"))
    records = period_records(ws, issuer.id, span.start, span.end)

    # I. The situation.
    body.append(Heading("I. Đặc điểm tình hình"))
    with ws.reading():
        members = Person.select().where(Person.organization == issuer.id).count() \
            if issuer.id else 0
    if members:
        body.append(_para(f"{who} có {members} đảng viên."))
    body += narrative(sections.get("situation"), placeholder)
    if records.issues:
        body.append(_para("Vấn đề tư tưởng nổi lên trong năm: " + "; ".join(
            str(i["title"]) for i in records.issues) + "."))

    # II. Results.
    body.append(Heading("II. Kết quả thực hiện nhiệm vụ"))
    sub = 0
    overdue_names: list[str] = []
    missed_targets: list[str] = []
    upcoming: list[tuple[date, str]] = []
    if program_id is None:
        body.append(_para(f"{who} chưa xây dựng chương trình thực hiện."))
    else:
        with ws.reading():
            items = list(ProgramItem.select().where(ProgramItem.program == program_id)
                         .order_by(ProgramItem.position, ProgramItem.id))
        states = item_states(ws, program_id, span.end)
        tasks = tasks_of(items)
        all_shown = [states[t.id].shown for t in tasks]
        sub += 1
        body.append(Heading(f"{sub}. Thực hiện các nhiệm vụ của chương trình", 2))
        body.append(_para(f"{who} thực hiện {len(tasks)} nhiệm vụ (không kể các đề mục nhóm): "
                         f"{_counts(all_shown)}."))
        for index, (group, chosen) in enumerate(_groups(items, tasks), start=1):
            title = " ".join(((group.title or group.text) if group else
                              "Các nhiệm vụ khác").split())
            body.append(Heading(f"{sub}.{index}. {title}", 3))
            own_words = sections.get(f"group:{group.number}") if group is not None else None
            if own_words:
                body += narrative(own_words, placeholder)
            shown = [states[t.id].shown for t in chosen]
            roles = {r: sum(1 for t in chosen if t.role == r) for r in ROLE_VI}
            role_text = ", ".join(f"{ROLE_VI[r]} {n}" for r, n in roles.items() if n)
            body.append(_para(f"{len(chosen)} nhiệm vụ ({role_text}): {_counts(shown)}."))
            for task in chosen:
                state = states[task.id]
                if len(chosen) <= FEW or state.shown in ("done", "overdue"):
                    deadline = f", hạn {format_short_date(task.deadline)}" \
                        if task.deadline else ""
                    body.append(_bullet(f"{_task_name(task)}: {STATUS_VI[state.shown]}"
                                       f" ({state.progress}%{deadline})."))
        for task in tasks:
            if states[task.id].shown == "overdue":
                overdue_names.append(_task_name(task))
            elif states[task.id].status not in ("done", "cancelled") and task.deadline \
                    and span.end < task.deadline <= span.end + timedelta(days=92):
                upcoming.append((task.deadline, _task_name(task)))

        sub += 1
        body.append(Heading(f"{sub}. Kết quả thực hiện các chỉ tiêu", 2))
        from ctrdesk.core.importing.thresholds import Threshold

        rows = []
        for n, then in enumerate(target_states(ws, program_id, span.end), start=1):
            target = then.target
            wanted = Threshold(target.op, target.value, target.max_value, target.unit)
            if then.reading is None:
                reached, verdict = "Chưa có số liệu", "—"
            else:
                reached = (f"{number(then.reading)}% ({then.numerator}/{then.denominator})"
                           if target.unit == "percent" else number(then.reading, 0))
                verdict = "Đạt" if then.attained else "Chưa đạt"
                if not then.attained:
                    missed_targets.append(then.text)
            rows.append([str(n), then.text, wanted.describe(), reached,
                         verdict])
        if rows:
            body.append(TableBlock(["TT", "Chỉ tiêu", "Mức", "Kết quả", "Đánh giá"], rows,
                                   [0.07, 0.5, 0.13, 0.17, 0.13]))
        else:
            body.append(_para("Chương trình không đặt chỉ tiêu định lượng."))

    sub += 1
    body.append(Heading(f"{sub}. Sinh hoạt chi bộ, hội nghị", 2))
    sessions = records.sessions
    regular = sum(1 for s in sessions if s["kind"] == "regular")
    body.append(_para(
        f"Tổ chức {len(sessions)} buổi sinh hoạt, hội nghị (thường kỳ {regular}, chuyên đề "
        f"{records.thematic}, trong đó người đứng đầu chủ trì {records.thematic_by_head})."
        + (" Tỷ lệ đảng viên dự sinh hoạt bình quân " + number(100 * sum(
            s["figures"]["present"] / max(s["figures"]["membership"], 1) for s in sessions)
            / len(sessions)) + "%." if sessions else "")))
    if sessions:
        body.append(TableBlock(["TT", "Nội dung", "Ngày", "Có mặt", "Số lượng"], [
            [str(n), s["title"], format_short_date(date.fromisoformat(s["held_on"])),
             f"{s['figures']['present']}/{s['figures']['membership']}",
             "Đủ" if s["figures"]["quorum_met"] else "Không đủ"]
            for n, s in enumerate(sessions, start=1)], [0.07, 0.5, 0.15, 0.13, 0.15]))

    sub += 1
    body.append(Heading(f"{sub}. Đối thoại, tiếp nhận và giải quyết phản ánh, kiến nghị", 2))
    states_of = [(s, d) for _c, s, d in records.concerns]
    days = [d for s, d in states_of if s == "answered" and d is not None]
    body.append(_para(
        f"Tổ chức {len(records.dialogues)} cuộc đối thoại; tiếp nhận {len(states_of)} phản "
        f"ánh, kiến nghị: đã trả lời {sum(1 for s, _ in states_of if s == 'answered')}, "
        f"đang giải quyết {sum(1 for s, _ in states_of if s == 'open')}, quá hạn "
        f"{sum(1 for s, _ in states_of if s == 'overdue')}"
        + (f"; thời gian trả lời bình quân {number(sum(days) / len(days))} ngày."
           if days else ".")))
    for concern, concern_now, _days in records.concerns:
        if concern_now != "answered":
            due = concern.get("answer_due")
            when = f", hạn {format_short_date(date.fromisoformat(due))}" if due else ""
            body.append(_bullet(f"{concern['content']} ("
                                + ("quá hạn trả lời" if concern_now == "overdue"
                                   else "đang giải quyết") + when + ")."))

    sub += 1
    body.append(Heading(f"{sub}. Công tác kiểm tra, giám sát và thực hiện kết luận", 2))
    measures: dict[str, int] = {}
    for inspection in records.inspections:
        for measure in inspection["measures"]:
            measures[measure["measure"]] = measures.get(measure["measure"], 0) + 1
    discipline = ", ".join(f"{MEASURE_VI[m]} {n}" for m, n in measures.items()) or "không"
    done = sum(1 for _r, s in records.recommendations if s == "done")
    body.append(_para(
        f"Kết luận {len(records.inspections)} cuộc kiểm tra, giám sát; phát hiện "
        f"{sum(i['violations'] for i in records.inspections)} vi phạm; thi hành kỷ luật: "
        f"{discipline}. Kiến nghị sau kiểm tra: {len(records.recommendations)}, đã thực hiện "
        f"{done}."))
    for inspection in records.inspections:
        body.append(_bullet(f"{inspection['subject']}: {inspection['conclusion']}".rstrip(".")
                           + "."))

    sub += 1
    body.append(Heading(f"{sub}. Đánh giá, xếp loại", 2))
    _ratings(body, records, span.end.year)

    # III. Assessment.
    body.append(Heading("III. Đánh giá chung"))
    if sections.get("strengths") or sections.get("shortcomings"):
        body.append(Heading("1. Ưu điểm", 2))
        body += narrative(sections.get("strengths") or sections.get("assessment"),
                          placeholder)
        body.append(Heading("2. Hạn chế, nguyên nhân", 2))
        body += narrative(sections.get("shortcomings") or sections.get("assessment"),
                          placeholder)
    else:
        body += narrative(sections.get("assessment"), placeholder)
    if overdue_names:
        body.append(_para(f"Còn {len(overdue_names)} nhiệm vụ quá hạn: "
                         + "; ".join(overdue_names[:FEW])
                         + (f" và {len(overdue_names) - FEW} nhiệm vụ khác"
                            if len(overdue_names) > FEW else "") + "."))
    if missed_targets:
        body.append(_para(f"Chưa đạt {len(missed_targets)} chỉ tiêu: "
                         + "; ".join(missed_targets[:FEW])
                         + (f" và {len(missed_targets) - FEW} chỉ tiêu khác"
                            if len(missed_targets) > FEW else "") + "."))

    # IV. Directions.
    body.append(Heading("IV. Phương hướng, nhiệm vụ thời gian tới"))
    body += narrative(sections.get("directions"), placeholder)
    planned = _planned_sessions(ws, issuer.id, span.end)
    if upcoming or planned:
        body.append(_para("Các nhiệm vụ đến hạn trong thời gian tới:"))
        for due_on, text in sorted(upcoming + planned)[:15]:
            body.append(_bullet(f"{text} (hạn {format_short_date(due_on)})."))

    # V. Proposals.
    body.append(Heading("V. Đề xuất, kiến nghị"))
    body += narrative(sections.get("proposals"), placeholder)

    kind_word = REVIEW_WORDS.get(review, "")
    summary = (f"{kind_word} " if kind_word else "") + \
        f"kết quả thực hiện nhiệm vụ {span.label}"
    issued = min(date.today(), span.end + timedelta(days=5))
    return frame(issuer, "BÁO CÁO", summary, issued, body, f"Báo cáo {span.label} — {who}")


def _ratings(body: list[Any], records: Any, year: int) -> None:
    from ctrdesk.core.records.kinds import rating_distribution

    if records.member_ratings:
        check = rating_distribution([r["level"] for r in records.member_ratings])
        counts = "; ".join(f"{LEVEL_VI[level]}: {count}" for level, count in
                           check["counts"].items() if count)
        share = number(100 * (check["good_or_better_share"] or 0))
        body.append(_para(
            f"Đánh giá, xếp loại {check['rated']} đảng viên năm {year}: {counts}. Tỷ lệ từ "
            f"hoàn thành tốt nhiệm vụ trở lên: {share}%"
            f"; số hoàn thành xuất sắc {check['counts']['excellent']}, tối đa được phép "
            f"{check['excellent_allowed']} "
            + ("(đúng tỷ lệ quy định)." if check["quota_ok"] else "(vượt tỷ lệ quy định).")))
    else:
        body.append(_para(f"Việc đánh giá, xếp loại đảng viên năm {year} thực hiện vào cuối "
                         "năm theo quy định."))
    for rating in records.leader_ratings:
        quarter = ("I", "II", "III", "IV")[int(rating["period"][1]) - 1]
        body.append(_bullet(f"Đánh giá người đứng đầu quý {quarter}: "
                           f"{rating['subject']} — {LEVEL_VI[rating['level']]}."))


def _planned_sessions(ws: Workspace, organization: int | None, after: date
                      ) -> list[tuple[date, str]]:
    from ctrdesk.core.store.models import Meeting

    with ws.reading():
        rows = list(Meeting.select().where(
            (Meeting.organization == organization) & Meeting.planned_start.is_null(False)
            & (Meeting.planned_start > after)
            & (Meeting.planned_start <= after + timedelta(days=92))))
    return [(m.planned_start, " ".join(m.title.split())) for m in rows
            if m.planned_start is not None and (m.held_on is None or m.held_on > after)]
