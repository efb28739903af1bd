"""Years of a branch's history on top of the demo workspace, for demos and benchmarks.

``build_branch_history(ws, years)`` gives the demo branch (Chi bộ Vụ 14) the years before
the demo's own: each year its monthly sessions and quarterly thematic ones, a dialogue a
quarter with its concerns, inspections with measures and recommendations, ideological
issues, the members' ratings, the year's work program and the unit program derived from
it (carried out by the year's end), and the quarterly and yearly reports, issued. Every
record goes through the same services as one entered by hand.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from ctrdesk.core.store import Workspace

_TOPICS = (
    "Nâng cao chất lượng sinh hoạt chi bộ", "Học tập và làm theo tư tưởng, đạo đức, phong "
    "cách Hồ Chí Minh", "Công tác kiểm sát việc giải quyết án hình sự", "Phòng, chống tham "
    "nhũng, tiêu cực trong cơ quan", "Chuyển đổi số trong công tác kiểm sát")
_CONCERNS = ("Đề nghị bổ sung trang thiết bị làm việc", "Kiến nghị về chế độ làm thêm giờ",
             "Đề nghị tổ chức tập huấn kỹ năng số", "Đề nghị bố trí thời gian nghiên cứu hồ sơ",
             "Kiến nghị cải tiến quy trình báo cáo")
_ISSUES = ("Tâm lý ngại khó khi luân chuyển công tác", "Áp lực khối lượng công việc tăng",
           "E dè khi góp ý, phê bình trong sinh hoạt", "Lo lắng về chế độ, chính sách")


def build_branch_history(ws: Workspace, years: int, seed: int = 2026,
                         progress: Callable[[str], None] | None = None) -> list[int]:
    """Add the ``years - 1`` years before the demo's year to the demo workspace; return
    the years added. The workspace must hold the demo (``demo.build_demo``)."""
    from ctrdesk.core.demo import DEMO_UNIT_NAME
    from ctrdesk.core.organizations import list_organizations, list_people

    rng = random.Random(seed)
    unit = next(o.id for o in list_organizations(ws) if o.name == DEMO_UNIT_NAME)
    names = [str(p["full_name"]) for p in list_people(ws, unit)]
    first = date.today().year - years + 1
    added = list(range(first, date.today().year))
    for year in added:
        if progress:
            progress(str(year))
        _sessions(ws, rng, year, names)
        _dialogues_and_inspections(ws, rng, year, names)
        _issues_and_ratings(ws, rng, year, names)
        _year_program(ws, year, unit)
        _reports(ws, year)
    return added


def _sessions(ws: Workspace, rng: random.Random, year: int, names: list[str]) -> None:
    from ctrdesk.core.records.service import save_record

    chair, *others = names
    for month in range(1, 13):
        absent = {n: "Đi công tác" for n in rng.sample(others, rng.randint(0, 2))}
        held = date(year, month, rng.randint(3, 9))
        save_record(ws, "session", {
            "kind": "regular", "title": f"Sinh hoạt chi bộ thường kỳ tháng {month:02d}/{year}",
            "planned_start": held.replace(day=3).isoformat(), "held_on": held.isoformat(),
            "place": "Phòng họp Vụ 14", "chair": chair, "recorder": names[-1],
            "membership": len(names),
            "attendance": [{"person": n, "present": n not in absent,
                            "reason": absent.get(n, "")} for n in names],
            "conclusions": "Đánh giá kết quả tháng, phân công nhiệm vụ tháng tới."})
        if month % 3 == 0:
            topic = rng.choice(_TOPICS)
            save_record(ws, "session", {
                "kind": "thematic", "title": f"Sinh hoạt chuyên đề: {topic}", "topic": topic,
                "planned_start": date(year, month, 15).isoformat(),
                "held_on": date(year, month, rng.randint(15, 25)).isoformat(),
                "place": "Phòng họp Vụ 14", "chair": chair, "chair_is_head": True,
                "recorder": names[-1], "membership": len(names),
                "attendance": [{"person": n, "present": True, "reason": ""} for n in names],
                "discussion": "Các đồng chí đảng viên tham gia ý kiến.",
                "conclusions": "Chi bộ thống nhất các giải pháp thực hiện."})


def _dialogues_and_inspections(ws: Workspace, rng: random.Random, year: int,
                               names: list[str]) -> None:
    from ctrdesk.core.records.service import save_record

    chair, deputy, committee, *members = names
    for quarter in range(1, 5):
        held = date(year, 3 * quarter - 1, rng.randint(5, 25))
        save_record(ws, "dialogue", {
            "held_on": held.isoformat(),
            "title": f"Đối thoại định kỳ giữa chi ủy với đảng viên quý {quarter}/{year}",
            "participants": ", ".join(names), "participant_count": len(names),
            "concerns": [{"content": text, "raised_by": rng.choice(members),
                          "category": "work", "answerer": chair,
                          "answer_due": date(year, 3 * quarter, 28).isoformat(),
                          "answer": "Chi ủy đã trả lời.",
                          "answered_on": date(year, 3 * quarter, rng.randint(1, 27))
                          .isoformat()} for text in rng.sample(_CONCERNS, 2)]})
    for half in (1, 2):
        concluded = date(year, 6 * half - 1, rng.randint(10, 28))
        save_record(ws, "inspection", {
            "year": year, "mode": "inspection", "kind": "thematic",
            "subject": rng.choice(("Tổ đảng Phòng Tổng hợp", "Tổ đảng Phòng Nghiệp vụ")),
            "topic": "Việc thực hiện quy chế làm việc và chế độ sinh hoạt đảng",
            "period": f"Năm {year}", "team": f"{deputy} (trưởng đoàn), {committee}",
            "findings": "Một số đảng viên chưa thực hiện đúng chế độ báo cáo.",
            "conclusion": "Cơ bản thực hiện tốt quy chế; yêu cầu khắc phục hạn chế.",
            "concluded_on": concluded.isoformat(), "status": "concluded",
            "violations": half - 1,
            "measures": [{"subject_kind": "member", "subject": "Đảng viên A",
                          "measure": "reprimand", "decided_on": concluded.isoformat()}]
            if half == 2 else [],
            "recommendations": [{"text": "Rà soát chế độ báo cáo định kỳ",
                                 "owner_text": "Tổ đảng", "deadline": date(
                                     year, 6 * half, 28).isoformat(), "status": "done",
                                 "done_on": date(year, 6 * half, 20).isoformat()}]})


def _issues_and_ratings(ws: Workspace, rng: random.Random, year: int,
                        names: list[str]) -> None:
    from ctrdesk.core.records.service import save_many, save_record

    for title in rng.sample(_ISSUES, 2):
        save_record(ws, "ideological-issue", {
            "year": year, "title": title,
            "description": f"Năm {year}, {rng.randint(1, 3)} đồng chí {title.lower()}.",
            "measures": "Chi ủy gặp gỡ, trao đổi, động viên."})
    from ctrdesk.core.store.models import Rating

    with ws.reading():
        rated = Rating.select().where((Rating.year == year)
                                      & (Rating.subject_kind == "member")).exists()
    if rated:  # the demo's own year before this one already has its ratings
        return
    chair = names[0]
    save_many(ws, "rating", [
        {"year": year, "person": name, "subject_kind": "member",
         "level": "excellent" if name == chair else "good"} for name in names])
    save_record(ws, "rating", {"year": year, "subject_kind": "organization",
                               "subject": "Chi bộ Vụ 14", "level": "good"})


def _year_program(ws: Workspace, year: int, unit: int) -> None:
    """The year's work program, and the unit's program derived from it, carried out."""
    from peewee import fn

    from ctrdesk.core.demo import SAMPLE_PROGRAMS
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.paths import sample_path
    from ctrdesk.core.programs.derive import create_unit_program
    from ctrdesk.core.programs.service import store_program
    from ctrdesk.core.store.models import Program, ProgramItem

    source, program = parse_file(sample_path(SAMPLE_PROGRAMS[1]))
    # The same sample stands for each year's program: stored as another document.
    parent = store_program(ws, program, source_filename=f"{year}-{source.filename}",
                           allow_duplicate=True)
    derived = create_unit_program(ws, parent, unit)
    shift = f"{year:04d}"
    with ws.writing("demo.history.program"):
        for program_id in (parent, derived):
            Program.update(summary=Program.summary.concat(f" năm {year}"),
                           issued_on=date(year, 1, 10)).where(
                Program.id == program_id).execute()
            for column in (ProgramItem.deadline, ProgramItem.time_start,
                           ProgramItem.time_end):
                ProgramItem.update({column: fn.printf("%s%s", shift,
                                                      fn.substr(column, 5))}).where(
                    (ProgramItem.program == program_id) & column.is_null(False)).execute()
        ProgramItem.update(status="done", progress=100).where(
            ProgramItem.program == derived).execute()


def _reports(ws: Workspace, year: int) -> None:
    """The quarterly reports and the year's report, issued."""
    from ctrdesk.core.documents.register import create_draft, issue

    for period, issued in [(f"{year}-Q{q}", date(year, 3 * q, 28)) for q in range(1, 5)] \
            + [(str(year), date(year, 12, 30))]:
        issue(ws, create_draft(ws, "report", period=period), issued)
