"""notifications — underretninger: one row per notification received about a child."""

from ..checks import ChildAtEvent, EndNotBefore, NotInFuture, UnbornXorCpr
from ..columns import Bool, Category, Cpr, DateTime, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="notifications",
    danish="underretninger",
    columns=(
        Id("notification_id", required=True),
        Cpr("cpr"),
        # The mother's number is kept (as a pseudonym) only for an unborn child.
        Cpr("mother_cpr", stored_as="mother", derive=False, only_when="unborn"),
        Bool("unborn", default=False),
        Municipality("municipality", required=True),
        DateTime("received", required=True),
        Category("channel", required=True, category="channel"),
        Category("source", required=True, category="source"),
        Category("reason", category="reason", default="unknown"),
        Category("first_action", category="first_action"),
        DateTime("first_action_at"),
        Text("team"),
    ),
    key=("notification_id",),
    period="received",
    checks=(
        UnbornXorCpr(),
        NotInFuture("received"),
        EndNotBefore("first_action_at", "received"),
        ChildAtEvent("received"),
    ),
)
