"""Disclosure control: the rules of indicators.md, for random tables and on a real indicator set."""

from __future__ import annotations

import json

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


@given(tables(), MIN_CELLS)
def test_no_suppressed_cell_recoverable_by_subtraction(table, min_cell):
    values, lines = table
    hidden = suppress(values, [True] * len(values), lines, min_cell)
    for line in lines:
        if hidden[line.total]:
            continue
        rest = values[line.total] - sum(values[i] for i in line.parts if not hidden[i])
        for i in line.parts:
            if hidden[i]:
                assert sum(hidden[j] for j in line.parts) >= 2
                assert rest != values[i] or all(values[j] == 0 for j in line.parts if hidden[j] and j != i)


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
