"""staff — rådgivere: periods of an adviser in a team, keyed by (adviser_id, start)."""

from ..checks import EndNotBefore
from ..columns import Amount, Date, Id, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="staff",
    danish="rådgivere",
    columns=(
        Id("adviser_id", required=True),
        Text("team", required=True),
        Date("start", required=True),
        Date("end"),
        Amount("fte", default=1.0, minimum=0, exclusive_minimum=True, maximum=1),
    ),
    key=("adviser_id", "start"),
    period="start",
    period_end="end",
    checks=(EndNotBefore("end", "start"),),
)
