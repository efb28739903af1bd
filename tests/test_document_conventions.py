"""Vietnamese conventions a Party office checks: decimal commas, the "-----" under the
summary, "Số    -BC/CB" on drafts, punctuated recipients with their purposes, the body's
closing "./.", "chi ủy" only where a branch has one, the appendix naming its document."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from ctrdesk.core.documents.kinds import build
from ctrdesk.core.documents.layout import render
from ctrdesk.core.documents.register import create_draft, issue, render_pdf
from ctrdesk.core.i18n import format_number, format_percent, format_share, set_language


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_numbers_in_vietnamese_and_in_english():
    assert format_percent(85.714, locale="vi") == "85,7%"
    assert format_number(2.5, locale="vi") == "2,5"
    assert format_number(1234567.25, 2, locale="vi") == "1.234.567,25"
    assert format_number(3.0, locale="vi") == "3"
    assert format_share(0.857, locale="vi") == "86%"
    assert format_percent(85.714, locale="en") == "85.7%"
    assert format_number(1234567.25, 2, locale="en") == "1,234,567.25"
    set_language("en")
    assert format_percent(85.7) == "85.7%"  # the interface language by default
    set_language("vi")
    assert format_percent(85.7) == "85,7%"


@given(value=st.one_of(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
                       st.integers(min_value=-10**12, max_value=10**12),
                       st.sampled_from([0.05, 0.15, 0.25, 2.5, 85.75, 99.95, -0.04, 1e-7])),
       digits=st.integers(min_value=0, max_value=3), locale=st.sampled_from(["vi", "en"]))
def test_numbers_are_written_exactly_as_babel_writes_them(value, digits, locale):
    # The interface's languages are formatted without loading babel (start-up); the
    # result must stay babel's, rounding and signs included.
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    assert format_number(value, digits, locale=locale) == \
        format_decimal(value, format=pattern, locale=locale)


def test_a_report_writes_numbers_the_vietnamese_way(demo_workspace):
    text = _text(render(build(demo_workspace, "report", period="2026"))[0])
    assert "85,7%" in text and "85.7%" not in text
    assert not re.search(r"\d\.\d%", text)  # no English decimal point before a percent
    assert "≥ 99%" in text


def test_the_summary_rule_the_draft_number_recipients_and_the_closing_mark(
        demo_workspace):
    document = build(demo_workspace, "report", period="2026-Q1")
    data, _slot = render(document)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0]
        text = "\n".join(page.extract_text() for page in pdf.pages)
        words = first.extract_words()
        last = pdf.pages[-1]
        title = next(w for w in last.extract_words() if w["text"] == "Nơi")
        lines = last.crop((0, title["top"], 85 + 240, last.height)).extract_text() \
            .splitlines()
        drawn = [line for page in pdf.pages for line in page.lines
                 if line["top"] < 300 and page.page_number == 1]
    assert "-----" in [w["text"] for w in words]  # five hyphens, not a drawn rule
    assert not [d for d in drawn if abs(d["top"] - d["bottom"]) < 1
                and d["x1"] - d["x0"] < 100]  # no short drawn rule
    number = next(w for w in words if w["text"].endswith("-BC/CB"))
    assert number["text"] == "-BC/CB"  # the number left blank, the symbol kept
    recipients: list[str] = []  # a long recipient wraps onto the next line
    for line in lines[1:]:
        if line.startswith("- ") or not recipients:
            recipients.append(line)
        else:
            recipients[-1] += " " + line
    assert recipients[0].endswith("(để báo cáo),")
    assert "(để thực hiện)," in recipients[1]
    assert recipients[-1] == "- Lưu Chi bộ."
    assert all(r.endswith(",") for r in recipients[:-1])
    body_end = text.split("Nơi nhận")[0].rstrip()
    assert body_end.endswith("./.")


def test_chi_uy_only_for_a_branch_of_nine_members_or_a_chosen_setting(demo_workspace):
    from ctrdesk.core.documents.issuer import COMMITTEE_SETTING, issuer_of
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.setup import set_settings

    issuer = issuer_of(demo_workspace)
    assert not issuer.committee  # the demo branch has seven members: no chi ủy
    document = build(demo_workspace, "report", period="2026-Q1")
    text = _text(render(document)[0])
    assert "chi ủy" not in text.lower()
    assert "Các đồng chí đảng viên chi bộ (để thực hiện)," in text
    program = _text(render(build(demo_workspace, "program"))[0])
    assert "chi ủy" not in program.lower() and "Chi bộ phân công đồng chí bí thư" in program
    with pytest.raises(ValidationError):
        set_settings(demo_workspace, {COMMITTEE_SETTING: "maybe"})
    set_settings(demo_workspace, {COMMITTEE_SETTING: "có"})  # the branch elected a chi ủy
    text = _text(render(build(demo_workspace, "report", period="2026-Q1"))[0])
    assert "Các đồng chí chi ủy viên (để thực hiện)," in text
    assert "(Nội dung do chi ủy soạn thảo.)" in text


def test_the_program_summary_says_thuc_hien_once_and_its_appendix_names_it_when_issued(
        demo_workspace):
    draft = build(demo_workspace, "program")
    assert "thực hiện chương trình hành động thực hiện" not in draft.summary
    assert draft.appendices[0].reference == "(Kèm theo Chương trình của Chi bộ Vụ 14)"
    document_id = create_draft(demo_workspace, "program")
    number = issue(demo_workspace, document_id, date(2026, 4, 6))
    data, _slot = render_pdf(demo_workspace, document_id)
    text = _text(data)
    assert f"(Kèm theo Chương trình số {number}, ngày 06/04/2026 của Chi bộ Vụ 14)" \
        in " ".join(text.split())
    assert "thực hiện chương trình hành động thực hiện" not in " ".join(text.split())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_stamp_time_is_vietnam_time_whatever_the_language(language):
    from datetime import UTC, datetime

    from ctrdesk.core.signing import stamp_time

    set_language(language)
    assert stamp_time(datetime(2026, 11, 29, 5, 49, 14, tzinfo=UTC)) == \
        "29/11/2026 12:49:14 +07:00"
