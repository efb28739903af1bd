"""One translation function, Vietnamese by default, catalogs built with babel."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ctrdesk.core.i18n import _, format_party_date, set_language

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def test_vietnamese_is_the_default_and_english_is_available():
    assert set_language(None) == "vi"
    assert _("Programs") == "Chương trình"
    assert set_language("en") == "en"
    assert _("Programs") == "Programs"
    assert set_language("fr") == "vi"


def test_every_message_has_a_vietnamese_translation():
    with open(TRANSLATIONS / "ctrdesk.pot", "rb") as handle:
        template = read_po(handle)
    with open(TRANSLATIONS / "vi" / "LC_MESSAGES" / "ctrdesk.po", "rb") as handle:
        catalog = read_po(handle, locale="vi")
    untranslated = [m.id for m in template if (m.id and not (catalog.get(m.id) or None))
                    or (m.id and not catalog.get(m.id).string)]
    assert untranslated == []


def test_compiled_catalogs_match_their_sources():
    for lang in ("vi", "en"):
        folder = TRANSLATIONS / lang / "LC_MESSAGES"
        with open(folder / "ctrdesk.po", "rb") as handle:
            source = {m.id: m.string for m in read_po(handle, locale=lang) if m.id and m.string}
        with open(folder / "ctrdesk.mo", "rb") as handle:
            compiled = {m.id: m.string for m in read_mo(io.BytesIO(handle.read())) if m.id}
        assert compiled == source, f"run tools/i18n.sh to recompile {lang}"


def test_party_dates_are_written_as_the_guide_says():
    assert format_party_date(date(2026, 2, 12), "Hà Nội") == "Hà Nội, ngày 12 tháng 02 năm 2026"
    assert format_party_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert format_party_date(date(2026, 11, 3)) == "ngày 03 tháng 11 năm 2026"
    assert format_party_date(date(2026, 4, 30)) == "ngày 30 tháng 4 năm 2026"


def test_no_message_hides_inside_an_f_string():
    """The extractor (on Python 3.11) does not look inside f-strings: a ``_("…")`` there
    would never reach the catalogs and would show in English."""
    import ast

    hidden = []
    for path in sorted((TRANSLATIONS.parent / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) \
                            and call.func.id in ("_", "N_") and call.args \
                            and isinstance(call.args[0], ast.Constant):
                        hidden.append(f"{path.name}:{call.lineno} {call.args[0].value!r}")
    assert not hidden, hidden


def _extracted_from_source() -> set[str]:
    """Every message the source asks to translate, extracted now as tools/i18n.sh does."""
    from babel.messages.extract import extract_from_dir

    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(TRANSLATIONS.parent / "src"), method_map=[("**.py", "python")],
            keywords=keywords):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    return {m for m in found if m}


def test_every_message_in_the_source_is_translated_in_the_catalog():
    """A new ``_()`` message that nobody extracted would show in English to Vietnamese
    users; the catalog is checked against the source itself, not the last extraction."""
    with open(TRANSLATIONS / "vi" / "LC_MESSAGES" / "ctrdesk.po", "rb") as handle:
        catalog = read_po(handle, locale="vi")
    missing = sorted(m for m in _extracted_from_source()
                     if catalog.get(m) is None or not catalog.get(m).string)
    assert missing == [], f"run tools/i18n.sh and translate: {missing[:10]}"


def test_every_placeholder_survives_in_each_translation():
    import re

    placeholder = re.compile(r"\{(\w*)(?:[:!][^}]*)?\}")
    broken = []
    for lang in ("vi", "en"):
        with open(TRANSLATIONS / lang / "LC_MESSAGES" / "ctrdesk.po", "rb") as handle:
            for message in read_po(handle, locale=lang):
                if not message.id or not message.string:
                    continue
                ids = [message.id] if isinstance(message.id, str) else list(message.id)
                strings = [message.string] if isinstance(message.string, str) \
                    else list(message.string)
                wanted = {n for i in ids for n in placeholder.findall(i)}
                for text in strings:
                    if {n for n in placeholder.findall(text)} != wanted:
                        broken.append(f"{lang}: {ids[0]!r} -> {text!r}")
    assert broken == []


def _read_both(data: bytes):
    import gettext

    from ctrdesk.core.i18n import _Catalog

    ours, theirs = _Catalog(io.BytesIO(data)), gettext.GNUTranslations(io.BytesIO(data))
    return ours, theirs


def _same(ours, theirs) -> None:
    assert ours._catalog == theirs._catalog
    assert ours._info == theirs._info and ours.charset() == theirs.charset()
    assert [ours.plural(n) for n in range(12)] == [theirs.plural(n) for n in range(12)]


def test_catalogs_are_read_as_gettext_reads_them():
    """ctrdesk reads its catalogs faster than gettext (the window's words are needed
    before it is shown): what it reads is exactly what gettext reads, for the shipped
    catalogs, a catalog with plural forms and one laid out in another order."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    for lang in ("vi", "en"):
        _same(*_read_both((TRANSLATIONS / lang / "LC_MESSAGES" / "ctrdesk.mo").read_bytes()))

    catalog = Catalog(locale="ru")  # three plural forms
    catalog.add("Programs", "Программы")
    catalog.add(("{n} program", "{n} programs"), ("{n} программа", "{n} программы",
                                                 "{n} программ"))
    catalog.add("Nắm", "Год")  # a message id outside ASCII
    plural = io.BytesIO()
    write_mo(plural, catalog)
    ours, theirs = _read_both(plural.getvalue())
    _same(ours, theirs)
    assert ours.ngettext("{n} program", "{n} programs", 5) == "{n} программ"

    reordered = bytearray(plural.getvalue())  # the strings' table in another order
    count, ids_at = int.from_bytes(reordered[8:12], "little"), \
        int.from_bytes(reordered[12:16], "little")
    table = reordered[ids_at + 8:ids_at + 8 * count]
    reordered[ids_at + 8:ids_at + 8 * count] = table[8:] + table[:8]
    texts_at = int.from_bytes(reordered[16:20], "little")
    table = reordered[texts_at + 8:texts_at + 8 * count]
    reordered[texts_at + 8:texts_at + 8 * count] = table[8:] + table[:8]
    _same(*_read_both(bytes(reordered)))
