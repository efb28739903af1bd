"""Importing the parent documents offices really send: a corpus of programs, plans,
resolutions, regulations, decisions, directives, conclusions and reports, as Word files
with automatic numbering and layout tables, PDFs with two-column headers and page
numbers, and text pasted from elsewhere. Each is compared field by field with what a
reader would write down from it (tests/corpus/expected)."""

from __future__ import annotations

from functools import cache

import pytest

from corpus_score import CORPUS, Score, cases, score
from ctrdesk.core.importing import parse_file
from ctrdesk.core.importing.parsed import ParsedProgram

CASES = cases()


@cache
def parsed(filename: str) -> ParsedProgram:
    return parse_file(CORPUS / "files" / filename)[1]


def test_the_corpus_has_every_kind_of_document_an_office_sends():
    formats = [case["file"].rsplit(".", 1)[1] for case in CASES]
    assert len(CASES) >= 12
    assert formats.count("docx") >= 4 and formats.count("pdf") >= 3
    doc_types = {case["header"]["doc_type"] for case in CASES}
    assert {"CHƯƠNG TRÌNH HÀNH ĐỘNG", "KẾ HOẠCH", "NGHỊ QUYẾT", "QUY ĐỊNH", "BÁO CÁO",
            "CHỈ THỊ", "KẾT LUẬN", "QUYẾT ĐỊNH"} <= doc_types


def test_at_least_95_percent_of_the_fields_are_recovered(capsys):
    scores: list[Score] = [score(parsed(case["file"]), case) for case in CASES]
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    with capsys.disabled():
        print()
        for s in scores:
            print(f"  {s.name:<42} {s.right:>3}/{s.total:<3} {s.ratio:6.1%}")
            for miss in s.misses:
                print(f"      - {miss}")
        print(f"  {'all fields':<42} {right:>3}/{total:<3} {right / total:6.1%}")
    assert right / total >= 0.95
    for s in scores:  # no document may be badly read either
        assert s.ratio >= 0.85, (s.name, s.misses)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_every_line_of_the_document_is_accounted_for(case):
    program = parsed(case["file"])
    status = program.line_status()
    for number, raw in enumerate(program.source_lines, start=1):
        if raw.strip() and raw.strip().strip("*").strip():
            assert number in status, (number, raw)


def test_every_corpus_document_is_stored_and_read_back_whole(workspace):
    from ctrdesk.core.importing.interchange import program_to_json
    from ctrdesk.core.programs.service import load_program, store_program

    for case in CASES:
        program = parsed(case["file"])
        program_id = store_program(workspace, program, source_filename=case["file"])
        again = load_program(workspace, program_id)
        assert program_to_json(again)["items"] == program_to_json(program)["items"], case["file"]
        assert again.header.number == case["header"]["number"]
        assert again.signature is not None
        assert again.signature.name == case["signature"]["name"]
