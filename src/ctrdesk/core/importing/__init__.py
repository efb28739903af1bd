"""From an office document to a program tree: reading, parsing, the interchange format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ctrdesk.core.errors import ParseError
from ctrdesk.core.i18n import _

if TYPE_CHECKING:  # the readers and the parser load when a file is parsed, not before
    from ctrdesk.core.importing.parsed import ParsedProgram
    from ctrdesk.core.importing.reading import SourceDocument


def parse_file(
    path: str | Path, progress: Callable[[float], None] | None = None
) -> tuple[SourceDocument, ParsedProgram]:
    """Read and parse a document; refuse one that is not a program, with a reason."""
    from ctrdesk.core.importing.parser import looks_like_a_program, parse_program_text
    from ctrdesk.core.importing.reading import read_document

    def reading(fraction: float) -> None:
        if progress:
            progress(0.5 * fraction)

    def parsing(fraction: float) -> None:
        if progress:
            progress(0.5 + 0.5 * fraction)

    source = read_document(path, reading)
    program = parse_program_text(source.text, parsing)
    if not looks_like_a_program(program):
        raise ParseError(_(
            "{name} does not look like a Party program: no document type (such as "
            "\"CHƯƠNG TRÌNH\" or \"KẾ HOẠCH\") and no numbered sections or items were found."
        ).format(name=source.filename))
    return source, program


__all__ = ["parse_file"]
