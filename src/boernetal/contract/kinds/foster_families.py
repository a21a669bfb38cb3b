"""foster_families — plejefamilier: one row per foster family the foster care team (Familieplejen)
has approved, as its own list has it: when approved, what kind of family, and when it stopped.
No CPR numbers: a family is counted, not its members."""

from ..checks import EndNotBefore, NotInFuture
from ..columns import Category, Date, Id, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="foster_families",
    danish="plejefamilier",
    columns=(
        Id("family_id", required=True),
        Municipality("municipality", required=True),
        Category("family_type", required=True, category="foster_family_type"),
        Date("approved", required=True),
        Date("end"),
    ),
    key=("family_id",),
    period="approved",
    period_end="end",
    checks=(EndNotBefore("end", "approved"), NotInFuture("approved")),
)
