"""measures — forebyggende foranstaltninger and efterværn (aftercare)."""

from ..checks import ChildAtEvent, EndNotBefore
from ..columns import Amount, Category, Cpr, Date, Id, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="measures",
    danish="foranstaltninger",
    columns=(
        Id("measure_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        Date("start", required=True),
        Date("end"),
        Category("measure_type", required=True, category="measure_type"),
        Amount("annual_cost"),
    ),
    key=("measure_id",),
    period="start",
    period_end="end",
    checks=(EndNotBefore("end", "start"), ChildAtEvent("start")),
)
