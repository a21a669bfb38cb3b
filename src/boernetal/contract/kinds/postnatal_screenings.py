"""postnatal_screenings — screening for efterfødselsreaktion: one row per parent screened at the
health visitor's two-month visit, with the instrument (EPDS, the Gotland scale) and the score.
Which scores count as a moderate or a severe reaction is the workspace's ([screening] in
boernetal.toml): municipalities use different cut-offs."""

from ..checks import NotInFuture, RowCheck
from ..columns import Category, Cpr, Date, Id, Integer, Municipality, Problem
from ..kind import RecordKind

#: the highest score of each instrument (EPDS: 10 items of 0–3; Gotland: 13 items of 0–3)
HIGHEST = {"epds": 30, "gotland": 39}

KIND = RecordKind(
    name="postnatal_screenings",
    danish="screeninger",
    columns=(
        Id("screening_id", required=True),
        # the child whose parent was screened
        Cpr("cpr"),
        Municipality("municipality", required=True),
        Date("screened", required=True),
        Category("parent", required=True, category="parent_role"),
        Category("instrument", required=True, category="instrument"),
        Integer("score", required=True, minimum=0, maximum=max(HIGHEST.values())),
    ),
    key=("screening_id",),
    period="screened",
    checks=(
        NotInFuture("screened"),
        RowCheck(
            "score",
            Problem(
                "out_of_range",
                " OR ".join(f"(instrument = '{i}' AND score > {top})" for i, top in HIGHEST.items()),
                detail="'højst "
                + " og højst ".join(f"{top} for {i.upper()}" for i, top in HIGHEST.items())
                + "'",
            ),
        ),
    ),
)
