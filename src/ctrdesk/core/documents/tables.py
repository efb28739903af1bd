"""Column widths that follow the content, shared by the PDF and the .docx.

Like a browser's automatic table layout: every column is at least as wide as its longest
word (so "TT" never breaks into "T/T" and a date stays on one line), and the remaining
width goes to the columns in proportion to how much more room their text would use.
"""

from __future__ import annotations

from functools import lru_cache

from ctrdesk.core.documents.model import TableBlock, nfc

CELL_PADDING = 12.0  # points: 6 left + 6 right, reportlab's default and the .docx margins
TABLE_SIZE = 12


def _width(text: str, bold: bool) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ctrdesk.core.documents.fonts import FONT, register_fonts

    register_fonts()
    return stringWidth(nfc(text), f"{FONT}-Bold" if bold else FONT, TABLE_SIZE)


def column_widths(block: TableBlock, total: float) -> list[float]:
    """Widths in points of the columns of ``block`` filling ``total`` points: each column
    at least as wide as its longest word (a short cell such as "≥ 99%" or a date never
    wraps), the rest given step by step where it shortens the rows the most."""
    groups = set(block.group_rows)
    rows = tuple(tuple(str(v) for v in row) for r, row in enumerate(block.rows)
                 if r not in groups)
    return list(_widths(tuple(block.header), rows, total))


@lru_cache(maxsize=64)
def _widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
            total: float) -> tuple[float, ...]:
    columns = len(header)
    table = [[(h, True) for h in header]]
    table += [[(value, False) for value in row[:columns]] for row in rows]
    minimum = [CELL_PADDING + 4] * columns
    # Per row and column: the widths of the cell's lines as one unbroken line each.
    lengths: list[list[list[float]]] = []
    for row in table:
        measured: list[list[float]] = []
        for column, (text, bold) in enumerate(row):
            lines = [line for line in text.splitlines() if line.strip()] or [""]
            widths = [_width(line, bold) for line in lines]
            if len(text) <= 12:
                longest = max(widths)
            else:
                longest = max((_width(w, bold) for w in text.split()), default=0.0)
            minimum[column] = max(minimum[column], longest + CELL_PADDING + 1)
            measured.append(widths)
        measured += [[0.0]] * (columns - len(measured))
        lengths.append(measured)
    minimum = [min(m, total / 2) for m in minimum]  # one absurd word does not take all
    if sum(minimum) >= total:
        return tuple(total * m / sum(minimum) for m in minimum)

    def height(row: list[list[float]], widths: list[float]) -> float:
        # Estimated lines of the row: wrapping wastes about a tenth of each line.
        return max(sum(w * 1.1 / (widths[c] - CELL_PADDING) + 0.5 for w in row[c])
                   for c in range(columns))

    widths = list(minimum)
    spare = total - sum(widths)
    step = max(spare / 120, 1.0)
    while spare > 1e-6:
        piece = min(step, spare)
        best, best_height = 0, float("inf")
        for column in range(columns):
            trial = list(widths)
            trial[column] += piece
            value = sum(height(row, trial) for row in lengths)
            if value < best_height - 1e-9:
                best, best_height = column, value
        widths[best] += piece
        spare -= piece
    return tuple(widths)
