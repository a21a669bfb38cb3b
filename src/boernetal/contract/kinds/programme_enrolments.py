"""programme_enrolments — sundhedsprogrammer: one row per child offered a place in one of the
school health service's programmes (Tidlig opsporing, Tip Tab Tynde, FitTeen …): when it was
offered, the family's response, the course's start and end, whether the child's BMI went down, and
where the child was referred on. The programme is named as the service names it: programmes are
local, and each is reported on its own."""

from ..checks import ChildAtEvent, EndNotBefore, NotInFuture
from ..columns import Bool, Category, Cpr, Date, Derived, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="programme_enrolments",
    danish="programforløb",
    columns=(
        Id("enrolment_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        Text("programme", required=True, max_length=100),
        Date("offered", required=True),
        # empty: not answered yet
        Category("response", category="programme_response"),
        Date("start"),
        Date("end"),
        Bool("bmi_reduced", default=None),
        # where the child was referred on (henvist til), as the service names it
        Text("referred_to", max_length=100),
        # when the row stops counting: at its end, or the day it was offered if the family said no
        Derived(
            "closed",
            sql_type="DATE",
            expression="coalesce(\"end\", CASE WHEN response IN ('declined', 'absent') THEN offered END)",
        ),
    ),
    key=("enrolment_id",),
    period="offered",
    period_end="closed",
    checks=(
        EndNotBefore("start", "offered"),
        EndNotBefore("end", "start"),
        NotInFuture("offered"),
        ChildAtEvent("offered"),
    ),
)
