"""school_health_exams — sundhedsundersøgelser i skolen: one row per pupil examined by the school
health service (the health visitor or the school doctor), as Databasen for Børns Sundhed defines
the variables: height, weight and BMI class at school start (indskoling) and school leaving
(udskoling), the motor screening at school start, and the school-leaving talk's questions on
smoking, exercise, stress, headache and sleep. Counted by school year (2012/13 belongs to 2013)."""

from ..columns import Amount, Bool, Category, Cpr, Id, Integer, Municipality, SchoolYear
from ..kind import RecordKind

KIND = RecordKind(
    name="school_health_exams",
    danish="sundhedsundersøgelser",
    columns=(
        Id("exam_id", required=True),
        Cpr("cpr", required=True),
        Municipality("municipality", required=True),
        SchoolYear("year", required=True),
        # klassetrin: 0 is børnehaveklassen
        Integer("grade", required=True, minimum=0, maximum=10),
        Category("examination", required=True, category="examination"),
        Amount("height_cm", minimum=40, maximum=230),
        Amount("weight_kg", minimum=8, maximum=250),
        # iso-BMI class for the child's age and sex, as the health visitor judged it
        Category("bmi_class", category="bmi_class"),
        # motor screening at school start: skill areas not age-appropriate (0: all are)
        Integer("motor_areas_below", minimum=0, maximum=20),
        # the school-leaving talk; empty: not asked or not answered
        Bool("smokes_daily", default=None),
        Category("exercise", category="exercise"),
        Category("too_much_to_do", category="frequency"),
        Category("headache", category="frequency"),
        Bool("sleeps_too_little", default=None),
    ),
    key=("exam_id",),
    period="year",
    years_back=5,
)
