"""Property-based tests: on any input the parser never raises, never loses a line, stays linear."""

from __future__ import annotations

import json
import re
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ACTION_PROGRAM, WORK_PROGRAM
from ctrdesk.core.importing.interchange import program_to_json
from ctrdesk.core.importing.lines import DATE_LINE, clean_text, label_of
from ctrdesk.core.importing.parser import parse_program_text
from ctrdesk.core.textnorm import fold

SEED_LINES = [line for path in (ACTION_PROGRAM, WORK_PROGRAM)
              for line in path.read_text(encoding="utf-8").split("\n")]
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ" \
             "ùúủũụừứửữựỳýỷỹỵAĂÂĐÊÔƠƯ "
MARKERS = ["", "", "- ", "+ ", "1. ", "2.1. ", "a) ", "II. ", "PHỤ LỤC 3", "Nơi nhận:",
           "T/M CHI BỘ", "- Đơn vị thực hiện: ", "- Thời gian thực hiện: ", "Số 01-KH/CB",
           "*", "**", "<i>", "12", "\t", "(1) ", "- Nội dung: (1) ", "Hội nghị tháng 5/2026"]

random_line = st.builds(
    lambda marker, body, tail: f"{marker}{body}{tail}",
    st.sampled_from(MARKERS),
    st.text(alphabet=VIETNAMESE + "0123456789.,;:%()-/\t*<>", max_size=80),
    st.sampled_from(["", ".", ":", ";", ",", " %", "%", "\t100%", "\tNăm 2026"]),
)
seed_line = st.sampled_from(SEED_LINES)
documents = st.lists(st.one_of(random_line, seed_line, st.just("")), max_size=120).map(
    "\n".join)


def _tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"\w+", fold(text)) if len(t) > 1]


def _dump(program) -> str:
    data = program_to_json(program)
    data["_ignored"] = [i.text for i in program.ignored]
    data["_notes"] = program.notes
    return fold(json.dumps(data, ensure_ascii=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
# Found by this test: a tasks table right after a targets table, and a row wider than its
# table's header, lost the cells outside the first header's columns.
@example("STT\tNỘI DUNG CHỈ TIÊU\tChỉ tiêu\nTT\tNHIỆM VỤ CỤ THỂ\tCƠ QUAN, TỔ CHỨC ĐẢNG "
         "CHỦ TRÌ\tCƠ QUAN, TỔ CHỨC ĐẢNG PHỐI HỢP\tTHỜI HẠN THỰC HIỆN")
@example("STT\tNỘI DUNG CHỈ TIÊU\tChỉ tiêu\n5\tNghiên cứu, đề xuất giải pháp\tChi bộ Vụ 14\t"
         "Các đơn vị có liên quan\tNăm 2026 và những năm tiếp theo")
# Header and closing columns copied out of Word tables: split into columns, still kept.
@example("ĐẢNG BỘ VKSND TỈNH      ĐẢNG CỘNG SẢN VIỆT NAM\nCHI BỘ PHÒNG 7     Vinh, ngày 09 "
         "tháng 02 năm 2026\nSố 04-KH/CB\n\nKẾ HOẠCH\ncông tác\n-----\n1. Việc một.\n"
         "Nơi nhận:\tT/M CHI BỘ\n- Lưu Chi bộ.\tBÍ THƯ\n\tMai Xuân Trường\tthừa")
@example("CHƯƠNG I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n(1) Một\n1) Hai\nPHẦN THỨ HAI\nI- TÊN")
def test_the_parser_never_raises_and_never_loses_a_line(text):
    program = parse_program_text(text)
    status = program.line_status()
    dump = _dump(program)
    for number, raw in enumerate(program.source_lines, start=1):
        cleaned = " ".join(clean_text(cell) for cell in raw.split("\t"))
        if not cleaned.strip() and not raw.strip():
            continue
        assert number in status, (number, raw)
        if DATE_LINE.match(fold(cleaned)) and program.header.date is not None:
            continue  # read into header.place and header.date (ISO)
        label = label_of(cleaned.lstrip("-+• "))
        content = label[1] if label else re.sub(r"^\s*(?:Nơi nhận|Số)\s*:?", "", cleaned)
        for token in _tokens(content):
            assert token in dump, (number, raw, token)


@settings(max_examples=60, deadline=None)
@given(st.lists(seed_line, min_size=1, max_size=200).map("\n".join),
       st.integers(min_value=1, max_value=5))
def test_shuffled_seed_text_keeps_every_line(text, _seed):
    program = parse_program_text(text)
    status = program.line_status()
    for number, raw in enumerate(program.source_lines, start=1):
        if raw.strip() and clean_text(raw):
            assert number in status, (number, raw)


def _best_of(runs: int, text: str) -> float:
    # CPU time of this process, so that other work on a shared machine does not count.
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        parse_program_text(text)
        best = min(best, time.process_time() - start)
    return best


def test_parsing_time_grows_linearly_with_the_text():
    # A complexity check, not a speed target: 16 times the text must not take ~256 times
    # as long. Bodies are repeated, and one pathological block (a long run of lines no
    # punctuation ends) is included, as a quadratic join would show there first.
    body = "\n".join(SEED_LINES)
    runaway = "\n".join(f"dòng tiếp nối số {i} không có dấu chấm" for i in range(300))
    small = body + "\n" + runaway
    large = "\n".join([small] * 16)
    ratio = _best_of(3, large) / _best_of(5, small)
    assert ratio < 40, f"16x the text took {ratio:.1f}x as long"
