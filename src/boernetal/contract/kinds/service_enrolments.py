"""service_enrolments — forløb i familiens tilbud: one row per family's (or child's) course in
one of the family services' offers (Aflastning, Familieværkstedet, Tolmiea, Hjemmeteam …), as the
services' own lists have them. Open anonymous counselling names no child: it has no CPR number."""

from ..checks import ChildAtEvent, EndNotBefore, NotInFuture
from ..columns import Category, Cpr, Date, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="service_enrolments",
    danish="forløb",
    columns=(
        Id("enrolment_id", required=True),
        # the family, as the service's list names it: several children of one family are one
        # family; empty: the course is a family of its own
        Text("family_id"),
        Cpr("cpr"),
        Municipality("municipality", required=True),
        Category("service", required=True, category="service"),
        Date("start", required=True),
        Date("end"),
    ),
    key=("enrolment_id",),
    period="start",
    period_end="end",
    checks=(EndNotBefore("end", "start"), NotInFuture("start"), ChildAtEvent("start")),
)
