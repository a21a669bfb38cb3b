"""Disclosure control: the rules of indicators.md, for random tables and on a real indicator set."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from boernetal import init_workspace
from boernetal.catalogue import REGISTRY
from boernetal.engine import compute
from boernetal.engine.disclosure import Line, suppress
from boernetal.engine.indicator_set import disclosure_lines, revealed_ids
from test_executors import MUNICIPALITIES, counter, warehouse

from helpers import load_records, run_cli

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
    """The hidden cells the published ones leave open, by a solver of this test's own: the
    equations of the lines over the unknown cells, in exact rational arithmetic, part by part
    (cells linked through lines); a cell is open when some solution of the homogeneous system
    moves it (a vector of the null space is not 0 there)."""
    unknown = {i for i, h in enumerate(hidden) if h} | set(unknown_too)
    rows_of: dict[int, list[int]] = {}
    equations = []
    for n, line in enumerate(lines):
        row: dict[int, Fraction] = {}
        for cell, coefficient in [(line.total, 1), *((p, -1) for p in line.parts)]:
            if cell in unknown:
                row[cell] = row.get(cell, Fraction(0)) + coefficient
        equations.append({c: v for c, v in row.items() if v})
        for c in equations[-1]:
            rows_of.setdefault(c, []).append(n)
    open_cells, seen = [], set()
    for start in sorted(unknown):
        if start in seen:
            continue
        part, pending, used = {start}, [start], set()
        while pending:
            for n in rows_of.get(pending.pop(), []):
                if n not in used:
                    used.add(n)
                    new = set(equations[n]) - part
                    part |= new
                    pending += new
        seen |= part
        columns = sorted(part)
        matrix = [[equations[n].get(c, Fraction(0)) for c in columns] for n in sorted(used)]
        moved = null_space_support(matrix, len(columns))
        open_cells += [c for k, c in enumerate(columns) if k in moved and hidden[c]]
    return sorted(open_cells)


def null_space_support(rows: list[list[Fraction]], width: int) -> set[int]:
    """The columns some vector of the null space of ``rows`` is not 0 in (Gauss–Jordan)."""
    rows = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    free = [c for c in range(width) if c not in pivots]
    support = set(free)  # each free column's basis vector: 1 there, −(its entries) at the pivots
    for k, c in enumerate(pivots):
        if any(rows[k][f] != 0 for f in free):
            support.add(c)
    return support


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


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.generate],  # an import per example: shrinking would take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=warehouse(), year=st.sampled_from([2013, 2012]))
def test_no_small_count_of_a_published_set_follows_from_the_rest(records, year, tmp_path):
    """On random warehouses: the published set's equations (every breakdown, total, municipality
    line and declared sum) leave every hidden small count open, and a re-run hides the same."""
    folder = tmp_path / f"w{next(counter)}"
    ws = init_workspace(folder / "ws", municipalities=list(MUNICIPALITIES))
    load_records(ws, folder / "in", records)
    figures = compute(ws, year, publish=True)
    internal = compute(ws, year)
    protected = [i for i in REGISTRY.values() if i.protected and i.id in figures.results]
    offsets, values, hidden, known = {}, [], [], []
    revealed = revealed_ids()
    for indicator in protected:
        offsets[indicator.id] = len(values)
        values += internal.results[indicator.id]["value"].tolist()
        hidden += figures.results[indicator.id]["suppressed"].tolist()
        known += [indicator.id in revealed] * len(figures.results[indicator.id])
    lines = list(disclosure_lines(protected, internal.results, offsets))
    unseen = {i for i, k in enumerate(known) if not k}
    open_cells = set(undetermined(hidden, lines, unseen))
    small = [i for i, v in enumerate(values) if 0 < v < figures.min_cell]
    assert all(hidden[i] for i in small)
    assert all(i in open_cells or all_lines_say_zero(i, lines) for i in small)
    again = compute(ws, year, publish=True)
    for id, frame in figures.results.items():
        assert frame["suppressed"].tolist() == again.results[id]["suppressed"].tolist(), id
