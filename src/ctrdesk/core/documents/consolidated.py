"""The consolidated report (BC tổng hợp) of an upper level, from its consolidation.

It is the upper level's own document: its header (the body above it and the issuing
committee), its signer and its recipients come from the workspace's settings, with
defaults per level ("T/M BAN THƯỜNG VỤ", "Ban Thường vụ Đảng ủy cấp trên (để báo cáo)",
"Các chi bộ trực thuộc", "Lưu Văn phòng"). Late and missing units are named; each target
row carries its own text and threshold; sessions, dialogues, inspections and ratings (with
the quota checks) and near-identical ideological issues follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from ctrdesk.core.documents.issuer import committee_name, frame, issuer_of
from ctrdesk.core.documents.layout import Bullet, Document, Heading, Para, Signature, TableBlock
from ctrdesk.core.period import parse_period
from ctrdesk.core.store import Workspace

SETTING_AUTHORITY = "consolidated.authority"
SETTING_POSITION = "consolidated.position"
SETTING_SIGNER = "consolidated.signer"
SETTING_RECIPIENTS = "consolidated.recipients"  # one a line
COMMITTEE_KINDS = ("party_committee", "grassroots_committee", "provincial_committee")


@dataclass(frozen=True)
class SignerSettings:
    authority: str
    position: str
    name: str
    recipients: list[str]


def signer_settings(ws: Workspace) -> SignerSettings:
    """The consolidated report's signer and recipients: the workspace's settings, or the
    defaults of its level."""

    issuer = issuer_of(ws)
    committee = issuer.kind in COMMITTEE_KINDS
    above = committee_name(issuer.superior) if issuer.superior else ""
    default_recipients = [
        f"Ban Thường vụ {above} (để báo cáo)" if above.lower().startswith("đảng ủy")
        else "Ban Thường vụ Đảng ủy cấp trên (để báo cáo)",
        "Các đảng bộ, chi bộ trực thuộc" if committee else "Các chi bộ trực thuộc",
        "Lưu Văn phòng",
    ]
    recipients = [line.strip() for line in (ws.get_setting(SETTING_RECIPIENTS) or "")
                  .splitlines() if line.strip()]
    return SignerSettings(
        ws.get_setting(SETTING_AUTHORITY) or ("T/M BAN THƯỜNG VỤ" if committee
                                               else "T/M CHI ỦY"),
        ws.get_setting(SETTING_POSITION) or "BÍ THƯ",
        ws.get_setting(SETTING_SIGNER) or issuer.secretary,
        recipients or default_recipients)


def set_signer_settings(ws: Workspace, *, authority: str | None = None,
                        position: str | None = None, name: str | None = None,
                        recipients: list[str] | None = None) -> None:
    with ws.writing("settings.consolidated"):
        for key, value in ((SETTING_AUTHORITY, authority), (SETTING_POSITION, position),
                           (SETTING_SIGNER, name)):
            if value is not None:
                ws.set_setting(key, " ".join(value.split()))
        if recipients is not None:
            ws.set_setting(SETTING_RECIPIENTS, "\n".join(" ".join(r.split())
                                                         for r in recipients if r.strip()))


def _program_cited(ws: Workspace, program_id: int | None) -> str:
    """"Chương trình hành động số … ngày … của …" of the program the units implement."""
    from ctrdesk.core.i18n import format_short_date
    from ctrdesk.core.store.models import Program

    if not program_id:
        return ""
    with ws.reading():
        program = Program.get_or_none(Program.id == program_id)
        if program is None:
            return ""
        org: Any = program.issuer if getattr(program, "issuer_id", None) else None
        by = program.issuer_text or (org.name if org is not None else "")
    words = [(program.doc_type or "chương trình").capitalize()]
    if program.number:
        words.append(f"số {program.number}")
    if program.issued_on:
        words.append(f"ngày {format_short_date(program.issued_on)}")
    if by:
        words.append(f"của {committee_name(by)}")
    return " ".join(words)


def _para(text: str) -> Para:
    return Para(escape(text))


def _bullet(text: str) -> Bullet:
    return Bullet(escape(text))


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "không có"


def build_consolidated_report(ws: Workspace, period: str, data: dict[str, Any] | None = None,
                              sections: dict[str, str] | None = None) -> Document:
    from ctrdesk.core.documents.report import (
        COMMITTEE_PLACEHOLDER,
        LEVEL_VI,
        MEASURE_VI,
        narrative,
        number,
    )
    from ctrdesk.core.exchange.consolidate import consolidate
    from ctrdesk.core.exchange.importer import received_submissions

    data = data if data is not None else consolidate(ws, period)
    span = parse_period(period)
    sections = sections or {}
    issuer = issuer_of(ws)
    s = data["submissions"]
    cited = _program_cited(ws, data.get("parent_program"))
    body: list[Any] = [_para(
        (f"Thực hiện {cited}, trên" if cited else "Trên") + " cơ sở báo cáo của các đơn vị "
        f"trực thuộc, {issuer.name} tổng hợp kết quả thực hiện nhiệm vụ {data['label']} "
        "như sau:")]

    body.append(Heading("I. Tình hình báo cáo của các đơn vị"))
    on_time = s["on_time"]
    body.append(_para(
        f"Có {s['submitted']}/{s['units']} đơn vị gửi báo cáo "
        f"({number(100 * (s['share'] or 0))}%), trong đó đúng hạn {on_time}, chậm "
        f"{len(s['late'])}; {len(s['missing'])} đơn vị chưa gửi."))
    body.append(_bullet(f"Đơn vị gửi chậm: {_names(s['late'])}."))
    body.append(_bullet(f"Đơn vị chưa gửi báo cáo: {_names(s['missing'])}."))

    body.append(Heading("II. Kết quả thực hiện các chỉ tiêu"))
    rows = []
    for n, t in enumerate(data["targets"], start=1):
        if t["overall"] is None:
            reached, verdict = "Chưa có số liệu", "—"
        else:
            reached = f"{number(t['overall'])}%" if t["unit"] == "percent" \
                else number(t["overall"], 0)
            verdict = "Đạt" if t["attained"] else "Chưa đạt"
        rows.append([str(n), t.get("text") or t["target"], t.get("threshold") or "",
                     reached, str(t["units_reporting"]), verdict])
    body.append(TableBlock(["TT", "Chỉ tiêu", "Mức", "Kết quả chung", "Đơn vị báo cáo",
                            "Đánh giá"], rows, [0.06, 0.44, 0.1, 0.14, 0.12, 0.14]))

    body.append(Heading("III. Thực hiện các nhiệm vụ"))
    parents = {t.get("parent_id") for t in data["tasks"]}
    tasks = [t for t in data["tasks"] if t.get("item_id") not in parents
             and t.get("kind") != "target"]
    task_rows = []
    for n, t in enumerate(tasks, start=1):
        name = " ".join(str(t["task"]).split())  # whole: nothing is cut
        if t["number"]:
            name = f"{t['number']}. {name}"
        statuses = t["statuses"]
        task_rows.append([str(n), name, str(t["lead"] + t["coordinating"] + t["implementing"]),
                          str(statuses.get("done", 0)), str(statuses.get("overdue", 0)),
                          f"{number(t['average_progress'])}%"])
    body.append(_para(f"Các đơn vị thực hiện {len(tasks)} nhiệm vụ của chương trình (không kể "
                      "các đề mục nhóm)."))
    if task_rows:
        body.append(TableBlock(["TT", "Nhiệm vụ", "Đơn vị thực hiện", "Hoàn thành",
                                "Quá hạn", "Tiến độ bình quân"], task_rows,
                               [0.06, 0.46, 0.12, 0.12, 0.1, 0.14]))
    overdue = [f"{u['unit']} ({u['overdue']})" for u in data["overdue_by_unit"]]
    if overdue:
        body.append(_bullet(f"Đơn vị còn nhiệm vụ quá hạn: {', '.join(overdue)}."))

    body.append(Heading("IV. Sinh hoạt, đối thoại và giải quyết phản ánh, kiến nghị"))
    sessions = data["sessions"]
    with_head = [x for x in sessions if x["thematic_by_head"]]
    without = [x["unit"] for x in sessions if not x["thematic_by_head"]]
    body.append(_para(
        f"{len(with_head)}/{len(sessions)} đơn vị đã tổ chức sinh hoạt chuyên đề do người "
        f"đứng đầu chủ trì trong năm {span.end.year}"
        + (f"; chưa tổ chức: {', '.join(without)}." if without else ".")))
    c = data["concerns"]
    body.append(_para(
        f"Các đơn vị tiếp nhận {c['total']} phản ánh, kiến nghị qua đối thoại: đã trả lời "
        f"{c['answered']}, đang giải quyết {c['open']}, quá hạn {c['overdue']}"
        + (f"; thời gian trả lời bình quân {number(c['average_days_to_answer'])} ngày."
           if c["average_days_to_answer"] is not None else ".")))

    body.append(Heading("V. Công tác kiểm tra, giám sát"))
    i = data["inspections"]
    discipline = ", ".join(f"{MEASURE_VI.get(m, m)} {n}" for m, n in i["discipline"].items())
    body.append(_para(f"Các đơn vị kết luận {i['count']} cuộc kiểm tra, giám sát; phát hiện "
                      f"{i['violations']} vi phạm; thi hành kỷ luật: {discipline or 'không'}."))
    for row in i["by_unit"]:
        body.append(_bullet(f"{row['unit']}: {row['subject']} ({row['violations']} vi phạm)."))

    body.append(Heading("VI. Đánh giá, xếp loại"))
    overall = data["ratings"]["overall"]
    if overall:
        counts = "; ".join(f"{LEVEL_VI[k]}: {v}" for k, v in overall["counts"].items() if v)
        body.append(_para(
            f"Tổng hợp {overall['rated']} đảng viên được đánh giá, xếp loại: {counts}. Tỷ lệ "
            f"từ hoàn thành tốt nhiệm vụ trở lên {number(100 * overall['good_or_better_share'])}"
            "% (" + ("đạt" if overall["good_or_better_target_met"] else "chưa đạt")
            + " chỉ tiêu 99%); số hoàn thành xuất sắc " + str(overall["counts"]["excellent"])
            + f", tối đa được phép {overall['excellent_allowed']} ("
            + ("đúng tỷ lệ quy định" if overall["quota_ok"] else "vượt tỷ lệ quy định") + ")."))
        over = [r["unit"] for r in data["ratings"]["by_unit"] if not r["quota_ok"]]
        if over:
            body.append(_bullet(f"Đơn vị vượt tỷ lệ hoàn thành xuất sắc: {', '.join(over)}."))
    else:
        body.append(_para(f"Việc đánh giá, xếp loại đảng viên năm {span.end.year} được tổng "
                          "hợp khi các đơn vị báo cáo cuối năm."))

    body.append(Heading("VII. Vấn đề tư tưởng nổi lên"))
    pairs = data["ideological_issues_near_identical"]
    if pairs:
        body.append(_para("Một số đơn vị nêu vấn đề tư tưởng gần trùng nhau, cần được rà "
                          "soát để phản ánh đúng tình hình của từng đơn vị:"))
        for pair in pairs:
            body.append(_bullet(f"{pair['units'][0]} và {pair['units'][1]} (giống nhau "
                                f"{number(100 * pair['score'], 0)}%): “{pair['titles'][0]}”."))
    else:
        body.append(_para("Không có đơn vị nêu vấn đề tư tưởng gần trùng với đơn vị khác."))
    for package in received_submissions(ws, period, history=False):
        if package.consolidation:
            lower = package.consolidation["submissions"]
            body.append(_bullet(f"{package.unit}: {lower['submitted']}/{lower['units']} đơn "
                                f"vị trực thuộc đã báo cáo; chưa gửi: "
                                f"{_names(lower['missing'])}."))

    body.append(Heading("VIII. Đánh giá chung"))
    body += narrative(sections.get("assessment"), COMMITTEE_PLACEHOLDER)
    body.append(Heading("IX. Phương hướng, nhiệm vụ thời gian tới"))
    body += narrative(sections.get("directions"), COMMITTEE_PLACEHOLDER)
    body.append(Heading("X. Đề xuất, kiến nghị"))
    body += narrative(sections.get("proposals"), COMMITTEE_PLACEHOLDER)

    document = frame(issuer, "BÁO CÁO", f"tổng hợp kết quả thực hiện nhiệm vụ {data['label']}",
                     min(date.today(), span.end + timedelta(days=15)), body,
                     f"Báo cáo tổng hợp {data['label']}")
    signer = signer_settings(ws)
    document.signature = Signature(signer.authority, signer.position, signer.name)
    document.recipients = signer.recipients
    return document
