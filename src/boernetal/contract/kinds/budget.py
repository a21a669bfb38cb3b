"""budget — budget og regnskab: one row per account line.

A row whose account ends with "i alt" or equals its group is a subtotal: kept (``is_subtotal``) so
that a disagreement with the sum of its lines can be reported, but never counted as a line.
"""

from ..columns import Amount, Category, Derived, Integer, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="budget",
    danish="budget og regnskab",
    columns=(
        Municipality("municipality", required=True),
        Integer("year", required=True, minimum=1900, maximum=2100),
        Category("area", required=True, category="budget_area"),
        Text("account", required=True),
        Text("group"),
        Amount("budget", required=True),
        Amount("actual", required=True),
        Derived(
            "is_subtotal",
            sql_type="BOOLEAN",
            expression='coalesce(lower("account") LIKE \'%i alt\' OR "account" = "group", false)',
        ),
    ),
    key=("municipality", "year", "area", "group", "account"),
    period="year",
    ordered=True,
)
