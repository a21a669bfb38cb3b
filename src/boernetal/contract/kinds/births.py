"""births — fødsler: one row per child born to a family the health visitors (sundhedsplejen) serve,
as their journal system exports it (the child's CPR number, the birth, the mother's age)."""

from ..checks import ChildAtEvent, NotInFuture
from ..columns import Bool, Cpr, Date, Integer, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="births",
    danish="fødsler",
    columns=(
        Cpr("cpr", required=True),
        Date("born", required=True),
        Municipality("municipality", required=True),
        # gestational age at birth in completed weeks (svangerskabsuge); 40 is term
        Integer("gestational_week", minimum=22, maximum=45),
        # the mother's age in whole years at the birth
        Integer("mother_age", minimum=12, maximum=60),
        # readmitted to hospital within 28 days of the birth (genindlagt inden for 28 dage)
        Bool("readmitted", default=False),
    ),
    key=("child",),
    period="born",
    checks=(NotInFuture("born"), ChildAtEvent("born", oldest=0)),
)
