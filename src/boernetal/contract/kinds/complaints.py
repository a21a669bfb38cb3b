"""complaints — afgørelser i klagesager: decisions received about the centre's decisions."""

from ..columns import Bool, Category, Date, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="complaints",
    danish="klageafgørelser",
    columns=(
        Id("decision_id", required=True),
        Date("decided", required=True),
        Category("instance", required=True, category="instance"),
        Category("outcome", required=True, category="outcome"),
        # Ankestyrelsen's own-initiative decisions (egen drift)
        Bool("own_initiative", default=False),
        Text("subject"),
        Municipality("municipality"),
    ),
    key=("decision_id",),
    period="decided",
)
