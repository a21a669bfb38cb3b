"""national_figures — landstal: a figure Statistics Denmark publishes for every municipality and
the whole country (notifications, children in preventive measures, placed children), as
`boernetal hent dst` fetches it: the Statbank table, the place, the year, what the figure is
(``statistic``), the table's other values it was asked with (``dimensions``, e.g. "ALERAMS=9917"), the
figure and its unit. What a municipality puts its own figure next to its peers' and the country's
with. No CPR numbers: published figures."""

from ..columns import Amount, Category, Integer, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="national_figures",
    danish="landstal",
    columns=(
        Text("source_table", required=True, max_length=20),
        Municipality("municipality", required=True, restricted=False, country=True),
        Integer("year", required=True, minimum=1900, maximum=2100),
        Category("statistic", required=True, category="statistic"),
        Text("dimensions", max_length=200),
        Amount("figure", required=True, minimum=0),
        Text("unit", max_length=20),
    ),
    key=("source_table", "municipality", "year", "statistic", "dimensions"),
    period="year",
)
