"""Disclosure control: the rules of indicators.md, for random tables and on a real indicator set."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from boernetal.indicators import REGISTRY, compute
from boernetal.indicators.disclosure import Line, suppress

from helpers import run_cli

MIN_CELLS = st.integers(min_value=3, max_value=6)


@st.composite
def tables(draw):
    """A table of counts with its row totals, column totals and grand total as published cells."""
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 5))
    grid = [[draw(st.integers(0, 12)) for _ in range(cols)] for _ in range(rows)]
    values: list[int] = [v for row in grid for v in row]
    cell = {(r, c): r * cols + c for r in range(rows) for c in range(cols)}
    row_totals = [len(values) + r for r in range(rows)]
    values += [sum(row) for row in grid]
    col_totals = [len(values) + c for c in range(cols)]
    values += [sum(grid[r][c] for r in range(rows)) for c in range(cols)]
    grand = len(values)
    values.append(sum(sum(row) for row in grid))
    lines = [Line(row_totals[r], tuple(cell[r, c] for c in range(cols))) for r in range(rows)]
    lines += [Line(col_totals[c], tuple(cell[r, c] for r in range(rows))) for c in range(cols)]
    lines += [Line(grand, tuple(row_totals)), Line(grand, tuple(col_totals))]
    return values, lines


@given(tables(), MIN_CELLS)
def test_no_published_cell_below_min_cell(table, min_cell):
    values, lines = table
    hidden = suppress(values, [True] * len(values), lines, min_cell)
    assert all(hidden[i] or not (0 < v < min_cell) for i, v in enumerate(values))


def undetermined(hidden: list[bool], lines: list[Line], unknown_too: set[int] = frozenset()) -> list[int]:
    """The hidden cells the published ones leave open, by a solver of this test's own: cell i is
    determined when its unit vector is in the row space of the lines' equations restricted to the
    unknown cells (rank unchanged when it is added), in exact rational arithmetic."""
    unknown = sorted({i for i, h in enumerate(hidden) if h} | set(unknown_too))
    column = {cell: n for n, cell in enumerate(unknown)}
    rows = []
    for line in lines:
        row = [Fraction(0)] * len(unknown)
        for cell, coefficient in [(line.total, 1), *((p, -1) for p in line.parts)]:
            if cell in column:
                row[column[cell]] += coefficient
        if any(row):
            rows.append(row)
    base = rank(rows)
    return [
        cell
        for cell in unknown
        if hidden[cell]
        and rank([*rows, [Fraction(int(n == column[cell])) for n in range(len(unknown))]]) > base
    ]


def rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    found = 0
    for c in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(found, len(rows)) if rows[r][c] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for r in range(len(rows)):
            if r != found and rows[r][c] != 0:
                factor = rows[r][c] / rows[found][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[found], strict=True)]
        found += 1
    return found


@st.composite
def related(draw):
    """A table with margins (tables), sometimes a second breakdown of the same total, and a total
    that is the sum of two others (total = born + unborn): lines across breakdowns and indicators."""
    values, lines = draw(tables())
    grand = len(values) - 1
    if draw(st.booleans()):  # another breakdown of the grand total (by month next to by source)
        total = values[grand]
        cuts = sorted(draw(st.lists(st.integers(0, total), max_size=3)))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        lines.append(Line(grand, tuple(range(len(values), len(values) + len(parts)))))
        values += parts
    if draw(st.booleans()):  # total = born + unborn
        born, unborn = draw(st.integers(0, 12)), draw(st.integers(0, 12))
        values += [born, unborn, born + unborn]
        n = len(values)
        lines.append(Line(n - 1, (n - 3, n - 2)))
    return values, lines


@given(related(), MIN_CELLS)
def test_no_small_cell_follows_from_the_published_ones_by_any_linear_combination(table, min_cell):
    values, lines = table
    hidden = suppress(values, [True] * len(values), lines, min_cell)
    small = [i for i, v in enumerate(values) if 0 < v < min_cell]
    assert all(hidden[i] for i in small)
    open_cells = set(undetermined(hidden, lines))
    for i in small:
        assert i in open_cells or all_lines_say_zero(i, lines), (i, values, hidden)
    assert suppress(values, [True] * len(values), lines, min_cell) == hidden  # the same on a re-run


def all_lines_say_zero(cell: int, lines: list[Line]) -> bool:
    """The equations alone fix the cell (it is its own total, say): nothing published reveals it."""
    return undetermined([i == cell for i in range(cell + 1)], lines) == []


def test_a_cell_a_reader_never_sees_protects_like_a_hidden_one():
    # 2 = 1 + 1 (unborn 1 is small); born is never published: unborn stays open with nothing else hidden
    values, lines = [1, 5, 6], [Line(2, (0, 1))]
    assert suppress(values, [True, True, True], lines, 3, published=[True, False, True]) == [
        True,
        False,
        False,
    ]
    assert suppress(values, [True, True, True], lines, 3) == [True, True, False]


def test_a_cell_no_single_line_gives_away_is_still_protected():
    """a + b = 10, b + c = 12, a + c = 4: with a, b and c hidden each line has two hidden cells,
    yet a = (10 − 12 + 4) / 2. Hiding per line is not enough; the combination is found."""
    values = [1, 9, 3, 10, 12, 4]
    lines = [Line(3, (0, 1)), Line(4, (1, 2)), Line(5, (0, 2))]
    hidden = suppress(values, [True] * 6, lines, 3)
    assert 0 in undetermined(hidden, lines)


@st.composite
def cubes(draw):
    """A three-way table (municipality × source × year, say) with every two-way margin published:
    where hiding per line leaves cells that a combination of lines gives back."""
    shape = [draw(st.integers(2, 3)) for _ in range(3)]
    cells = [(i, j, k) for i in range(shape[0]) for j in range(shape[1]) for k in range(shape[2])]
    values = [draw(st.integers(0, 9)) for _ in cells]
    index = {cell: n for n, cell in enumerate(cells)}
    lines = []
    for axis in range(3):
        others = [a for a in range(3) if a != axis]
        for i in range(shape[others[0]]):
            for j in range(shape[others[1]]):
                parts = tuple(index[c] for c in cells if c[others[0]] == i and c[others[1]] == j)
                lines.append(Line(len(values), parts))
                values.append(sum(values[p] for p in parts))
    return values, lines


@given(cubes(), MIN_CELLS)
def test_no_small_cell_of_a_three_way_table_follows_from_its_margins(table, min_cell):
    values, lines = table
    hidden = suppress(values, [True] * len(values), lines, min_cell)
    open_cells = set(undetermined(hidden, lines))
    assert all(i in open_cells for i, v in enumerate(values) if 0 < v < min_cell)


def test_the_complement_across_two_breakdowns_is_found():
    """by source: 1 + 9 = 10; by month: 4 + 6 = 10; born 7 + unborn 3 = 10. Hiding the 1 and the 9
    protects it within its breakdown; no other line gives it back."""
    values = [1, 9, 4, 6, 7, 3, 10]
    lines = [Line(6, (0, 1)), Line(6, (2, 3)), Line(6, (4, 5))]
    hidden = suppress(values, [True] * 7, lines, 3)
    assert hidden[0] and hidden[1] and not hidden[6]
    assert 0 in undetermined(hidden, lines)


@given(st.lists(st.integers(0, 20), min_size=1, max_size=20), MIN_CELLS)
def test_unprotected_cells_are_never_suppressed(values, min_cell):
    assert suppress(values, [False] * len(values), [], min_cell) == [False] * len(values)


def test_published_indicator_set(tmp_path):
    """On the example extracts: small counts are hidden with what is computed from them; kr. are not."""
    ws = tmp_path / "ws"
    assert run_cli("init", str(ws), "-m", "183", "-m", "187").returncode == 0
    assert run_cli("ingest", "examples/udtraek", "-w", str(ws)).returncode == 0
    from boernetal import Workspace

    figures = compute(Workspace.open(ws), 2013, publish=True)
    hidden_any = False
    for id, frame in figures.results.items():
        indicator = REGISTRY[id]
        if indicator.protected:
            shown = frame.loc[~frame["suppressed"]]
            assert not ((shown["value"] > 0) & (shown["value"] < 3)).any(), id
        if not indicator.about_children:
            assert not frame.suppressed.any(), id
        hidden_any |= bool(frame.suppressed.any())
    assert hidden_any
    # a share is hidden with its count
    counts = figures.rows("notifications.by_source_group")
    shares = figures.rows("notifications.by_source_group_share")
    merged = counts.merge(shares, on=["year", "municipality", "source_group"], suffixes=("", "_share"))
    assert (merged.suppressed <= merged.suppressed_share).all()
    # the CLI's JSON shows null with "suppressed": true
    out = run_cli("indicators", "--year", "2013", "--publish", "-o", "-", "-w", str(ws))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["suppressed"] is True and data["min_cell"] == 3
    rows = [r for i in data["indicators"] for r in i["rows"] if r.get("suppressed")]
    assert rows and all(r["value"] is None for r in rows)
    counts = [
        r["value"]
        for i in data["indicators"]
        if i["unit"] == "count" and REGISTRY[i["id"]].protected
        for r in i["rows"]
        if r["value"] is not None
    ]
    assert all(v == 0 or v >= 3 for v in counts)
