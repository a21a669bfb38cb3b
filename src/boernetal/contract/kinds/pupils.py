"""pupils — elevtal: the municipality's pupils per school year (optionally per grade), as the
schools' count; what shares of pupils (behovsbørn) are taken of. No CPR numbers."""

from ..columns import Integer, Municipality, SchoolYear
from ..kind import RecordKind

KIND = RecordKind(
    name="pupils",
    danish="elevtal",
    columns=(
        Municipality("municipality", required=True),
        SchoolYear("year", required=True),
        # klassetrin; empty: all grades together
        Integer("grade", minimum=0, maximum=10),
        Integer("pupils", required=True, minimum=0, maximum=1_000_000),
    ),
    key=("municipality", "year", "grade"),
    period="year",
)
