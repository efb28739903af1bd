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

    def cell(lines: list[float], width: float) -> float:
        # Estimated lines of a cell: wrapping wastes about a tenth of each line.
        return sum(w * 1.1 / (width - CELL_PADDING) + 0.5 for w in lines)

    # A row's height is its tallest cell. Widening one column changes only that column's
    # cells, so each trial recomputes one cell per row against the tallest of the others
    # (the same figures as recomputing every cell, in a fraction of the time).
    widths = list(minimum)
    cells = [[cell(row_lines[c], widths[c]) for c in range(columns)] for row_lines in lengths]
    spare = total - sum(widths)
    step = max(spare / 120, 1.0)
    while spare > 1e-6:
        piece = min(step, spare)
        best, best_height = 0, float("inf")
        tallest = [_two_tallest(heights) for heights in cells]
        for column in range(columns):
            width = widths[column] + piece
            value = sum(max(second if first_column == column else first,
                            cell(row_lines[column], width))
                        for row_lines, (first, first_column, second)
                        in zip(lengths, tallest, strict=True))
            if value < best_height - 1e-9:
                best, best_height = column, value
        widths[best] += piece
        for cell_lines, heights in zip(lengths, cells, strict=True):
            heights[best] = cell(cell_lines[best], widths[best])
        spare -= piece
    return tuple(widths)


def _two_tallest(heights: list[float]) -> tuple[float, int, float]:
    """The tallest value, its column, and the tallest of the other columns."""
    first, first_column, second = float("-inf"), -1, float("-inf")
    for column, height in enumerate(heights):
        if height > first:
            first, first_column, second = height, column, first
        elif height > second:
            second = height
    return first, first_column, second
