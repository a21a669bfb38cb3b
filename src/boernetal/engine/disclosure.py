"""Disclosure control for published figures (indicators.md, "Disclosure control").

Primary suppression hides every count of children or of events about children with
0 < n < min_cell. Secondary suppression then makes sure that no hidden small count can be worked
out from what is published, by *any* linear combination of the published cells, not only by
subtracting within one breakdown.

The published counts are tied by *lines*: a total and the cells that add up to it (a breakdown and
its total, the municipalities and ``all``, the teams and team ``all``, the notifications about born
and unborn children and all notifications, …). Each line is an equation. A hidden cell is
*determined* when the equations, with every published value put in, leave it one value: when its
unit vector lies in the row space of the equations restricted to the unknown cells (the hidden
ones and those never published). That is tested by Gaussian elimination, in exact arithmetic
modulo a large prime (the coefficients are small integers), as Statistics Norway's
GaussSuppression does. While a small count is determined, the combination of lines that
determines it is found and the smallest published cell it uses is hidden too; then the test
runs again. Deterministic: the same figures give the same pattern. ``tests/test_disclosure.py``
proves the result on random tables with a solver of its own, in rational arithmetic.

Shares, ratios and averages are hidden with any count they are computed from (engine).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: the prime the elimination works modulo (2^61 - 1): a combination of small integer coefficients
#: that is 0 modulo it is 0
PRIME = (1 << 61) - 1


@dataclass(frozen=True)
class Line:
    """Cells (indices) that add up to the ``total`` cell."""

    total: int
    parts: tuple[int, ...]

    def equation(self) -> dict[int, int]:
        """total − Σ parts = 0, as coefficients by cell."""
        coefficients: dict[int, int] = {self.total: 1}
        for part in self.parts:
            coefficients[part] = coefficients.get(part, 0) - 1
        return {cell: c % PRIME for cell, c in coefficients.items() if c % PRIME}


def primary(values: Sequence[float], protected: Sequence[bool], min_cell: int) -> list[bool]:
    return [bool(p and 0 < v < min_cell) for v, p in zip(values, protected, strict=True)]


def determined(
    unknown: set[int],
    lines: Sequence[Line],
    equations: Sequence[dict[int, int]] | None = None,
    only: Iterable[int] | None = None,
) -> dict[int, dict[int, int]]:
    """The ``unknown`` cells the lines give one value, each with the combination of lines (line
    index -> coefficient) that gives it. ``equations``: the lines' equations, if made already;
    ``only``: the lines (indices) to look at (a part of the system no other line shares an
    unknown with)."""
    equations = equations if equations is not None else [line.equation() for line in lines]
    rows: list[tuple[dict[int, int], dict[int, int]]] = []  # (coefficients of unknowns, combination)
    for n in sorted(only) if only is not None else range(len(equations)):
        row = {cell: c for cell, c in equations[n].items() if cell in unknown}
        if row:
            rows.append((row, {n: 1}))
    pivots: dict[int, tuple[dict[int, int], dict[int, int]]] = {}
    for row, combination in rows:  # forward: each row reduced by the pivots so far
        row, combination = dict(row), dict(combination)
        for column in sorted(row):
            if column in pivots and column in row:
                reduce(row, combination, pivots[column], row[column])
        if not row:
            continue
        pivot = min(row)
        scale(row, combination, pow(row[pivot], -1, PRIME))
        for other in pivots.values():  # back: the new pivot taken out of the rows before it
            if pivot in other[0]:
                reduce(other[0], other[1], (row, combination), other[0][pivot])
        pivots[pivot] = (row, combination)
    return {pivot: combination for pivot, (row, combination) in pivots.items() if len(row) == 1}


def reduce(
    row: dict[int, int], combination: dict[int, int], by: tuple[dict[int, int], dict[int, int]], times: int
) -> None:
    """row −= times × by (in place), and its combination with it."""
    for target, source in ((row, by[0]), (combination, by[1])):
        for key, value in source.items():
            new = (target.get(key, 0) - times * value) % PRIME
            if new:
                target[key] = new
            else:
                target.pop(key, None)


def scale(row: dict[int, int], combination: dict[int, int], factor: int) -> None:
    for target in (row, combination):
        for key in target:
            target[key] = target[key] * factor % PRIME


def secondary(
    values: Sequence[float],
    hidden: list[bool],
    lines: Sequence[Line],
    published: Sequence[bool] | None = None,
) -> list[bool]:
    """Hide more cells until no cell hidden by primary suppression is determined by the published
    ones. ``published`` (default: all) marks the cells that are published at all; the others are
    unknown to a reader, and never chosen.

    The cell hidden next is, of the published cells in the combination of lines that determines
    the first exposed small count, the smallest non-zero one (zeros last: hiding a zero protects
    less, as zero rows are left out of a breakdown), the lowest index on a tie.
    """
    hidden = list(hidden)
    published = [True] * len(values) if published is None else list(published)
    small = [i for i, h in enumerate(hidden) if h]
    unprotectable: set[int] = set()
    equations = [line.equation() for line in lines]
    unknown = {i for i in range(len(values)) if hidden[i] or not published[i]}
    touching: dict[int, list[int]] = {}  # cell -> the lines it is in
    for n, equation in enumerate(equations):
        for c in equation:
            touching.setdefault(c, []).append(n)
    known: dict[tuple[frozenset[int], frozenset[int]], dict[int, dict[int, int]]] = {}
    while True:
        # each small cell's part of the system (the lines linked through unknown cells), solved
        # once while no cell of it changes: hiding one cell leaves the other parts as they were
        found: dict[int, dict[int, int]] = {}
        for part_lines, part_cells in parts(small, unknown, equations, touching):
            key = (part_lines, part_cells)
            if key not in known:
                known[key] = determined(unknown, lines, equations, part_lines)
            found.update(known[key])
        exposed = [i for i in small if i in found and i not in unprotectable]
        if not exposed:
            return hidden
        cell = exposed[0]
        uses: dict[int, int] = {}
        for n, times in found[cell].items():
            for c, coefficient in equations[n].items():
                uses[c] = (uses.get(c, 0) + times * coefficient) % PRIME
        candidates = [c for c, coefficient in uses.items() if coefficient and c not in unknown]
        if not candidates:  # the lines say it is 0: nothing published gives it away
            unprotectable.add(cell)
            continue
        chosen = min(candidates, key=lambda c: (values[c] <= 0, values[c], c))
        hidden[chosen] = True
        unknown.add(chosen)


def parts(
    small: Sequence[int],
    unknown: set[int],
    equations: Sequence[dict[int, int]],
    touching: dict[int, list[int]],
) -> list[tuple[frozenset[int], frozenset[int]]]:
    """The parts of the system the small cells are in: the lines and unknown cells reached from
    each through lines and unknown cells."""
    seen: set[int] = set()
    out = []
    for start in small:
        if start in seen:
            continue
        cells, part_lines, pending = {start}, set(), [start]
        while pending:
            cell = pending.pop()
            for n in touching.get(cell, ()):
                if n in part_lines:
                    continue
                part_lines.add(n)
                for other in equations[n]:
                    if other in unknown and other not in cells:
                        cells.add(other)
                        pending.append(other)
        seen |= cells
        out.append((frozenset(part_lines), frozenset(cells)))
    return out


def suppress(
    values: Sequence[float],
    protected: Sequence[bool],
    lines: Sequence[Line],
    min_cell: int,
    published: Sequence[bool] | None = None,
) -> list[bool]:
    """Which cells to hide: primary, then secondary suppression."""
    return secondary(values, primary(values, protected, min_cell), lines, published)
