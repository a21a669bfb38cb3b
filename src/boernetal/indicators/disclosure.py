"""Disclosure control for published figures (indicators.md, "Disclosure control").

Primary suppression hides every count of children or of events about children with
0 < n < min_cell. Secondary suppression then looks at every *line*: a published total and the cells
that add up to it (a breakdown and its total, the municipalities and ``all``, the teams and team
``all``). A line with exactly one hidden cell would give it away by subtraction, so the next
smallest cell of that line is hidden too, until no line has exactly one. Shares, ratios and
averages are hidden with any count they are computed from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """Cells (indices) that add up to a published ``total`` cell."""

    total: int
    parts: tuple[int, ...]


def primary(values: Sequence[float], protected: Sequence[bool], min_cell: int) -> list[bool]:
    return [bool(p and 0 < v < min_cell) for v, p in zip(values, protected, strict=True)]


def secondary(values: Sequence[float], hidden: list[bool], lines: Sequence[Line]) -> list[bool]:
    """Hide more cells until no line with a published total has exactly one hidden part.

    The extra cell is the smallest published non-zero part (a zero gives nothing away when hidden,
    as zero rows are left out); a line without one hides its total instead.
    """
    hidden = list(hidden)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if hidden[line.total]:
                continue
            if sum(hidden[i] for i in line.parts) != 1:
                continue
            candidates = [i for i in line.parts if not hidden[i] and values[i] > 0]
            pick = min(candidates, key=lambda i: (values[i], i)) if candidates else line.total
            hidden[pick] = True
            changed = True
    return hidden


def suppress(
    values: Sequence[float], protected: Sequence[bool], lines: Sequence[Line], min_cell: int
) -> list[bool]:
    """Which cells to hide: primary, then secondary suppression."""
    return secondary(values, primary(values, protected, min_cell), lines)
