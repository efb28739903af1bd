"""The consolidated report of an upper level, on `demo generate` data: its own header,
signer and recipients, the units late or missing named, every target with its text and
threshold, sessions, dialogues, inspections and ratings with the quota checks."""

from __future__ import annotations

import json

import pdfplumber
import pytest

from conftest import run_ctrdesk


@pytest.fixture(scope="module")
def upper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    made = run_ctrdesk("demo", "generate", "--units", "8", "--period", "2026-Q1", "--out",
                       str(folder))
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    packages = sorted(folder.glob("*.ctrsub"))
    kept_back = packages.pop()  # one unit's package never arrives
    result = run_ctrdesk("--db", summary["parent"], "submission", "import",
                         *map(str, packages))
    assert result.returncode == 0, result.stderr
    data = json.loads(run_ctrdesk("--db", summary["parent"], "consolidate", "--period",
                                  "2026-Q1", "--json").stdout)
    missing = data["submissions"]["missing"]
    assert len(missing) == len(summary["missing"]) + 1, kept_back
    return {"db": summary["parent"], "folder": folder, "summary": summary, "data": data}


def _render(upper, name: str) -> tuple[str, list]:
    out = upper["folder"] / name
    result = run_ctrdesk("--db", upper["db"], "consolidate", "--period", "2026-Q1", "--pdf",
                         str(out))
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(out) as document:
        pages = [page.extract_text() for page in document.pages]
        tables = [row for page in document.pages for table in page.extract_tables()
                  if table and table[0][1] == "Chỉ tiêu" for row in table[1:]]
    return " ".join(" ".join(pages).split()), tables


def test_the_consolidated_report_is_the_upper_levels_own_document(upper):
    text, _tables = _render(upper, "default.pdf")
    # The header: the body above and the issuing committee of the workspace's organization.
    assert text.index("ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG") < text.index(
        "ĐẢNG ỦY VKSND TỐI CAO") < text.index("BÁO CÁO")
    assert "tổng hợp kết quả thực hiện nhiệm vụ quý I năm 2026" in text
    # Defaults of a committee's level: never a branch's recipients.
    assert "T/M BAN THƯỜNG VỤ" in text
    closing = text.replace("BÍ THƯ ", "")  # the signature column's lines interleave
    assert "- Ban Thường vụ Đảng ủy các cơ quan Đảng Trung ương (để báo cáo)" in closing
    assert "- Các đảng bộ, chi bộ trực thuộc" in text and "- Lưu Văn phòng" in text
    assert "Các đồng chí chi ủy viên" not in text and "Lưu Chi bộ" not in text
    # Its own signer and recipients, from the workspace's settings.
    result = run_ctrdesk("--db", upper["db"], "document", "settings",
                         "--consolidated-signer", "Nguyễn Huy Tiến",
                         "--consolidated-recipient", "Ban Thường vụ Đảng ủy cấp trên (để báo cáo)",
                         "--consolidated-recipient", "Các chi bộ trực thuộc",
                         "--consolidated-recipient", "Lưu Văn phòng", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["consolidated"]["signer"] == "Nguyễn Huy Tiến"
    text, _tables = _render(upper, "signed.pdf")
    assert text.rstrip().endswith("Nguyễn Huy Tiến")
    assert "- Ban Thường vụ Đảng ủy cấp trên (để báo cáo), - Các chi bộ trực thuộc, - Lưu " \
           "Văn phòng." in text.replace("BÍ THƯ ", "")


def test_late_and_missing_units_are_named(upper):
    text, _tables = _render(upper, "units.pdf")
    submissions = upper["data"]["submissions"]
    late_line = text.split("Đơn vị gửi chậm:")[1].split(".")[0]
    for name in submissions["late"]:
        assert name in late_line
    missing_line = text.split("Đơn vị chưa gửi báo cáo:")[1].split(".")[0]
    assert submissions["missing"] and all(name in missing_line
                                          for name in submissions["missing"])
    assert f"Có {submissions['submitted']}/{submissions['units']} đơn vị gửi báo cáo" in text


def test_every_target_row_has_its_text_and_threshold(upper):
    _text, tables = _render(upper, "targets.pdf")
    rows = [r for r in tables if r[0] and r[0].isdigit()]
    targets = upper["data"]["targets"]
    assert len(rows) == len(targets)
    for row in rows:
        words = " ".join(row[1].split())
        assert any(ch.isalpha() for ch in words.replace("%", "")), row  # not only "> 90%"
        assert row[2].strip()
    texts = [" ".join(r[1].split()) for r in rows]
    assert len(set(texts)) == len(texts), "two targets print the same text"
    appendix = next(t for t in targets if t["target"].strip() == "> 90%")
    assert appendix["text"] != "> 90%" and appendix["threshold"] == "> 90%"


def test_sessions_dialogues_inspections_ratings_and_issues_are_reported(upper):
    text, _tables = _render(upper, "records.pdf")
    sections = ["I. TÌNH HÌNH BÁO CÁO", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
                "III. THỰC HIỆN CÁC NHIỆM VỤ", "IV. SINH HOẠT, ĐỐI THOẠI",
                "V. CÔNG TÁC KIỂM TRA, GIÁM SÁT", "VI. ĐÁNH GIÁ, XẾP LOẠI",
                "VII. VẤN ĐỀ TƯ TƯỞNG NỔI LÊN", "VIII. ĐÁNH GIÁ CHUNG"]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    data = upper["data"]
    held = len([s for s in data["sessions"] if s["thematic_by_head"]])
    assert f"{held}/{len(data['sessions'])} đơn vị đã tổ chức sinh hoạt chuyên đề" in text
    assert f"tiếp nhận {data['concerns']['total']} phản ánh, kiến nghị" in text
    overall = data["ratings"]["overall"]
    assert f"Tổng hợp {overall['rated']} đảng viên được đánh giá, xếp loại" in text
    assert f"tối đa được phép {overall['excellent_allowed']}" in text
    assert "kết luận 0 cuộc kiểm tra" in text or "kết luận" in text
    # Group headings and targets are not counted among the tasks.
    tasks_line = text.split("Các đơn vị thực hiện ")[1].split(" nhiệm vụ")[0]
    assert 0 < int(tasks_line) < len(data["tasks"])
