"""Text as real inputs bring it: legacy encodings, extraction noise, the JSON interchange."""

from __future__ import annotations

import json

from conftest import ACTION_PROGRAM, WORK_PROGRAM, run_ctrdesk
from ctrdesk.core.importing import parse_file
from ctrdesk.core.importing.interchange import FORMAT, program_from_json, program_to_json
from ctrdesk.core.importing.legacy import (
    convert_tcvn3,
    convert_vni,
    detect_legacy_encoding,
    encode_tcvn3,
    encode_vni,
)
from ctrdesk.core.importing.parsed import ParsedProgram
from ctrdesk.core.importing.parser import parse_program_text
from ctrdesk.core.textnorm import fold


def _shape(program: ParsedProgram) -> list[tuple]:
    """What the user checks: kinds, numbers, units, times and thresholds, text folded."""
    return [
        (n.kind, n.number, fold(n.title)[:40], fold(n.text)[:40], len(n.lead),
         len(n.coordinating), len(n.implementing), n.time.kind if n.time else None,
         n.threshold.as_json() if n.threshold else None, len(n.children))
        for n in program.walk()
    ]


def test_vietnamese_legacy_encodings_are_detected_and_converted():
    sample = "Hội nghị thường kỳ tháng 01/2026: Đánh giá kết quả thực hiện nhiệm vụ."
    assert detect_legacy_encoding(sample) is None
    assert detect_legacy_encoding(encode_vni(sample)) == "vni"
    assert convert_vni(encode_vni(sample)) == sample
    assert detect_legacy_encoding(encode_tcvn3(sample)) == "tcvn3"
    assert convert_tcvn3(encode_tcvn3(sample)) == sample
    assert convert_tcvn3(encode_tcvn3("ĐẢNG BỘ VKSND TỐI CAO")) == "ĐẢNG BỘ VKSND TỐI CAO"
    assert detect_legacy_encoding("Le café est très bon à Paris, où il fait beau.") is None


def test_a_program_saved_in_tcvn3_or_vni_reads_like_the_unicode_one(tmp_path):
    text = WORK_PROGRAM.read_text(encoding="utf-8")
    reference = parse_program_text(text)
    for name, encode in (("vni", encode_vni), ("tcvn3", encode_tcvn3)):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(encode(text).encode("cp1252"))
        source, program = parse_file(path)
        assert source.legacy_encoding == name
        assert program.legacy_encoding is None  # converted while reading
        assert _shape(program) == _shape(reference), name


NOISY = """ĐẢNG BỘ TỈNH THÁI BÌNH
CHI BỘ SỞ TƯ PHÁP
*
Số 03-KH/CB

ĐẢNG CỘNG SẢN VIỆT NAM
Thái Bình, ngày 5 tháng 3 năm 2026

**KẾ HOẠCH**
thực hiện Chương trình công tác năm 2026

A. **MỤC ĐÍCH**
1. Nâng cao chất lượng sinh hoạt chi bộ; bảo đảm 100% đảng viên tham gia đầy

2

đủ các buổi sinh hoạt.

B. NHIỆM VỤ
1) Tổ chức sinh hoạt chuyên đề <i>hằng quý</i>
a) Chuẩn bị nội dung chuyên đề
+ Phân công đảng viên chuẩn bị tham luận
- *Thời hạn:* Quý II/2026
b) Kết nạp mới từ 2 đến 3 đảng viên
- Đơn vị chủ trì: Chi ủy
- Thời hạn thực hiện: 30/6/2026

Nơi nhận:
- Đảng ủy Sở (để b/c),
- Lưu.

K/T BÍ THƯ
PHÓ BÍ THƯ

Trần Văn An
"""


def test_extraction_noise_does_not_lose_or_misplace_text():
    program = parse_program_text(NOISY)
    header = program.header
    assert (header.superior, header.issuer, header.number) == (
        "ĐẢNG BỘ TỈNH THÁI BÌNH", "CHI BỘ SỞ TƯ PHÁP", "03-KH/CB")
    assert header.place == "Thái Bình" and header.date.isoformat() == "2026-03-05"
    assert header.doc_type == "KẾ HOẠCH" and program.kind == "plan"
    assert program.signature is not None
    assert (program.signature.authority, program.signature.position,
            program.signature.name) == ("K/T BÍ THƯ", "PHÓ BÍ THƯ", "Trần Văn An")
    assert program.recipients == ["Đảng ủy Sở (để b/c)", "Lưu"]
    everything = json.dumps(program_to_json(program), ensure_ascii=False)
    # The page number is set aside, and the sentence it split is whole again.
    assert "tham gia đầy đủ các buổi sinh hoạt." in everything
    # The Party's name over the date is kept aside too: a fixed line, not a field.
    assert [(i.reason, i.text) for i in program.ignored] == [
        ("decoration", "*"), ("page_number", "2"), ("decoration", "ĐẢNG CỘNG SẢN VIỆT NAM")]
    assert "<i>" not in everything and "**" not in everything
    for words in ("Tổ chức sinh hoạt chuyên đề hằng quý", "Chuẩn bị nội dung chuyên đề",
                  "Phân công đảng viên chuẩn bị tham luận", "Kết nạp mới từ 2 đến 3 đảng viên"):
        assert words in everything
    assert [(n.kind, n.number, n.title) for n in program.items] == [
        ("section", "A", "MỤC ĐÍCH"), ("section", "B", "NHIỆM VỤ")]
    lettered = [n for n in program.walk() if n.number in ("a", "b")]
    assert [n.number for n in lettered] == ["a", "b"]
    assert lettered[0].time is not None and lettered[0].time.kind == "quarter"
    assert lettered[1].lead == ["Chi ủy"]
    assert lettered[1].time is not None and lettered[1].time.end.isoformat() == "2026-06-30"


def test_the_interchange_format_round_trips(tmp_path):
    _source, program = parse_file(ACTION_PROGRAM)
    data = program_to_json(program)
    assert data["format"] == FORMAT
    again = program_from_json(json.loads(json.dumps(data)))
    assert program_to_json(again)["items"] == data["items"]


def test_program_parse_json_is_the_documented_format_and_touches_no_workspace(tmp_path):
    result = run_ctrdesk("--db", str(tmp_path / "none.sqlite"), "program", "parse",
                         str(WORK_PROGRAM), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert not (tmp_path / "none.sqlite").exists()
    assert data["format"] == "ctrdesk.program/1"
    assert set(data["header"]) >= {"superior", "issuer", "number", "place", "date",
                                   "doc_type", "summary"}
    assert data["signature"] == {"authority": "T/M BAN THƯỜNG VỤ", "position": "BÍ THƯ",
                                 "name": "Nguyễn Huy Tiến"}
    node_keys = {"kind", "number", "title", "text", "lead", "coordinating", "implementing",
                 "time", "threshold", "children"}

    def check(node):
        assert node_keys <= set(node)
        assert node["kind"] in ("section", "appendix", "item", "target", "meeting", "agenda",
                                "paragraph")
        if node["time"]:
            assert set(node["time"]) == {"text", "kind", "start", "end"}
        if node["threshold"]:
            assert set(node["threshold"]) == {"op", "value", "max", "unit"}
        for child in node["children"]:
            check(child)

    for item in data["items"]:
        check(item)


def test_program_show_prints_what_was_imported(tmp_path):
    db = str(tmp_path / "w.sqlite")
    imported = json.loads(run_ctrdesk("--db", db, "program", "import", str(ACTION_PROGRAM),
                                      "--json").stdout)
    shown = json.loads(run_ctrdesk("--db", db, "program", "show", str(imported["id"]),
                                   "--json").stdout)
    parsed = json.loads(run_ctrdesk("program", "parse", str(ACTION_PROGRAM), "--json").stdout)
    assert shown["items"] == parsed["items"]
    assert shown["header"] == parsed["header"]
    assert shown["recipients"] == parsed["recipients"]
    assert shown["source"]["sha256"] == parsed["source"]["sha256"]
    missing = run_ctrdesk("--db", db, "program", "show", "999")
    assert missing.returncode == 4 and "999" in missing.stderr
