"""investigations — børnefaglige undersøgelser (§ 50 / Barnets Lov § 20)."""

from ..checks import ChildAtEvent, EndNotBefore, NotInFuture
from ..columns import Cpr, Date, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="investigations",
    danish="børnefaglige undersøgelser",
    columns=(
        Id("investigation_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        Date("decided", required=True),
        Date("completed"),
        Text("team"),
    ),
    key=("investigation_id",),
    period="decided",
    checks=(NotInFuture("decided"), EndNotBefore("completed", "decided"), ChildAtEvent("decided")),
)
