"""placements — anbringelser: one row per placement period (a move to another place is a new row)."""

from ..checks import ChildAtEvent, EndNotBefore, NoOverlappingPeriods
from ..columns import Amount, Bool, Category, Cpr, Date, Id, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="placements",
    danish="anbringelser",
    columns=(
        Id("placement_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        Date("start", required=True),
        Date("end"),
        Category("placement_type", required=True, category="placement_type"),
        # false = without consent (tvangsanbringelse)
        Bool("consent", required=True, default=None),
        Amount("annual_cost"),
    ),
    key=("placement_id",),
    period="start",
    period_end="end",
    checks=(EndNotBefore("end", "start"), NoOverlappingPeriods("placement_id"), ChildAtEvent("start")),
)
