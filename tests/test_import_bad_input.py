"""Bad input gets a clear message and stores nothing."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from conftest import ACTION_PROGRAM, run_ctrdesk
from ctrdesk.core.errors import ParseError
from ctrdesk.core.importing import parse_file


def _scanned_pdf(path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (600, 800), "white")
    for x in range(50, 550):
        picture.putpixel((x, 100), (0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])
    pdf.showPage()
    pdf.save()


def _encrypted_pdf(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt="bí-mật")
    pdf.drawString(100, 700, "CHUONG TRINH HANH DONG")
    pdf.showPage()
    pdf.save()


def _bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    not_zip = tmp_path / "program.docx"
    not_zip.write_text("this is not a zip package", encoding="utf-8")
    other_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.truncate(300 * 1024 * 1024)
    letter = tmp_path / "letter.txt"
    letter.write_text("Kính gửi đồng chí Bí thư,\n\nXin mời đồng chí dự buổi gặp mặt cuối năm.\n"
                      "Trân trọng.\n", encoding="utf-8")
    scanned = tmp_path / "scanned.pdf"
    _scanned_pdf(scanned)
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked)
    old_doc = tmp_path / "old.doc"
    old_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    return {
        "empty": (empty, "tệp rỗng"),
        "binary": (binary, "tệp nhị phân"),
        "docx not a zip": (not_zip, "không phải gói zip"),
        "zip not a docx": (other_zip, "không phải văn bản Word"),
        "huge": (huge, "quá lớn"),
        "not a program": (letter, "không giống một chương trình"),
        "scanned pdf": (scanned, "PDF scan"),
        "password pdf": (locked, "mật khẩu"),
        "old doc": (old_doc, ".docx"),
        "fake pdf": (fake_pdf, "không phải tệp PDF"),
    }


def test_each_bad_file_is_refused_with_a_reason(tmp_path):
    for case, (path, words) in _bad_files(tmp_path).items():
        with pytest.raises(ParseError) as caught:
            parse_file(path)
        assert words in caught.value.message, case
        assert path.name in caught.value.message, case


def test_bad_files_store_nothing_through_the_command_line(tmp_path):
    db = str(tmp_path / "w.sqlite")
    for case, (path, words) in _bad_files(tmp_path).items():
        result = run_ctrdesk("--db", db, "program", "import", str(path))
        assert result.returncode == 5, case
        assert words in result.stderr and "Traceback" not in result.stderr, case
    assert json.loads(run_ctrdesk("--db", db, "program", "list", "--json").stdout) == []


def test_importing_the_same_file_twice_is_refused_unless_asked(tmp_path):
    db = str(tmp_path / "w.sqlite")
    first = run_ctrdesk("--db", db, "program", "import", str(ACTION_PROGRAM), "--json")
    assert first.returncode == 0, first.stderr
    program_id = json.loads(first.stdout)["id"]
    again = run_ctrdesk("--db", db, "program", "import", str(ACTION_PROGRAM))
    assert again.returncode == 2
    assert f"đã được nhập thành chương trình số {program_id}" in again.stderr
    assert len(json.loads(run_ctrdesk("--db", db, "program", "list", "--json").stdout)) == 1
    forced = run_ctrdesk("--db", db, "program", "import", str(ACTION_PROGRAM),
                         "--allow-duplicate")
    assert forced.returncode == 0
    assert len(json.loads(run_ctrdesk("--db", db, "program", "list", "--json").stdout)) == 2
