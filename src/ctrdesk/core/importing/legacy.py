"""Vietnamese text in the legacy 8-bit encodings TCVN3 (ABC) and VNI Windows.

Older documents typed with .VnTime or VNI-Times fonts carry Latin-1 code points that
only look Vietnamese in those fonts ("TiÕng ViÖt", "Tieáng Vieät"). They are detected by
their characteristic letters and converted to Unicode NFC.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (ABC): one Latin-1 code point per Vietnamese letter. Capitals with tone marks
# used a separate "H" font with the same codes, so they decode as small letters.
_TCVN3 = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}

# VNI Windows: a base letter followed by a mark character, plus a few single letters.
_VNI_MARKS_SMALL = {  # mark character -> (tone or shape) applied to the preceding vowel
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
}
_VNI_HAT_SMALL = {  # after a, e, o: circumflex with a tone
    "â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323",
}
_VNI_BREVE_SMALL = {  # after a: breve with a tone
    "ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323",
}
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for small in (True, False):
        def case(s: str, small: bool = small) -> str:
            return s if small else s.upper()

        for vowel in "aeiouy":
            for mark, tone in _VNI_MARKS_SMALL.items():
                table[case(vowel) + case(mark)] = case(vowel) + tone
        for vowel in "aeo":
            for mark, tone in _VNI_HAT_SMALL.items():
                table[case(vowel) + case(mark)] = case(vowel) + "\u0302" + tone
        for mark, tone in _VNI_BREVE_SMALL.items():
            table[case("a") + case(mark)] = case("a") + "\u0306" + tone
        # ơ and ư (single characters) take the plain tone marks
        for base, letter in (("ô", "ơ"), ("ö", "ư")):
            for mark, tone in _VNI_MARKS_SMALL.items():
                table[case(base) + case(mark)] = case(letter) + tone
    return {k: unicodedata.normalize("NFC", v) for k, v in table.items()}


_VNI_PAIRS = _build_vni()
_VNI_ALL = {**_VNI_SINGLE, **_VNI_PAIRS}
# One pass, pairs before single letters, so converted letters are never converted again.
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_ALL, key=len, reverse=True))
)
_TCVN3_PATTERN = re.compile("[" + re.escape("".join(_TCVN3)) + "]")
# Letters only modern Unicode Vietnamese has (Latin Extended Additional, ă ơ ư đ).
_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăĂơƠưƯđĐ]")
# Characters TCVN3 produces that ordinary Latin-1 text (French, German) hardly uses.
_TCVN3_TELLTALES = re.compile("[¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÒÓÔÕÖ×ØÜÝÞßåæçêëìîñòõö÷øùúûüþ]")
_VNI_TELLTALES = re.compile("[aeouyAEOUY][ùøûõïâáàåãäêéèúüë]|[ôö][ùøûõï]")


def detect_legacy_encoding(text: str) -> str | None:
    """'tcvn3', 'vni' or None when the text is (or looks like) ordinary Unicode."""
    letters = len(_LETTERS.findall(text)) or 1
    if len(_UNICODE_VIETNAMESE.findall(text)) > letters * 0.01:
        return None
    tcvn3 = len(_TCVN3_TELLTALES.findall(text))
    vni = len(_VNI_TELLTALES.findall(text))
    best, score = ("vni", vni) if vni >= tcvn3 else ("tcvn3", tcvn3)
    if score >= 3 and score > letters * 0.02:
        return best
    return None


_WORD = re.compile(r"\w+")
_LETTERS = re.compile(r"[^\W\d_]")


def _restore_capitals(word: str) -> str:
    # TCVN3 capitals with tone marks share the small letters' codes (another font drew them
    # big): in a word whose plain letters are all capitals, the toned ones were capitals too.
    plain = [c for c in word if "A" <= c.upper() <= "Z" and c.isascii()]
    if len(word) >= 2 and plain and all(c.isupper() for c in plain):
        return word.upper()
    return word


def convert_tcvn3(text: str) -> str:
    converted = _TCVN3_PATTERN.sub(lambda m: _TCVN3[m.group()], text)
    converted = _WORD.sub(lambda m: _restore_capitals(m.group()), converted)
    return unicodedata.normalize("NFC", converted)


def convert_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_ALL[m.group()], text))


def to_unicode(text: str) -> tuple[str, str | None]:
    """The text in Unicode NFC, and the legacy encoding it was converted from (if any)."""
    encoding = detect_legacy_encoding(text)
    if encoding == "tcvn3":
        return convert_tcvn3(text), encoding
    if encoding == "vni":
        return convert_vni(text), encoding
    return unicodedata.normalize("NFC", text), None


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 code points (for tests and for exporting to old systems)."""
    reverse = {v: k for k, v in _TCVN3.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and ch.isupper():
            out.append(reverse[ch.lower()])  # capitals with tones: same code, other font
        else:
            out.append(ch)
    return "".join(out)


def encode_vni(text: str) -> str:
    """Unicode -> VNI Windows code points (for tests)."""
    reverse: dict[str, str] = {}
    for legacy, uni in _VNI_PAIRS.items():
        reverse.setdefault(uni, legacy)
    for legacy, uni in _VNI_SINGLE.items():
        if legacy != uni:
            reverse.setdefault(uni, legacy)
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
