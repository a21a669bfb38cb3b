"""group_activities — gruppeforløb: one row per group the health visitors or the family services
hold (a mothers' group, the young mothers' group, the premature café …): when it began, how many
times it met and how many took part. No CPR numbers: a group is counted, not its members."""

from ..checks import NotInFuture
from ..columns import Category, Date, Id, Integer, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="group_activities",
    danish="grupper",
    columns=(
        Id("group_id", required=True),
        Municipality("municipality", required=True),
        Category("group_type", required=True, category="group_type"),
        Date("start", required=True),
        Integer("sessions", minimum=1, maximum=400),
        Integer("participants", required=True, minimum=0, maximum=1000),
    ),
    key=("group_id",),
    period="start",
    checks=(NotInFuture("start"),),
)
