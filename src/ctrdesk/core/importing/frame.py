"""The frame of a Party document: its header and its closing.

The header (Hướng dẫn 36-HD/VPTW): superior and issuing body, "*", "Số 05-CTr/ĐU" on the
left; "ĐẢNG CỘNG SẢN VIỆT NAM", place and date on the right; then the document type and
its summary, the "-----" rule, and the preamble. The closing: "Nơi nhận:" and the
recipients on the left; the authority ("T/M ĐẢNG ỦY"), position and name on the right.
Both may come as two columns on one line (a Word table copied as text): they are split
back into their columns first. Every field keeps the words it was read from
(``Header.sources``).
"""

from __future__ import annotations

import re
from datetime import date

from ctrdesk.core.importing.lines import (
    BULLET,
    DATE_LINE,
    DECORATION,
    NUMBER_LINE,
    RECIPIENTS,
    RULE,
    SIGNATURE,
    Line,
    clean_text,
    fold,
    is_upper,
    structural,
)
from ctrdesk.core.importing.parsed import (
    Header,
    IgnoredLine,
    ParsedProgram,
    Signature,
)
from ctrdesk.core.textnorm import nfc

# Every Party document type of Hướng dẫn 36-HD/VPTW that a unit may have to implement.
_DOC_TYPES = [
    ("chuong trinh hanh dong", "action_program"),
    ("chuong trinh kiem tra", "inspection_program"),
    ("chuong trinh cong tac", "work_program"),
    ("chuong trinh lam viec", "work_program"),
    ("chuong trinh", "program"),
    ("ke hoach", "plan"),
    ("nghi quyet", "resolution"),
    ("chi thi", "directive"),
    ("ket luan", "conclusion"),
    ("quyet dinh", "decision"),
    ("quy dinh", "regulation"),
    ("quy che", "rules"),
    ("huong dan", "guidance"),
    ("bao cao", "report"),
    ("thong bao", "notice"),
    ("to trinh", "submission"),
    ("de an", "scheme"),
]
# Lines that begin the name of a body in the header; others continue the line above
# (a long name wrapped in its column: "ĐẢNG BỘ VKSND TỈNH THANH" / "HÓA").
_ORG_START = re.compile(
    r"^(?:dang bo|dang uy|dang doan|chi bo|chi uy|uy ban|ban |van phong|tinh uy|thanh uy|"
    r"huyen uy|quan uy|thi uy|cap uy|hoi dong|to dang|ban can su|dang cong san|bch|btv|ubkt)")
_PREAMBLE_BULLET = re.compile(r"^(?:can cu|thuc hien|xet (?:de nghi|to trinh)|theo de nghi)\b")


def _paragraph_length(lines: list[Line], index: int) -> int:
    """The length of the run of non-blank lines that starts at ``index``."""
    total = 0
    while index < len(lines) and lines[index].text and total <= 1000:
        total += len(lines[index].text) + 1
        index += 1
    return total


def _wrapped_date(lines: list[Line], index: int, text: str) -> tuple[str, str, int | None]:
    """"Thành phố Hồ Chí Minh, ngày 15 tháng 12" / "năm 2025": a place and date wrapped
    in a narrow column, joined again (the second line is emptied into the first)."""
    for following in lines[index + 1:index + 4]:
        if not following.text:
            continue
        joined = f"{text} {following.text}"
        if following.cells is None and DATE_LINE.match(fold(joined)):
            following.text = ""
            lines[index].text = joined
            return joined, fold(joined), following.number
        break
    return text, fold(text), None


def _is_type_line(text: str) -> bool:
    return is_upper(text) and len(text) < 80 and doc_kind(fold(text)) is not None


def _header_columns(lines: list[Line], source_lines: list[str]) -> None:
    """Two header columns on one line (copied out of a Word table as text: a tab or a run
    of spaces between them) become the left column's lines, then the right column's."""
    end = 0
    seen = 0
    while end < len(lines) and seen < 14:
        line = lines[end]
        if line.text:
            seen += 1
            if _is_type_line(line.text) or (line.cells is None and len(line.text) > 120):
                break
        end += 1
    split: list[tuple[Line, list[str], int]] = []  # line, parts, where the right part starts
    for line in lines[:end]:
        raw = nfc(source_lines[line.number - 1]).rstrip()
        parts = [p for p in re.split(r"\t|\s{3,}", raw.strip()) if p.strip()]
        start = raw.find(parts[1]) if len(parts) >= 2 else -1
        split.append((line, parts, start))
    columns = [start for _line, parts, start in split if len(parts) >= 2]
    if not columns:
        return
    right_at = min(columns)
    left: list[Line] = []
    right: list[Line] = []
    for line, parts, _start in split:
        if not parts:
            continue
        raw = nfc(source_lines[line.number - 1])
        if len(parts) >= 2:
            left.append(Line(line.number, clean_text(parts[0])))
            right.append(Line(line.number, clean_text(" ".join(parts[1:]))))
        elif len(raw) - len(raw.lstrip()) >= right_at - 6:
            right.append(Line(line.number, clean_text(parts[0])))
        else:
            left.append(Line(line.number, clean_text(parts[0])))
    lines[:end] = [*left, Line(0, ""), *right, Line(0, "")]


def parse_header(lines: list[Line], program: ParsedProgram) -> int:
    """Read the header zone; return the index of the first body line."""
    header = program.header
    sources = header.sources
    _header_columns(lines, program.source_lines)
    index = 0
    org_lines: list[str] = []
    while index < len(lines):
        line = lines[index]
        text = line.text
        if not text:
            index += 1
            continue
        folded = fold(text)
        if line.cells is None and header.date is None and not DATE_LINE.match(folded) \
                and re.search(r"\bngay\s+\d", folded):
            text, folded, rest = _wrapped_date(lines, index, text)
            if rest is not None:
                program.understood.add(rest)
        if line.cells is not None or (structural(text) and not NUMBER_LINE.match(folded)):
            break
        if folded.startswith("dang cong san viet nam") or DECORATION.fullmatch(folded):
            # The Party's name and the rule under it head every document: kept, not a field.
            program.understood.add(line.number)
            program.ignored.append(IgnoredLine(line.number, text, "decoration"))
        elif NUMBER_LINE.match(folded) and header.number is None and len(text) < 60:
            header.number = re.sub(r"^(?:số|Số|SỐ)\s*:?\s*", "", text).strip()
            sources["number"] = text
            program.understood.add(line.number)
        elif (m := DATE_LINE.match(folded)) and header.date is None:
            try:
                header.date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                header.date = None
            if m.group("place"):
                header.place = text[: len(m.group("place"))].strip()
                sources["place"] = text
            sources["date"] = text
            program.understood.add(line.number)
        elif header.doc_type is None and _is_type_line(text):
            header.doc_type = text
            sources["doc_type"] = text
            program.understood.add(line.number)
            index += 1
            summary: list[str] = []
            # The summary is the short lines under the type (a blank line may separate
            # paragraphs of a .docx); the long preamble ending in ":" is not part of it.
            # The "-----" rule ends it, and so does a capital after a blank line.
            blank = False
            while index < len(lines) and len(summary) < 4:
                current = lines[index]
                if not current.text:
                    source = program.source_lines[current.number - 1] if current.number else ""
                    if summary and RULE.fullmatch(clean_text(nfc(source)) or "x"):
                        break
                    blank = True
                    index += 1
                    continue
                if current.cells is not None or structural(current.text) \
                        or len(current.text) > 160 or current.text[-1] in ".:;" \
                        or is_upper(current.text) \
                        or (blank and _paragraph_length(lines, index) > 160):
                    break  # (a preamble with hard line breaks is long as a paragraph)
                summary.append(current.text)
                program.understood.add(current.number)
                index += 1
            header.summary = " ".join(summary) or None
            continue
        elif header.doc_type is None and is_upper(text) and len(text) < 90:
            if org_lines and not _ORG_START.match(folded):
                org_lines[-1] = f"{org_lines[-1]} {text}"  # a name wrapped in its column
            else:
                org_lines.append(text)
            program.understood.add(line.number)
        else:
            break  # body text (e.g. the preamble) begins
        index += 1
    if org_lines:
        if len(org_lines) == 1:
            header.issuer = org_lines[0]
        else:
            header.superior, header.issuer = org_lines[0], " ".join(org_lines[1:])
            sources["superior"] = header.superior
        sources["issuer"] = header.issuer or ""
    header.doc_kind = doc_kind(fold(header.doc_type or ""))
    return index


def is_preamble_bullet(text: str) -> bool:
    """"- Căn cứ Điều lệ Đảng …;" and "- Xét đề nghị …" open a decision: not items."""
    bullet = BULLET.match(text)
    return bool(bullet and _PREAMBLE_BULLET.match(fold(bullet.group(2))))


def doc_kind(folded: str) -> str | None:
    for prefix, kind in _DOC_TYPES:
        if folded.startswith(prefix):
            return kind
    return None


def program_kind(header: Header) -> str:
    """The program kind stored for the document: a resolution, directive, conclusion,
    decision, regulation or report a unit implements is kept as a plan."""
    doc = fold(header.doc_type or "")
    summary = fold(header.summary or "")
    kind = doc_kind(doc) or "action_program"
    if kind == "program":
        if re.search(r"cong tac|lam viec", summary):
            return "work_program"
        if re.search(r"kiem tra|giam sat", summary):
            return "inspection_program"
        return "action_program" if re.search(r"thuc hien nghi quyet", summary) else \
            "work_program"
    if kind in ("action_program", "work_program", "inspection_program", "plan"):
        return kind
    return "plan"


def _continues_recipient(last: str, text: str) -> bool:
    """A recipient wrapped onto a second line in its narrow column."""
    return (len(text) < 80 and not is_upper(text) and not SIGNATURE.match(text)
            and not structural(text) and (text[0].islower() or text[0] == "("))


def _closing_columns(lines: list[Line]) -> None:
    """The closing copied out of its Word table as text ("Nơi nhận:<tab>T/M CHI BỘ"): its
    rows become the left column's lines, then the right column's."""
    i = 0
    while i < len(lines):
        cells = lines[i].cells
        if cells is None or len(cells) > 3 or not any(
                RECIPIENTS.match(fold(c)) or SIGNATURE.match(c) for c in cells[:1]):
            i += 1
            continue
        j = i
        while j < len(lines) and (lines[j].cells is not None and len(lines[j].cells or []) <= 3):
            j += 1
        left = [Line(x.number, (x.cells or [""])[0]) for x in lines[i:j] if (x.cells or [""])[0]]
        right = [Line(x.number, " ".join(c for c in (x.cells or [])[1:] if c))
                 for x in lines[i:j]]
        right = [x for x in right if x.text]
        lines[i:j] = [*left, Line(0, ""), *right, Line(0, "")]
        i += len(left) + len(right) + 2


def take_signature_and_recipients(lines: list[Line], program: ParsedProgram) -> None:
    """Find the signature block and the recipients anywhere; blank them out of the body."""
    _closing_columns(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        folded = fold(line.text)
        recipients = RECIPIENTS.match(folded)
        if line.cells is None and recipients and len(line.text) < 40:
            program.understood.add(line.number)
            program.header.sources.setdefault("recipients", line.text)
            first = line.text[len(line.text) - len(recipients.group(1)):].strip() \
                if recipients.group(1) else ""
            line.text = ""
            if first:
                program.recipients.append(first)
            j = i + 1
            blanks = 0
            while j < len(lines) and blanks < 3:
                current = lines[j]
                if not current.text:
                    blanks += 1
                    j += 1
                    continue
                bullet = BULLET.match(current.text)
                if current.cells is None and not bullet and program.recipients \
                        and _continues_recipient(program.recipients[-1], current.text):
                    program.recipients[-1] = f"{program.recipients[-1]} {current.text}"
                    program.understood.add(current.number)
                    current.text = ""
                    j += 1
                    continue
                if not bullet or current.cells is not None:
                    break
                blanks = 0
                entry = bullet.group(2).strip().rstrip(",.;")
                if re.fullmatch(r"\(.*\)", entry):
                    program.notes.append(entry)
                elif entry:
                    program.recipients.append(entry)
                program.understood.add(current.number)
                current.text = ""
                j += 1
            i = j
            continue
        if line.cells is None and SIGNATURE.match(line.text) and is_upper(line.text) \
                and len(line.text) < 60:
            authority = line.text
            program.understood.add(line.number)
            line.text = ""
            rest: list[Line] = []
            j = i + 1
            while j < len(lines) and len(rest) < 3:
                current = lines[j]
                if current.text:
                    if current.cells is not None or structural(current.text) or \
                            len(current.text) > 60:
                        break
                    rest.append(current)
                    if not is_upper(current.text):
                        break  # the name ends the block
                j += 1
            position = rest[0].text if rest and is_upper(rest[0].text) else ""
            name = rest[-1].text if rest and not is_upper(rest[-1].text) else ""
            used_texts = [used.text for used in rest]
            for used in rest:
                program.understood.add(used.number)
                used.text = ""
            if program.signature is None:
                program.signature = Signature(authority, position, name)
                program.header.sources["signature"] = "\n".join(
                    [authority, *(used_text for used_text in used_texts)])
            else:  # a second signature block (a joint document): keep it as a note
                program.notes.append(" / ".join(x for x in (authority, position, name) if x))
            i = j
            continue
        i += 1
