"""cases — sager: counted on every month-end date on which they are open."""

from ..checks import ChildAtEvent, EndNotBefore
from ..columns import Cpr, Date, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="cases",
    danish="sager",
    columns=(
        Id("case_id", required=True),
        Cpr("cpr"),
        Municipality("municipality", required=True),
        Text("team", required=True),
        Id("adviser_id"),
        Date("opened", required=True),
        Date("closed"),
    ),
    key=("case_id",),
    period="opened",
    period_end="closed",
    checks=(EndNotBefore("closed", "opened"), ChildAtEvent("opened")),
)
