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
    set_own_organization,
)
from ctrdesk.core.store import Workspace, open_workspace
from ctrdesk.core.store.models import Organization

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

# Chi bộ Vụ 14's members: name, position in the committee, position in the Vụ, date of
# birth, gender, admitted, official (None while probationary), transferred in (date, from).
_DEMO_MEMBERS: list[tuple[str, str, str, str, str, str, str | None,
                          tuple[str, str] | None]] = [
    ("Trần Minh Đức", "secretary", "Vụ trưởng", "12/03/1971", "male", "03/02/1996",
     "03/02/1997", None),
    ("Lê Thị Thu Hà", "deputy_secretary", "Phó Vụ trưởng", "21/07/1978", "female",
     "19/05/2003", "19/05/2004", None),
    ("Phạm Quốc Khánh", "committee_member", "Trưởng phòng", "08/11/1982", "male",
     "02/09/2008", "02/09/2009", None),
    ("Nguyễn Thị Lan", "member", "Kiểm sát viên cao cấp", "14/08/1985", "female",
     "26/03/2011", "26/03/2012", None),
    ("Hoàng Văn Nam", "member", "Kiểm sát viên trung cấp", "30/04/1990", "male",
     "03/02/2016", "03/02/2017", ("01/09/2025", "Chi bộ Vụ 7")),
    ("Đỗ Thị Mai", "member", "Chuyên viên chính", "09/01/1992", "female", "20/10/2018",
     "20/10/2019", None),
    ("Vũ Đình Phong", "member", "Chuyên viên", "17/06/1998", "male", "10/01/2025",
     "10/01/2026", None),
]


def _demo_setup(ws: Workspace, unit: int) -> None:
    """What first-run setup records for the branch: its printed names, place and term."""
    from ctrdesk.core.setup import setup_committee

    setup_committee(ws, organization=unit, place="Hà Nội",
                    term_start="01/10/2025", term_end="30/09/2030")


def _demo_members(ws: Workspace, unit: int) -> None:
    """The branch's members with their dates; one transferred in from another branch."""
    from ctrdesk.core.people.members import add_member

    for (name, role, title, born, gender, admitted, official,
         joined) in _DEMO_MEMBERS:
        extra = {"joined_on": joined[0], "joined_from": joined[1]} if joined else {}
        add_member(ws, unit, full_name=name, role=role, title=title, birth_date=born,
                   gender=gender, admitted_on=admitted, official_on=official, **extra)


def build_demo(ws: Workspace, progress: Callable[[str], None] | None = None) -> bool:
    """Fill an empty workspace with the demo data. Returns False if it was not empty."""
    with ws.reading():
        if Organization.select().exists():  # at each start of the demo: one cheap query
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
        set_own_organization(ws, demo_unit)
        _demo_setup(ws, demo_unit)
        _demo_members(ws, demo_unit)
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
        unit_program = _demo_unit_program(ws, program_ids[0], demo_unit)
        _demo_progress(ws, unit_program)
        say("records")
        _demo_records(ws, program_ids[1], demo_unit)
        say("documents")
        from ctrdesk.core.documents.issuer import SUPERIOR_SETTING

        ws.set_setting(SUPERIOR_SETTING, "Đảng bộ các cơ quan Đảng Trung ương")
        _demo_documents(ws, demo_unit)
    return True


# The committee's own words in the demo's issued Q1 report: what a finished report reads like.
DEMO_Q1_SECTIONS = {
    "situation": (
        "Quý I năm 2026, Vụ 14 triển khai nhiệm vụ trong bối cảnh khối lượng dự án luật, "
        "pháp lệnh cần thẩm định tăng nhanh sau sắp xếp tổ chức bộ máy. Chi ủy có 03 đồng "
        "chí; tư tưởng đảng viên ổn định, đoàn kết, "
        "chấp hành nghiêm sự lãnh đạo của Đảng ủy VKSND tối cao.\n\n"
        "Chi ủy đã quán triệt Chương trình hành động của Đảng ủy, xây dựng chương trình "
        "thực hiện của Chi bộ và phân công từng đồng chí theo dõi các nhiệm vụ được giao."),
    "strengths": (
        "Chi bộ duy trì nền nếp sinh hoạt thường kỳ; tổ chức sinh hoạt chuyên đề do đồng "
        "chí Bí thư chi bộ chủ trì với chất lượng tốt. Các nhiệm vụ chủ trì về xây dựng, "
        "hoàn thiện thể chế được triển khai đúng tiến độ đề ra."),
    "shortcomings": (
        "Một số nhiệm vụ phối hợp chưa được khởi động do phụ thuộc tiến độ của đơn vị chủ "
        "trì; việc cập nhật số liệu chỉ tiêu còn chậm.\n\n"
        "Nguyên nhân chủ yếu là khối lượng công việc chuyên môn lớn, biên chế còn thiếu; "
        "việc theo dõi, đôn đốc của chi ủy có lúc chưa thường xuyên."),
    "assessment": (
        "Nhìn chung, Chi bộ đã lãnh đạo hoàn thành các nhiệm vụ trọng tâm của quý I."),
    "directions": (
        "- Tiếp tục lãnh đạo thực hiện các nhiệm vụ chủ trì về xây dựng, hoàn thiện thể "
        "chế; hoàn thành dự thảo báo cáo rà soát văn bản trước ngày 30/6/2026.\n"
        "- Tổ chức đối thoại định kỳ giữa chi ủy với đảng viên trong quý II.\n"
        "- Cập nhật số liệu thực hiện các chỉ tiêu hằng tháng."),
    "proposals": (
        "Đề nghị Đảng ủy VKSND tối cao tiếp tục quan tâm bổ sung biên chế cho Vụ 14 và tổ "
        "chức tập huấn kỹ năng chuyển đổi số cho đảng viên."),
}


def _demo_documents(ws: Workspace, unit: int) -> None:
    """The program issued on 02/03/2026 and the Q1 report issued on 05/04/2026 with the
    committee's narrative, so a newcomer sees finished documents (numbered in the term
    the setup recorded)."""
    from datetime import date

    from ctrdesk.core.documents.register import create_draft, issue

    program = create_draft(ws, "program", organization=unit, on=date(2026, 3, 2))
    issue(ws, program, date(2026, 3, 2))
    report = create_draft(ws, "report", period="2026-Q1", organization=unit,
                          sections=DEMO_Q1_SECTIONS)
    issue(ws, report, date(2026, 4, 5))


def _demo_records(ws: Workspace, work_program: int, unit: int) -> None:
    """A year of the branch's records: sessions, a dialogue, an inspection, issues, ratings."""

    from ctrdesk.core.organizations import list_people
    from ctrdesk.core.records.service import save_many, save_record

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
        "start_time": "14:00", "end_time": "16:30",
        "guests": "Đồng chí Nguyễn Văn Bình, Ủy viên Ban Thường vụ Đảng ủy VKSND tối cao",
        "speakers": f"{deputy}: trình bày báo cáo đề dẫn về quy trình thẩm định\n"
                    f"{committee}: đề nghị bổ sung kinh nghiệm thẩm định dự án luật\n"
                    f"{members[1]}: đề xuất tổ chức trao đổi chuyên đề hằng quý",
        "vote_matter": "thông qua kế hoạch thực hiện Nghị quyết trong quý II",
        "votes_for": 6, "votes_against": 0, "votes_abstain": 0,
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
    _demo_monthly_meetings(ws, names)
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


# What the branch concluded at its monthly meetings (tháng → kết luận).
_MONTHLY_CONCLUSIONS = {
    1: "Triển khai nhiệm vụ năm 2026; phân công chi ủy viên phụ trách các tổ đảng.",
    2: "Hoàn thiện chương trình hành động của chi bộ; đăng ký nội dung sinh hoạt chuyên đề.",
    3: "Sơ kết quý I; chuẩn bị sinh hoạt chuyên đề học tập Nghị quyết Đại hội XIV.",
    4: "Đôn đốc tiến độ thẩm định các dự án luật; chuẩn bị đối thoại quý II.",
    5: "Triển khai kiểm tra chuyên đề Tổ đảng Phòng Tổng hợp.",
    6: "Sơ kết 6 tháng đầu năm; đánh giá việc thực hiện chương trình hành động.",
    7: "Theo dõi việc khắc phục sau kiểm tra; phân công chuẩn bị báo cáo 9 tháng.",
    8: "Rà soát nhiệm vụ chậm tiến độ; bổ sung nguồn lực cho các nhiệm vụ trọng tâm.",
    9: "Sơ kết 9 tháng; chuẩn bị nội dung đánh giá, xếp loại cuối năm.",
    10: "Góp ý dự thảo văn kiện; đôn đốc các nhiệm vụ đến hạn trong quý IV.",
    11: "Chuẩn bị kiểm điểm, đánh giá, xếp loại đảng viên năm 2026.",
    12: "Tổng kết năm 2026; xây dựng phương hướng nhiệm vụ năm 2027.",
}


def _demo_monthly_meetings(ws: Workspace, names: list[str]) -> None:
    """The branch's own monthly meetings of 2026 (sinh hoạt chi bộ thường kỳ): held with
    their attendance up to today, planned after."""
    from datetime import date, timedelta

    from ctrdesk.core.records.service import save_record

    chair, *_others, recorder = names
    absences = {2: {names[4]: "Nghỉ phép", names[5]: "Ốm"}, 5: {names[3]: "Đi công tác"},
                8: {names[6]: "Nghỉ phép"}, 10: {names[2]: "Đi công tác"}}
    for month in range(1, 13):
        planned = date(2026, month, 5)
        while planned.weekday() >= 5:  # meetings fall on working days
            planned += timedelta(days=1)
        held = planned
        record: dict[str, object] = {
            "kind": "regular", "title": f"Sinh hoạt chi bộ thường kỳ tháng {month:02d}/2026",
            "planned_start": planned.isoformat(), "place": "Phòng họp Vụ 14",
            "chair": chair, "recorder": recorder, "membership": len(names),
            "agenda": [{"number": "1", "text": "Đánh giá kết quả thực hiện nhiệm vụ tháng"},
                       {"number": "2", "text": "Phương hướng, nhiệm vụ tháng tới"}]}
        if held < date.today():
            absent = absences.get(month, {})
            record.update(
                held_on=held.isoformat(), status="held",
                attendance=[{"person": n, "present": n not in absent,
                             "reason": absent.get(n, "")} for n in names],
                conclusions=_MONTHLY_CONCLUSIONS[month])
        save_record(ws, "session", record)


def _demo_progress(ws: Workspace, program_id: int) -> None:
    """Progress as a branch really has it by the autumn: most tasks under way at various
    stages, some done, a few not started; notes dated at each quarter's review."""
    from datetime import date

    from ctrdesk.core.programs.execution import record_progress
    from ctrdesk.core.store.models import ProgramItem, ProgressNote

    with ws.reading():
        touched = {n.item_id for n in ProgressNote.select()}  # type: ignore[attr-defined]
        items = [i.id for i in ProgramItem.select().where(
            (ProgramItem.program == program_id) & (ProgramItem.role != "")
            & (ProgramItem.kind != "target")).order_by(ProgramItem.id)
            if i.id not in touched]
    # (progress at the end of Q2, at the end of Q3) by position in a cycle of six tasks.
    pattern = ((20, 45), (50, 80), (100, 100), (0, 30), (30, 60), (0, 0))
    notes = {20: "Đã xây dựng kế hoạch, phân công người thực hiện.",
             30: "Đã triển khai, đang theo dõi kết quả.",
             45: "Đang thực hiện theo kế hoạch.", 50: "Đã hoàn thành một nửa khối lượng.",
             60: "Đang thực hiện; một số nội dung chậm so với kế hoạch.",
             80: "Cơ bản hoàn thành, đang tổng hợp báo cáo.",
             100: "Đã hoàn thành, báo cáo chi ủy."}
    for index, item_id in enumerate(items):
        for noted_on, progress in zip((date(2026, 6, 30), date(2026, 9, 30)),
                                      pattern[index % len(pattern)], strict=True):
            if progress and noted_on < date.today():
                record_progress(ws, item_id, progress=progress, note=notes[progress],
                                noted_on=noted_on)  # the status follows the progress


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


def open_for_use(path: str | os.PathLike[str], *, demo: bool = False,
                 passphrase: str | None = None) -> Workspace:
    """Open the workspace at ``path``; with ``demo``, fill it with the demo data if empty.
    The demo workspace is throwaway sample data and always stays clear."""
    ws = open_workspace(path, passphrase=None if demo else passphrase)
    if demo:
        try:
            build_demo(ws)
        except BaseException:
            ws.close()
            raise
    return ws
