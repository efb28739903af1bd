"""Column widths that follow the content come out exactly as the plain computation gives
them: the faster search (one column's cells recomputed per trial) chooses the same widths,
to the last bit, so no document's layout moves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ctrdesk.core.documents.tables import CELL_PADDING, _width, _widths

WORDS = ("TT", "Nội dung", "kiểm sát", "chi bộ", "đảng viên", "12/03/2026", "≥ 99%",
         "nghị quyết", "sinh hoạt chuyên đề", "Quý I/2026", "x")


def _plain_widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
                  total: float) -> tuple[float, ...]:
    """The computation as first written: every cell of every row recomputed per trial."""
    columns = len(header)
    table = [[(h, True) for h in header]] + [[(v, False) for v in row[:columns]]
                                             for row in rows]
    minimum = [CELL_PADDING + 4] * columns
    lengths = []
    for row in table:
        measured = []
        for column, (text, bold) in enumerate(row):
            lines = [line for line in text.splitlines() if line.strip()] or [""]
            widths = [_width(line, bold) for line in lines]
            longest = max(widths) if len(text) <= 12 else max(
                (_width(w, bold) for w in text.split()), default=0.0)
            minimum[column] = max(minimum[column], longest + CELL_PADDING + 1)
            measured.append(widths)
        measured += [[0.0]] * (columns - len(measured))
        lengths.append(measured)
    minimum = [min(m, total / 2) for m in minimum]
    if sum(minimum) >= total:
        return tuple(total * m / sum(minimum) for m in minimum)

    def height(row, widths):
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


cells = st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join) | st.builds(
    lambda a, b: f"{a}\n{b}", st.sampled_from(WORDS), st.sampled_from(WORDS))


@st.composite
def tables(draw):
    columns = draw(st.integers(1, 7))
    header = tuple(draw(st.sampled_from(WORDS)) for _ in range(columns))
    rows = tuple(tuple(draw(cells) for _ in range(columns))
                 for _ in range(draw(st.integers(0, 12))))
    return header, rows, draw(st.sampled_from([60.0, 300.0, 453.5, 700.0]))


@settings(max_examples=60, deadline=None)
@given(tables())
def test_a_report_table_gets_the_same_column_widths_as_the_plain_computation(table):
    header, rows, total = table
    _widths.cache_clear()
    assert _widths(header, rows, total) == _plain_widths(header, rows, total)
