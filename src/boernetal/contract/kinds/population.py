"""population — befolkning 1. januar (Statistics Denmark FOLK1A), for shares and per-1,000 rates;
any municipality's, and the whole country's (000), for comparisons."""

from ..checks import NoSexAndTotal
from ..columns import Category, Integer, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="population",
    danish="befolkning",
    columns=(
        Municipality("municipality", required=True, restricted=False, country=True),
        Integer("year", required=True, minimum=1900, maximum=2100),
        Integer("age", required=True, minimum=0, maximum=125),
        Category("sex", category="sex"),
        Integer("count", required=True, minimum=0),
    ),
    key=("municipality", "year", "age", "sex"),
    period="year",
    checks=(NoSexAndTotal(),),
)
