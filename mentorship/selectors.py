"""Read queries and the arithmetic of mentorship: who may see what, a mentor's readiness, a
match's health, a programme's dashboard. Pages and the alert scan use these, so a rule is
written once."""

import math
from bisect import bisect_right
from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import api as courses
from lms.accounts import api as accounts

from .data import Health, PipelineCounts, Readiness, Rules, StepState
from .models import (
    OPEN_MATCH_STATUSES,
    CheckIn,
    Concern,
    Match,
    Mentee,
    MenteeAccess,
    Mentor,
    MentoringProgramme,
    ScreeningCheck,
    Session,
    Step,
)

COORDINATOR = "programme_coordinator"
MONTH_DAYS = 30
TRAINING = "training"


# --- Who may see what --------------------------------------------------------------------


def coordinated_programme_ids(*, user) -> set[int]:
    """The programmes the person coordinates: those run by an organisation where they are a
    programme coordinator; an administrator, all."""
    if not user.is_authenticated:
        return set()
    programmes = MentoringProgramme.objects.all()
    if not user.is_superuser:
        organisations = accounts.organisation_ids_with_role(user.pk, COORDINATOR)
        if not organisations:
            return set()
        programmes = programmes.filter(organisation_id__in=organisations)
    return set(programmes.values_list("pk", flat=True))


def is_coordinator(*, user, programme: MentoringProgramme) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or accounts.user_has_role(
        user.pk, COORDINATOR, organisation_id=programme.organisation_id
    )


def is_matched_mentor(*, user, match: Match) -> bool:
    """The match's mentor, while the match is active (a former mentor loses access)."""
    return (
        user.is_authenticated
        and match.status == Match.Status.ACTIVE
        and match.mentor.user_id == user.pk
    )


def may_view_match(*, user, match: Match) -> bool:
    return is_matched_mentor(user=user, match=match) or is_coordinator(
        user=user, programme=match.programme
    )


def may_view_mentee(*, user, mentee: Mentee) -> bool:
    """The programme's coordinators, and the mentor of the mentee's active match."""
    if not user.is_authenticated:
        return False
    if Match.objects.filter(
        mentee=mentee, status=Match.Status.ACTIVE, mentor__user_id=user.pk
    ).exists():
        return True
    return is_coordinator(user=user, programme=mentee.programme)


# --- Lists -------------------------------------------------------------------------------


def open_programmes() -> QuerySet[MentoringProgramme]:
    return MentoringProgramme.objects.filter(is_open=True).select_related("organisation")


def mentor_records_of(*, user) -> QuerySet[Mentor]:
    """The person's applications to mentoring programmes."""
    return Mentor.objects.filter(user_id=user.pk).select_related("programme__organisation")


def active_match_of(*, mentor: Mentor) -> Match | None:
    return Match.objects.filter(mentor=mentor, status=Match.Status.ACTIVE).first()


def mentors_of(*, programme: MentoringProgramme, status: str | None = None) -> QuerySet[Mentor]:
    qs = Mentor.objects.filter(programme=programme).select_related("user")
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        checks_count=Count("checks"),
        open_match=Exists(
            Match.objects.filter(mentor=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
        ),
    ).order_by("-applied_at", "-pk")


def mentees_of(*, programme: MentoringProgramme, active: bool | None = True) -> QuerySet[Mentee]:
    qs = Mentee.objects.filter(programme=programme).select_related("institution")
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.annotate(
        open_match=Exists(
            Match.objects.filter(mentee=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
        )
    ).order_by("-created_at", "-pk")


def matches_of(*, programme: MentoringProgramme, status: str | None = None) -> QuerySet[Match]:
    qs = Match.objects.filter(programme=programme).select_related(
        "mentor__user", "mentee__institution"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-proposed_at", "-pk")


def sessions_of_match(*, match: Match) -> QuerySet[Session]:
    return Session.objects.filter(match=match).order_by("-date", "-pk")


def sessions_of_mentor(*, user) -> QuerySet[Session]:
    """Every session the person logged, in every match, newest first."""
    return (
        Session.objects.filter(logged_by_id=user.pk)
        .select_related("match__programme")
        .annotate(concerns_count=Count("concerns"))
        .order_by("-date", "-pk")
    )


def concerns_of(*, programme: MentoringProgramme, status: str | None = None):
    qs = Concern.objects.filter(match__programme=programme).select_related(
        "match__mentor__user", "raised_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-raised_at", "-pk")


def audit_log(*, programme: MentoringProgramme) -> QuerySet[MenteeAccess]:
    return (
        MenteeAccess.objects.filter(mentee__programme=programme)
        .select_related("mentee", "user")
        .order_by("-at", "-pk")
    )


# --- Readiness of a mentor ---------------------------------------------------------------


def _latest(step: str, field: str) -> Subquery:
    return Subquery(
        ScreeningCheck.objects.filter(mentor=OuterRef("pk"), step=step)
        .order_by("-done_on", "-pk")
        .values(field)[:1]
    )


def with_latest_checks(qs: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Mentors with the latest record of each screening step (outcome, date, expiry)."""
    annotations = {}
    for step in Step.values:
        annotations[f"{step}_outcome"] = _latest(step, "outcome")
        annotations[f"{step}_done_on"] = _latest(step, "done_on")
        annotations[f"{step}_expires_on"] = _latest(step, "expires_on")
    return qs.annotate(**annotations)


def readiness(
    *,
    programme: MentoringProgramme,
    latest: dict[str, tuple[str | None, Date | None, Date | None]],
    training_done_on: Date | None,
    today: Date,
    training_title: str = "",
) -> Readiness:
    """Where a mentor stands against the programme's requirements on ``today``: each
    required step's latest record (outcome, date, expiry) must have passed and not expired,
    and the training course must be completed (the programme's admin form makes sure the
    course is at least the programme's minimum training long)."""
    warn = today + timedelta(days=programme.expiry_warning_days)
    steps = []
    for step in programme.required_steps:
        outcome, done_on, expires_on = latest.get(step, (None, None, None))
        passed = outcome == ScreeningCheck.Outcome.PASSED
        steps.append(
            StepState(
                step=step,
                label=str(Step(step).label),
                done=passed,
                done_on=done_on,
                expires_on=expires_on,
                failed=outcome == ScreeningCheck.Outcome.FAILED,
                expired=passed and expires_on is not None and expires_on < today,
                expiring=passed and expires_on is not None and today <= expires_on <= warn,
            )
        )
    if programme.training_course_id:
        steps.append(
            StepState(
                step=TRAINING,
                label=_("Training: %(course)s") % {"course": training_title}
                if training_title
                else _("Training course"),
                done=training_done_on is not None,
                done_on=training_done_on,
                expires_on=None,
            )
        )
    return Readiness(steps=tuple(steps))


def latest_of(mentor: Mentor) -> dict[str, tuple]:
    """The latest record of each screening step (outcome, date, expiry) of a mentor annotated
    by :func:`with_latest_checks`, as :func:`readiness` takes it."""
    return {
        step: (
            getattr(mentor, f"{step}_outcome"),
            getattr(mentor, f"{step}_done_on"),
            getattr(mentor, f"{step}_expires_on"),
        )
        for step in Step.values
    }


def training_dates(course_id: int | None, user_ids) -> dict[int, Date]:
    """The local day each of these people completed the training course (one query); those
    who have not are left out."""
    if not course_id:
        return {}
    return {
        user_id: timezone.localdate(completed)
        for user_id, completed in courses.completion_dates(course_id, user_ids).items()
    }


def training_title(programme: MentoringProgramme) -> str:
    if not programme.training_course_id:
        return ""
    course = courses.get_course(programme.training_course_id)
    return course.title if course else ""


def mentor_readiness(*, mentor: Mentor, today: Date) -> Readiness:
    """One mentor's readiness, read afresh (the checks and the course completion)."""
    annotated = with_latest_checks(Mentor.objects.filter(pk=mentor.pk)).get()
    return readiness_many(programme=mentor.programme, mentors=[annotated], today=today)[mentor.pk]


def readiness_many(
    *, programme: MentoringProgramme, mentors: list[Mentor], today: Date
) -> dict[int, Readiness]:
    """Readiness of mentors annotated by :func:`with_latest_checks` (one more query for the
    training course's completions)."""
    trained = training_dates(programme.training_course_id, [mentor.user_id for mentor in mentors])
    title = training_title(programme) if mentors else ""
    return {
        mentor.pk: readiness(
            programme=programme,
            latest=latest_of(mentor),
            training_done_on=trained.get(mentor.user_id),
            today=today,
            training_title=title,
        )
        for mentor in mentors
    }


def stage_of(
    *, status: str, open_match: bool, readiness: Readiness | None, has_checks: bool = False
) -> str:
    """Where a mentor stands: ``declined`` or ``withdrawn``; ``matched`` (an open match);
    ``ready`` (every requirement met); ``screening`` (something recorded or done);
    ``applied`` (nothing yet)."""
    if status != Mentor.Status.ACTIVE:
        return status
    if open_match:
        return "matched"
    if readiness is not None and readiness.ready:
        return "ready"
    if has_checks or (readiness is not None and any(step.done for step in readiness.steps)):
        return "screening"
    return "applied"


def pipeline(*, programme: MentoringProgramme, today: Date) -> PipelineCounts:
    """Where the programme's mentors stand: applied (nothing recorded yet), in screening,
    ready to be matched, matched (an open match), declined, withdrawn."""
    by_status = dict(
        Mentor.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    active = list(
        with_latest_checks(
            Mentor.objects.filter(programme=programme, status=Mentor.Status.ACTIVE).annotate(
                checks_count=Count("checks"),
                open_match=Exists(
                    Match.objects.filter(mentor=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
                ),
            )
        ).only("pk", "user_id", "programme_id", "status")
    )
    states = readiness_many(
        programme=programme, mentors=[m for m in active if not m.open_match], today=today
    )
    counts = {"applied": 0, "screening": 0, "ready": 0, "matched": 0}
    for mentor in active:
        stage = stage_of(
            status=mentor.status,
            open_match=mentor.open_match,
            readiness=states.get(mentor.pk),
            has_checks=bool(mentor.checks_count),
        )
        counts[stage] += 1
    return PipelineCounts(
        **counts,
        declined=by_status.get(Mentor.Status.DECLINED, 0),
        withdrawn=by_status.get(Mentor.Status.WITHDRAWN, 0),
    )


def ready_mentors(*, programme: MentoringProgramme, today: Date) -> list[Mentor]:
    """Mentors who may be matched now: in the programme, every step done and valid, trained,
    and without an open match."""
    candidates = list(
        with_latest_checks(
            Mentor.objects.filter(programme=programme, status=Mentor.Status.ACTIVE)
            .exclude(
                Exists(Match.objects.filter(mentor=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES))
            )
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
    )
    states = readiness_many(programme=programme, mentors=candidates, today=today)
    return [mentor for mentor in candidates if states[mentor.pk].ready]


def expiring_checks(*, programme: MentoringProgramme, today: Date) -> QuerySet[ScreeningCheck]:
    """Passed screening documents of mentors in the programme that expire within the
    warning period or have expired, when no newer record of the step replaced them."""
    newer = ScreeningCheck.objects.filter(mentor=OuterRef("mentor"), step=OuterRef("step")).filter(
        Q(done_on__gt=OuterRef("done_on")) | Q(done_on=OuterRef("done_on"), pk__gt=OuterRef("pk"))
    )
    return (
        ScreeningCheck.objects.filter(
            mentor__programme=programme,
            mentor__status=Mentor.Status.ACTIVE,
            outcome=ScreeningCheck.Outcome.PASSED,
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=programme.expiry_warning_days),
        )
        .exclude(Exists(newer))
        .select_related("mentor__user")
        .order_by("expires_on", "pk")
    )


# --- Health of a match -------------------------------------------------------------------


def checkin_due(
    *, started_on: Date, count: int, last: Date | None, first_month: int, interval_days: int
) -> Date:
    """When the next check-in with one side is due: in the first month ``first_month`` of
    them spread evenly (with 2: by day 15 and by day 30), then ``interval_days`` after the
    latest one.

    A check-in is never due on or before the latest one: a first-month date that passed
    before a late check-in is skipped, so a coordinator whose first check-in comes after the
    first month is next due ``interval_days`` later, not overdue at once."""
    for number in range(count + 1, first_month + 1):
        slot = started_on + timedelta(days=math.ceil(MONTH_DAYS * number / first_month))
        if last is None or slot > last:
            return slot
    return max(last or started_on, started_on) + timedelta(days=interval_days)


def expected_meetings(*, per_month: int, days_running: int, window: int) -> int:
    """Meetings a window of ``window`` days should hold, for only the days the match ran."""
    return per_month * min(max(days_running, 0), window) // MONTH_DAYS


def health(
    *,
    rules: Rules,
    today: Date,
    started_on: Date,
    meetings_30: int,
    meetings_90: int,
    last_session: Date | None,
    mentor_checkins: int,
    last_mentor_checkin: Date | None,
    child_checkins: int,
    last_child_checkin: Date | None,
) -> Health:
    days_running = (today - started_on).days
    last_contact = max(last_session, started_on) if last_session else started_on
    days_without = max((today - last_contact).days, 0)
    due = {
        side: checkin_due(
            started_on=started_on,
            count=count,
            last=last,
            first_month=rules.checkins_first_month,
            interval_days=rules.checkin_interval_days,
        )
        for side, count, last in (
            ("mentor", mentor_checkins, last_mentor_checkin),
            ("child", child_checkins, last_child_checkin),
        )
    }
    return Health(
        today=today,
        started_on=started_on,
        days_running=days_running,
        meetings_30=meetings_30,
        expected_30=expected_meetings(
            per_month=rules.meetings_per_month, days_running=days_running, window=MONTH_DAYS
        ),
        meetings_90=meetings_90,
        expected_90=expected_meetings(
            per_month=rules.meetings_per_month, days_running=days_running, window=90
        ),
        last_contact=last_contact,
        days_without_contact=days_without,
        no_contact=days_without > rules.alert_after_days,
        too_few=days_running >= MONTH_DAYS and meetings_30 < rules.meetings_per_month,
        mentor_checkin_due=due["mentor"],
        child_checkin_due=due["child"],
    )


def few_meetings_since(
    *, started_on: Date, meeting_dates: list[Date], today: Date, per_month: int
) -> Date:
    """The first day of the run of days up to ``today`` on which a match had too few meetings
    (fewer than ``per_month`` in the 30 days up to the day, once it had run a month, as in
    :func:`health`). The alert of the lapse is named by it, so meetings logged during the
    lapse that do not end it raise no new alert."""
    dates = sorted(meeting_dates)
    window = timedelta(days=MONTH_DAYS)
    first = started_on + window

    def too_few(day: Date) -> bool:
        return bisect_right(dates, day) - bisect_right(dates, day - window) < per_month

    day = today
    while day > first and too_few(day - timedelta(days=1)):
        day -= timedelta(days=1)
    return day


def meeting_dates(*, match_ids, today: Date) -> dict[int, list[Date]]:
    """The dates of the sessions of these matches up to ``today`` (one query)."""
    dates: dict[int, list[Date]] = defaultdict(list)
    for match_id, day in Session.objects.filter(
        match_id__in=list(match_ids), date__lte=today
    ).values_list("match_id", "date"):
        dates[match_id].append(day)
    return dates


def rules_of(programme: MentoringProgramme) -> Rules:
    return Rules(
        meetings_per_month=programme.meetings_per_month,
        checkins_first_month=programme.checkins_first_month,
        checkin_interval_days=programme.checkin_interval_days,
        alert_after_days=programme.alert_after_days,
    )


def _count(model, *, since: Date | None = None, today: Date, **filters) -> Coalesce:
    qs = model.objects.filter(match=OuterRef("pk"), date__lte=today, **filters)
    if since is not None:
        qs = qs.filter(date__gt=since)
    return Coalesce(
        Subquery(
            qs.order_by().values("match").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _last(model, *, today: Date, **filters) -> Subquery:
    return Subquery(
        model.objects.filter(match=OuterRef("pk"), date__lte=today, **filters)
        .order_by()
        .values("match")
        .annotate(last=Max("date"))
        .values("last")[:1]
    )


def with_health_figures(qs: QuerySet[Match], *, today: Date) -> QuerySet[Match]:
    """Matches annotated with what :func:`health` needs (subqueries, one query in all)."""
    mentor, child = CheckIn.With.MENTOR, CheckIn.With.CHILD_SIDE
    return qs.annotate(
        meetings_30=_count(Session, since=today - timedelta(days=30), today=today),
        meetings_90=_count(Session, since=today - timedelta(days=90), today=today),
        last_session=_last(Session, today=today),
        mentor_checkins=_count(CheckIn, today=today, with_whom=mentor),
        last_mentor_checkin=_last(CheckIn, today=today, with_whom=mentor),
        child_checkins=_count(CheckIn, today=today, with_whom=child),
        last_child_checkin=_last(CheckIn, today=today, with_whom=child),
        open_concerns=Count("concerns", filter=Q(concerns__status=Concern.Status.OPEN)),
    )


def health_of(match: Match, *, today: Date, rules: Rules | None = None) -> Health:
    """The health of a match annotated by :func:`with_health_figures`."""
    return health(
        rules=rules or rules_of(match.programme),
        today=today,
        started_on=match.started_on,
        meetings_30=match.meetings_30,
        meetings_90=match.meetings_90,
        last_session=match.last_session,
        mentor_checkins=match.mentor_checkins,
        last_mentor_checkin=match.last_mentor_checkin,
        child_checkins=match.child_checkins,
        last_child_checkin=match.last_child_checkin,
    )


class DaysBefore(Func):
    """Whole days from a date (a column or a subquery's date) to ``day``: ``day - date``,
    ``NULL`` when the date is. PostgreSQL subtracts the dates; SQLite their Julian days."""

    output_field = IntegerField()

    def __init__(self, expression, *, day: Date) -> None:
        super().__init__(Value(day), expression)

    def _parts(self, compiler) -> tuple[str, str, list]:
        day, column = self.get_source_expressions()
        day_sql, day_params = compiler.compile(day)
        column_sql, column_params = compiler.compile(column)
        return day_sql, column_sql, [*day_params, *column_params]

    def as_sql(self, compiler, connection, **extra_context):  # SQLite
        day, column, params = self._parts(compiler)
        return f"CAST(julianday({day}) - julianday({column}) AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        day, column, params = self._parts(compiler)
        return f"(CAST({day} AS date) - {column})", params


def _checkin_overdue(*, running: str, count: str, days_since: str) -> Case:
    """:func:`checkin_due` for one side, and "overdue" (``today > due``), as integer
    arithmetic on whole days: ``running`` days since the start, ``count`` check-ins,
    ``days_since`` the latest (``NULL``: none). While a first-month check-in is still to come
    (fewer than ``first_month`` so far, the latest before day 30 of the match) the next is the
    first slot after the latest, number ``k = max(count + 1, ⌊latest_day · first_month / 30⌋
    + 1)``, due on day ``⌈30 · k / first_month⌉``: overdue once
    ``(running - 1) · first_month ≥ 30 · k``. Otherwise it is due ``checkin_interval_days``
    after the latest (or the start, whichever is later)."""
    per_month = F("programme__checkins_first_month")
    latest_day = F(running) - F(days_since)  # the latest check-in's day of the match
    number = Greatest(F(count) + 1, Coalesce(latest_day * per_month / MONTH_DAYS + 1, 0))
    first_month = Q(**{f"{count}__lt": per_month}) & (
        Q(**{f"{days_since}__isnull": True}) | Q(**{f"{days_since}__gt": F(running) - MONTH_DAYS})
    )
    return Case(
        When(
            first_month,
            then=_flag(Q(GreaterThanOrEqual((F(running) - 1) * per_month, number * MONTH_DAYS))),
        ),
        default=_flag(
            Q(
                GreaterThan(
                    Least(Coalesce(F(days_since), F(running)), F(running)),
                    F("programme__checkin_interval_days"),
                )
            )
        ),
        output_field=BooleanField(),
    )


def with_risk(qs: QuerySet[Match], *, today: Date) -> QuerySet[Match]:
    """Matches annotated with ``at_risk`` and its parts (``health_no_contact``,
    ``health_too_few``, ``health_mentor_overdue``, ``health_child_overdue``): what
    :func:`health` says on ``today``, worked out in the database so that reports count it in a
    ``GROUP BY``. The same rule as :func:`health` and :func:`checkin_due`, written as
    whole-day arithmetic (change them together: a test compares the two on random matches).
    Meaningful for active matches only."""
    mentor, child = CheckIn.With.MENTOR, CheckIn.With.CHILD_SIDE
    qs = qs.annotate(
        health_running=DaysBefore(F("started_on"), day=today),
        health_meetings_30=_count(Session, since=today - timedelta(days=30), today=today),
        health_since_session=DaysBefore(_last(Session, today=today), day=today),
        health_mentor_checkins=_count(CheckIn, today=today, with_whom=mentor),
        health_since_mentor=DaysBefore(_last(CheckIn, today=today, with_whom=mentor), day=today),
        health_child_checkins=_count(CheckIn, today=today, with_whom=child),
        health_since_child=DaysBefore(_last(CheckIn, today=today, with_whom=child), day=today),
    )
    running = F("health_running")
    days_without_contact = Least(Coalesce(F("health_since_session"), running), running)
    return qs.annotate(
        health_no_contact=_flag(
            Q(GreaterThan(days_without_contact, F("programme__alert_after_days")))
        ),
        health_too_few=_flag(
            Q(health_running__gte=MONTH_DAYS)
            & Q(health_meetings_30__lt=F("programme__meetings_per_month"))
        ),
        health_mentor_overdue=_checkin_overdue(
            running="health_running",
            count="health_mentor_checkins",
            days_since="health_since_mentor",
        ),
        health_child_overdue=_checkin_overdue(
            running="health_running", count="health_child_checkins", days_since="health_since_child"
        ),
    ).annotate(
        at_risk=_flag(
            Q(health_no_contact=True)
            | Q(health_too_few=True)
            | Q(health_mentor_overdue=True)
            | Q(health_child_overdue=True)
        )
    )


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def active_matches_with_health(
    *, programme: MentoringProgramme, today: Date
) -> list[tuple[Match, Health]]:
    """Every active match of the programme with its health (one query)."""
    rules = rules_of(programme)
    matches = with_health_figures(
        Match.objects.filter(programme=programme, status=Match.Status.ACTIVE)
        .select_related("mentor__user", "mentee__institution")
        .order_by("started_on", "pk"),
        today=today,
    )
    return [(match, health_of(match, today=today, rules=rules)) for match in matches]


def match_health(*, match: Match, today: Date) -> Health | None:
    """One match's health (``None`` unless it is active)."""
    if match.status != Match.Status.ACTIVE:
        return None
    annotated = with_health_figures(Match.objects.filter(pk=match.pk), today=today).get()
    return health_of(annotated, today=today, rules=rules_of(match.programme))
