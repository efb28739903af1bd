"""Text from outside shown safely: control characters escaped.

A signer's name, a unit's name or a file name read from a package or a certificate may
carry a newline, a carriage return, an escape sequence or a bidirectional override that
would forge an output line or reorder what a reader sees. :func:`shown` escapes them;
the CLI and the GUI use it for every such text.
"""

from __future__ import annotations

import unicodedata

MAX_SHOWN = 300  # characters: a name from outside is cut beyond this


def shown(text: object, limit: int = MAX_SHOWN) -> str:
    """``text`` with control and format characters (Unicode Cc, Cf, line and paragraph
    separators) written as ``\\n``, ``\\t`` or ``\\uXXXX``, cut to ``limit`` characters."""
    value = str(text)
    out: list[str] = []
    for char in value[:limit]:
        category = unicodedata.category(char)
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    if len(value) > limit:
        out.append("…")
    return "".join(out)
