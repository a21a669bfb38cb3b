"""health_visits — sundhedsplejebesøg: one row per visit of a health visitor to a child's family,
as the journal system exports it (the child's CPR number, the date, the kind of visit)."""

from ..checks import NotInFuture
from ..columns import Category, Cpr, Date, Id, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="health_visits",
    danish="sundhedsplejebesøg",
    columns=(
        Id("visit_id", required=True),
        # the child; empty for a visit before the birth (graviditetsbesøg), which then counts
        # among the visits, not among the children
        Cpr("cpr"),
        Date("visited", required=True),
        Municipality("municipality", required=True),
        Category("visit_type", required=True, category="visit_type"),
    ),
    key=("visit_id",),
    period="visited",
    checks=(NotInFuture("visited"),),
)
