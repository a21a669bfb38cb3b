"""pregnancy_referrals — henvisninger af gravide: one row per referral of a pregnant woman to the
health visitors (from the midwives, the hospital, the GP), and whether she has particular
difficulties (særligt sårbar gravid). No CPR numbers: a referral is counted, not the woman."""

from ..checks import NotInFuture
from ..columns import Bool, Date, Id, Municipality, Text
from ..kind import RecordKind

KIND = RecordKind(
    name="pregnancy_referrals",
    danish="henvisninger af gravide",
    columns=(
        Id("referral_id", required=True),
        Municipality("municipality", required=True),
        Date("referred", required=True),
        # who referred, as the journal names it (Hvidovre Hospital's midwives, the GP …)
        Text("referred_by", max_length=100),
        Bool("special_difficulties", required=True, default=None),
    ),
    key=("referral_id",),
    period="referred",
    checks=(NotInFuture("referred"),),
)
