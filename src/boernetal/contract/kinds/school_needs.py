"""school_needs — behovsbørn: one row per problem area (behovsproblematik) of a pupil the school
health service saw for a particular need in a school year, beyond the routine examinations, with
the contacts it gave. A child with two problem areas has two rows."""

from ..columns import Category, Cpr, Id, Integer, Municipality, SchoolYear
from ..kind import RecordKind

KIND = RecordKind(
    name="school_needs",
    danish="behovsbørn",
    columns=(
        Id("need_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        SchoolYear("year", required=True),
        Category("need_area", required=True, category="need_area"),
        # how the need was found: at an examination, the open door, a teacher's or parent's concern
        Category("found_by", category="found_by"),
        Integer("contacts", required=True, minimum=0, maximum=500),
    ),
    key=("need_id",),
    period="year",
)
