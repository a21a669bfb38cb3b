"""expenditure — net operating expenditure per area (REGK31, function 5.28), for peer comparison:
any municipality's, and the whole country's (000), for the country's spending per child."""

from ..columns import Amount, Category, Integer, Municipality
from ..kind import RecordKind

KIND = RecordKind(
    name="expenditure",
    danish="udgifter",
    columns=(
        Municipality("municipality", required=True, restricted=False, country=True),
        Integer("year", required=True, minimum=1900, maximum=2100),
        Category("area", required=True, category="expenditure_area"),
        Amount("amount", required=True),
    ),
    key=("municipality", "year", "area"),
    period="year",
)
