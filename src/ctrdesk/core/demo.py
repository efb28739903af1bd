"""The demo workspace: the Supreme People's Procuracy Party Committee, as the seeds name it.

Used by ``ctrdesk --demo`` so a newcomer sees every view with realistic content, and by
tests and benchmarks. Building it is idempotent: a workspace that already has
organizations is left as it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ctrdesk.core.organizations import (
    add_organization,
    add_person,
    list_organizations,
    set_own_organization,
)
from ctrdesk.core.store import Workspace, open_workspace

TOP_NAME = "Đảng bộ VKSND tối cao"
# The two parent programs the users of the seeds start from (resources/samples/).
SAMPLE_PROGRAMS = ("action_program_2026.txt", "work_program_2026.txt")
DEMO_UNIT_NAME = "Chi bộ Vụ 14"

# (name, kind, abbreviation, aliases)
_ADVISORY_BODIES = [
    ("Văn phòng Đảng ủy", "advisory_body", "VPĐU", ["VPĐU"]),
    ("Ban Tổ chức Đảng ủy", "advisory_body", "BTCĐU", ["Ban Tổ chức đảng ủy", "Ban Tổ chức"]),
    ("Ủy ban Kiểm tra Đảng ủy", "advisory_body", "UBKT",
     ["Ủy ban Kiểm tra Đảng ủy VKSND tối cao", "UBKT Đảng ủy", "Ủy ban Kiểm tra"]),
    ("Ban Tuyên giáo - Dân vận Đảng ủy", "advisory_body", "BTGDVĐU",
     ["Ban Tuyên giáo - Dân vận", "Ban Tuyên giáo và Dân vận Đảng ủy",
      "Ban Tuyên giáo và Dân vận"]),
]


def _unit(prefix: str, short: str, kind: str) -> tuple[str, str, str, list[str]]:
    """A subordinate unit known by its full name and the usual variants of it."""
    name = f"{prefix} {short}"
    aliases = {
        "branch": [f"Chi ủy {short}", short],
        "grassroots_committee": [f"Đảng ủy {short}", short],
    }[kind]
    return name, kind, "CB" if kind == "branch" else "ĐU", aliases


def _subordinate_units() -> list[tuple[str, str, str, list[str]]]:
    units = [
        _unit("Đảng bộ", "Văn phòng VKSND tối cao", "grassroots_committee"),
        _unit("Chi bộ", "Thanh tra", "branch"),
    ]
    units += [_unit("Chi bộ", f"Vụ {n}", "branch") for n in range(1, 16)]
    units += [_unit("Chi bộ", f"Cục {n}", "branch") for n in range(1, 4)]
    units.append(_unit("Đảng bộ", "Cơ quan điều tra VKSND tối cao", "grassroots_committee"))
    units += [
        _unit("Đảng bộ", f"Viện phúc thẩm {n}", "grassroots_committee") for n in range(1, 4)
    ]
    units.append(_unit("Đảng bộ", "Trường Đại học Kiểm sát", "grassroots_committee"))
    units.append(_unit("Chi bộ", "Báo Bảo vệ pháp luật", "branch"))
    # Short forms used in the seeds beside the full names.
    units[0][3].extend(["Văn phòng VKSND tối cao"])
    units[1][3].append("Thanh tra VKSND tối cao")
    return units


_PROVINCES = ["thành phố Hà Nội", "Thành phố Hồ Chí Minh", "thành phố Đà Nẵng", "tỉnh Nghệ An"]

_PEOPLE_OF_DEMO_UNIT = [
    ("Trần Minh Đức", "secretary", "Vụ trưởng"),
    ("Lê Thị Thu Hà", "deputy_secretary", "Phó Vụ trưởng"),
    ("Phạm Quốc Khánh", "committee_member", "Trưởng phòng"),
    ("Nguyễn Thị Lan", "member", "Kiểm sát viên cao cấp"),
    ("Hoàng Văn Nam", "member", "Kiểm sát viên trung cấp"),
    ("Đỗ Thị Mai", "member", "Chuyên viên chính"),
    ("Vũ Đình Phong", "member", "Chuyên viên"),
]


def build_demo(ws: Workspace, progress: Callable[[str], None] | None = None) -> bool:
    """Fill an empty workspace with the demo data. Returns False if it was not empty."""
    if list_organizations(ws):
        return False
    say = progress or (lambda _msg: None)
    with ws.writing("demo.build"):
        say("organizations")
        top = add_organization(
            ws, TOP_NAME, "party_committee", abbreviation="ĐU",
            aliases=["Đảng ủy VKSND tối cao", "Đảng ủy Viện kiểm sát nhân dân tối cao"],
        )
        add_person(ws, top, "Nguyễn Huy Tiến", "secretary", "Bí thư Đảng ủy")
        for name, kind, abbreviation, aliases in _ADVISORY_BODIES:
            add_organization(ws, name, kind, parent=top, abbreviation=abbreviation,
                             aliases=aliases)
        demo_unit = None
        for name, kind, abbreviation, aliases in _subordinate_units():
            org = add_organization(ws, name, kind, parent=top, abbreviation=abbreviation,
                                   aliases=aliases)
            if name == DEMO_UNIT_NAME:
                demo_unit = org
        provinces = add_organization(
            ws, "Đảng ủy VKSND tỉnh, thành phố", "group", parent=top,
            aliases=["đảng ủy VKSND tỉnh, thành phố", "Đảng ủy VKSND cấp tỉnh", "VKSND cấp tỉnh"],
        )
        for province in _PROVINCES:
            add_organization(ws, f"Đảng ủy VKSND {province}", "provincial_committee",
                             parent=provinces, abbreviation="ĐU")
        assert demo_unit is not None
        say("people")
        for full_name, role, title in _PEOPLE_OF_DEMO_UNIT:
            add_person(ws, demo_unit, full_name, role, title)
        set_own_organization(ws, demo_unit)
        say("programs")
        from ctrdesk.core.importing import parse_file
        from ctrdesk.core.paths import sample_path
        from ctrdesk.core.programs.service import store_program

        program_ids = []
        for sample in SAMPLE_PROGRAMS:
            source, program = parse_file(sample_path(sample))
            program_ids.append(store_program(ws, program, source_filename=source.filename,
                                             source_sha256=source.sha256))
        say("unit program")
        _demo_unit_program(ws, program_ids[0], demo_unit)
        say("records")
        _demo_records(ws, program_ids[1], demo_unit)
    return True


def _demo_records(ws: Workspace, work_program: int, unit: int) -> None:
    """A year of the branch's records: sessions, a dialogue, an inspection, issues, ratings."""
    from datetime import date, timedelta

    from ctrdesk.core.organizations import list_people
    from ctrdesk.core.records.calendar import plan_sessions_from_program
    from ctrdesk.core.records.service import get_record, save_many, save_record

    for meeting_id in plan_sessions_from_program(ws, work_program):
        record = get_record(ws, "session", meeting_id)
        start = date.fromisoformat(record["planned_start"]) if record["planned_start"] \
            else None
        if start and start + timedelta(days=7) < date.today():  # the past ones were held
            record["held_on"] = (start + timedelta(days=2)).isoformat()
            save_record(ws, "session", record, meeting_id)
    names = [str(p["full_name"]) for p in list_people(ws, unit)]
    chair, deputy, committee, *members = names

    def attendance(absent: dict[str, str]) -> list[dict[str, object]]:
        return [{"person": n, "present": n not in absent, "reason": absent.get(n, "")}
                for n in names]

    save_record(ws, "session", {
        "kind": "thematic", "title": "Sinh hoạt chuyên đề: học tập, quán triệt Nghị quyết "
        "Đại hội XIV của Đảng", "topic": "Nâng cao chất lượng xây dựng văn bản pháp luật "
        "gắn với thực tiễn công tác kiểm sát", "planned_start": "2026-03-01",
        "held_on": "2026-03-12", "place": "Phòng họp Vụ 14", "chair": chair,
        "chair_is_head": True, "recorder": members[-1], "membership": len(names),
        "attendance": attendance({members[0]: "Đi công tác"}),
        "agenda": [{"number": "1", "text": "Báo cáo đề dẫn của đồng chí Bí thư chi bộ"},
                   {"number": "2", "text": "Thảo luận, đóng góp ý kiến",
                    "children": [{"number": "2.1", "text": "Kinh nghiệm thẩm định dự án luật"}]},
                   {"number": "3", "text": "Kết luận của chủ trì"}],
        "discussion": "Các đồng chí đảng viên tham gia ý kiến về quy trình thẩm định.",
        "conclusions": "Chi bộ thống nhất xây dựng kế hoạch thực hiện trong quý II.",
        "follow_ups": [{"text": "Xây dựng kế hoạch thực hiện Nghị quyết", "owner_text":
                        deputy, "deadline": "2026-04-15", "status": "done",
                        "done_on": "2026-04-10"},
                       {"text": "Tổng hợp kiến nghị gửi Đảng ủy", "owner_text": committee,
                        "deadline": "2026-06-30"}],
    })
    for month, absent in ((1, {}), (2, {members[1]: "Nghỉ phép", members[2]: "Ốm"})):
        save_record(ws, "session", {
            "kind": "regular", "title": f"Sinh hoạt chi bộ thường kỳ tháng {month:02d}/2026",
            "planned_start": f"2026-{month:02d}-05", "held_on": f"2026-{month:02d}-06",
            "place": "Phòng họp Vụ 14", "chair": chair, "recorder": members[-1],
            "membership": len(names), "attendance": attendance(absent),
            "conclusions": "Đánh giá kết quả tháng, phân công nhiệm vụ tháng tới."})
    save_record(ws, "dialogue", {
        "held_on": "2026-04-20", "title": "Đối thoại định kỳ giữa chi ủy với đảng viên quý II",
        "participants": ", ".join(names), "participant_count": len(names),
        "concerns": [
            {"content": "Đề nghị bố trí thêm thời gian nghiên cứu hồ sơ thẩm định",
             "raised_by": members[0], "category": "work", "answerer": chair,
             "answer_due": "2026-04-30", "answer": "Chi ủy đã đề xuất lãnh đạo Vụ điều chỉnh.",
             "answered_on": "2026-04-20"},
            {"content": "Kiến nghị về chế độ làm thêm giờ", "anonymous": True,
             "category": "welfare", "answerer": deputy, "answer_due": "2026-05-05",
             "answer": "Đã báo cáo Văn phòng Viện.", "answered_on": "2026-04-25"},
            {"content": "Đề nghị tổ chức tập huấn kỹ năng số", "raised_by": members[1],
             "category": "work", "answerer": committee, "answer_due": "2026-06-15"},
        ]})
    save_record(ws, "inspection", {
        "year": 2026, "mode": "inspection", "kind": "thematic",
        "subject": "Tổ đảng Phòng Tổng hợp", "topic": "Việc thực hiện quy chế làm việc và "
        "chế độ sinh hoạt đảng", "period": "Quý I/2026", "planned_start": "2026-05-04",
        "planned_end": "2026-05-22", "team": f"{deputy} (trưởng đoàn), {committee}",
        "findings": "Một số đảng viên chưa thực hiện đúng chế độ báo cáo.",
        "conclusion": "Tổ đảng cơ bản thực hiện tốt quy chế; yêu cầu khắc phục hạn chế.",
        "concluded_on": "2026-05-29", "announced_on": "2026-06-05", "violations": 1,
        "measures": [{"subject_kind": "member", "subject": "Đảng viên A",
                      "measure": "reprimand", "decided_on": "2026-06-05"}],
        "recommendations": [
            {"text": "Rà soát chế độ báo cáo định kỳ", "owner_text": "Tổ đảng Phòng Tổng hợp",
             "deadline": "2026-07-15", "status": "done", "done_on": "2026-07-10"},
            {"text": "Báo cáo kết quả khắc phục", "owner_text": "Tổ đảng Phòng Tổng hợp",
             "deadline": "2026-09-30"}],
    })
    save_record(ws, "ideological-issue", {
        "year": 2025, "title": "Tâm lý e ngại khi sắp xếp tổ chức bộ máy",
        "description": "Một bộ phận đảng viên lo lắng về vị trí công tác sau khi sắp xếp.",
        "measures": "Chi ủy gặp gỡ, trao đổi; thông tin kịp thời chủ trương của Viện."})
    save_record(ws, "ideological-issue", {
        "year": 2026, "title": "Áp lực khối lượng thẩm định văn bản tăng cao",
        "description": "Đảng viên trẻ chịu áp lực khi số dự án luật cần thẩm định tăng nhanh.",
        "measures": "Phân công kèm cặp, điều chỉnh lịch họp, tổ chức trao đổi kinh nghiệm."})
    save_many(ws, "rating", [
        {"year": 2025, "person": name, "subject_kind": "member",
         "level": "excellent" if name == chair else "good"} for name in names])
    save_record(ws, "rating", {"year": 2025, "subject_kind": "organization",
                               "subject": "Chi bộ Vụ 14", "level": "good"})
    save_record(ws, "rating", {"year": 2026, "period": "Q1", "subject_kind": "leader",
                               "person": chair, "level": "good"})


def _demo_unit_program(ws: Workspace, parent_program: int, unit: int) -> int:
    """Chi bộ Vụ 14's program, made concrete and partly carried out, as in mid-2026."""
    from datetime import date

    from ctrdesk.core.organizations import list_people
    from ctrdesk.core.programs.derive import create_unit_program
    from ctrdesk.core.programs.execution import (
        check_program,
        record_progress,
        record_reading,
        set_target,
        update_item_fields,
    )
    from ctrdesk.core.store.models import ProgramItem, Target

    program_id = create_unit_program(ws, parent_program, unit)
    members = [int(str(p["id"])) for p in list_people(ws, unit)]
    missing = {f.item_id for f in check_program(ws, program_id) if f.field != "target"}
    for index, item_id in enumerate(sorted(missing)):
        item = ProgramItem.get_by_id(item_id)
        regular = item.time_kind == "regular" or item.deadline is None
        update_item_fields(
            ws, item_id,
            responsible_person=members[index % len(members)],
            action=_DEMO_ACTIONS[index % len(_DEMO_ACTIONS)],
            resources="Kinh phí hoạt động của chi bộ; cán bộ, công chức của Vụ",
            accountable="Đồng chí Bí thư chi bộ" if item.role == "lead"
            else "Đồng chí Phó Bí thư chi bộ",
            recurrence="quarterly" if regular else "",
        )
    for target in Target.select().where((Target.program == program_id)
                                        & (Target.unit == "count")):
        set_target(ws, target.id, op="range", value=1, max_value=2)
    leads = [i.id for i in ProgramItem.select().where(
        (ProgramItem.program == program_id) & (ProgramItem.role == "lead"))]
    for step, item_id in enumerate(leads[:4]):
        record_progress(ws, item_id, status="in_progress", progress=25 + 15 * step,
                        note="Đã xây dựng kế hoạch, phân công cán bộ theo dõi.",
                        noted_on=date(2026, 3, 31))
    if leads:
        record_progress(ws, leads[0], status="done", note="Đã trình Ban Thường vụ.",
                        noted_on=date(2026, 6, 30))
        update_item_fields(ws, leads[-1], deadline=date(2026, 6, 30))  # now overdue
    percent = Target.select().where((Target.program == program_id) & (Target.value == 99)
                                    ).first()
    if percent is not None:
        record_reading(ws, percent.id, date(2026, 6, 30), numerator=6, denominator=7,
                       note="Kết quả đánh giá 6 tháng đầu năm")
    return program_id


_DEMO_ACTIONS = (
    "Xây dựng kế hoạch thực hiện, phân công đảng viên phụ trách từng nội dung",
    "Tổ chức quán triệt trong sinh hoạt chi bộ thường kỳ và theo dõi kết quả",
    "Chuẩn bị dự thảo, lấy ý kiến các đơn vị và báo cáo lãnh đạo Viện",
    "Lồng ghép vào chương trình công tác của Vụ, báo cáo kết quả hằng quý",
)


def open_for_use(path: str | os.PathLike[str], *, demo: bool = False) -> Workspace:
    """Open the workspace at ``path``; with ``demo``, fill it with the demo data if empty."""
    ws = open_workspace(path)
    if demo:
        try:
            build_demo(ws)
        except BaseException:
            ws.close()
            raise
    return ws
