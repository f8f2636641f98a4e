"""Pages of people who apply to mentor and of mentors: the "Mentoring" home, the application,
withdrawing, logging a session, raising a concern, their own session log, and the panel of
the learner's dashboard.

A mentor sees their match by its number only: the child's record is shown on the match page,
which opens it through ``services.mentee_open`` (the audit log). Nothing here reads a mentee.
"""

from datetime import date as Date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses import api as courses
from lms import extensions
from lms.hours import api as hours

from .. import selectors, services
from ..forms import show_error
from ..forms.mentoring import (
    CONCERN_ERROR_FIELDS,
    SESSION_ERROR_FIELDS,
    ApplyForm,
    ConcernForm,
    SessionForm,
)
from ..models import (
    ACTIVITIES,
    OPEN_MATCH_STATUSES,
    Match,
    Mentor,
    MentoringProgramme,
)

PAGE_SIZE = 25
PANEL_ROWS = 3


# --- Where a person's applications stand ---------------------------------------------------


def _stage(mentor: Mentor, match: Match | None, readiness) -> str:
    """Where the application stands; a match still being prepared is ``proposed``."""
    stage = selectors.stage_of(
        status=mentor.status, open_match=mentor.open_match, readiness=readiness
    )
    return "proposed" if stage == "matched" and match is None else stage


def _applications(user, today: Date, *, limit: int | None = None) -> list[dict]:
    """The person's applications with where each stands: the active match of a matched
    mentor; the screening steps (done, missing, expired) and the training course of the
    others still in the programme.

    One query for the applications with their latest screening records, one for the training
    courses, then one per training course (completion) and one per open match: a person
    applies to few programmes, and nothing here grows with sessions, checks or matches."""
    records = (
        selectors.with_latest_checks(selectors.mentor_records_of(user=user))
        .annotate(
            open_match=Exists(
                Match.objects.filter(mentor=OuterRef("pk"), status__in=OPEN_MATCH_STATUSES)
            )
        )
        .order_by("-applied_at", "-pk")
    )
    if limit is not None:
        records = records[:limit]
    records = list(records)
    active = [mentor for mentor in records if mentor.status == Mentor.Status.ACTIVE]
    matches = {
        mentor.pk: selectors.active_match_of(mentor=mentor)
        for mentor in active
        if mentor.open_match
    }
    screening = {mentor.pk for mentor in active if matches.get(mentor.pk) is None}
    course_ids = {
        mentor.programme.training_course_id
        for mentor in active
        if mentor.pk in screening and mentor.programme.training_course_id
    }
    course_data = courses.get_courses(course_ids) if course_ids else {}
    trained = {
        course_id: selectors.training_dates(course_id, [user.pk]).get(user.pk)
        for course_id in course_ids
    }
    rows = []
    for mentor in records:
        programme = mentor.programme
        course = course_data.get(programme.training_course_id)
        readiness = None
        if mentor.pk in screening:
            readiness = selectors.readiness(
                programme=programme,
                latest=selectors.latest_of(mentor),
                training_done_on=trained.get(programme.training_course_id),
                today=today,
                training_title=course.title if course else "",
            )
        match = matches.get(mentor.pk)
        rows.append(
            {
                "mentor": mentor,
                "programme": programme,
                "match": match,
                "readiness": readiness,
                "course": course,
                "stage": _stage(mentor, match, readiness),
                "can_withdraw": mentor.status == Mentor.Status.ACTIVE and not mentor.open_match,
            }
        )
    return rows


# --- The "Mentoring" home ------------------------------------------------------------------


@login_required
def index(request):
    """Programmes open for applications; the person's applications and where they stand;
    their match; the dashboards of the programmes they coordinate."""
    today = timezone.localdate()
    rows = _applications(request.user, today)
    applied = {
        row["programme"].pk: row["mentor"].status
        for row in rows
        if row["mentor"].status != Mentor.Status.WITHDRAWN
    }
    withdrawn = {
        row["programme"].pk for row in rows if row["mentor"].status == Mentor.Status.WITHDRAWN
    }
    coordinated_ids = selectors.coordinated_programme_ids(user=request.user)
    coordinated = (
        list(MentoringProgramme.objects.filter(pk__in=coordinated_ids).order_by("title", "pk"))
        if coordinated_ids
        else []
    )
    return render(
        request,
        "mentorship/index.html",
        {
            "rows": rows,
            "programmes": list(selectors.open_programmes().order_by("title", "pk")),
            "applied": applied,
            "withdrawn": withdrawn,
            "coordinated": coordinated,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, programme_id: int):
    """Apply to mentor in an open programme (again, after withdrawing)."""
    programme = get_object_or_404(selectors.open_programmes(), pk=programme_id)
    previous = selectors.mentor_records_of(user=request.user).filter(programme=programme).first()
    already = previous is not None and previous.status != Mentor.Status.WITHDRAWN
    initial = {}
    if previous is not None and not already:
        initial = {
            name: getattr(previous, name)
            for name in ("motivation", "experience", "availability", "city", "phone")
        }
    form = ApplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_apply(user=request.user, programme_id=programme.pk, **form.cleaned_data)
        except services.MentorshipError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your application to “%(programme)s” is received. A coordinator "
                    "will contact you about the interview and the other screening steps."
                )
                % {"programme": programme.title},
            )
            return redirect("mentorship:index")
    return render(
        request,
        "mentorship/apply.html",
        {"programme": programme, "form": form, "already": already, "previous": previous},
    )


@login_required
@require_POST
def withdraw(request, mentor_id: int):
    """The person withdraws their own application (not while in a match)."""
    try:
        services.mentor_withdraw(mentor_id=mentor_id, actor=request.user)
    except services.MentorshipError as error:
        if error.code in ("forbidden", "not_found"):
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application is withdrawn. You can apply again later."))
    return redirect("mentorship:index")


# --- A mentor's match: sessions and concerns ------------------------------------------------


def _own_active_match(request, match_id: int) -> Match:
    """The match, for its mentor while it is active; anyone else (a former mentor too) gets
    404."""
    match = get_object_or_404(Match.objects.select_related("programme", "mentor"), pk=match_id)
    if not selectors.is_matched_mentor(user=request.user, match=match):
        raise Http404
    return match


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, match_id: int):
    """The mentor logs a meeting, and may raise a concern with it."""
    match = _own_active_match(request, match_id)
    programme = match.programme
    today = timezone.localdate()
    form = SessionForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_log(
                match_id=match.pk,
                actor=request.user,
                date=data["date"],
                minutes=data["total_minutes"],
                mode=data["mode"],
                mood=data["mood"],
                activities=data["activities"],
                activities_other=data["activities_other"],
                note=data["note"],
                concern_category=data["concern_category"],
                concern_text=data["concern_text"],
                today=today,
            )
        except services.MentorshipError as error:
            if error.code in ("forbidden", "status", "not_found"):
                raise Http404 from None
            show_error(form, error, SESSION_ERROR_FIELDS)
        else:
            duration = hours.format_hours(session.minutes)
            if programme.session_hours == MentoringProgramme.SessionHours.CONFIRMED:
                text = _("The session is logged. Its %(hours)s h are counted in your hours.")
            else:
                text = _(
                    "The session is logged. Its %(hours)s h will count once a coordinator "
                    "confirms them."
                )
            messages.success(request, text % {"hours": duration})
            if data["concern_category"] or data["concern_text"].strip():
                messages.success(
                    request, _("Your concern has been sent to the programme's coordinators.")
                )
            return redirect("mentorship:match", match.pk)
    return render(
        request,
        "mentorship/session_form.html",
        {
            "match": match,
            "programme": programme,
            "form": form,
            "hours_confirmed": programme.session_hours == MentoringProgramme.SessionHours.CONFIRMED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_new(request, match_id: int):
    """The mentor raises a concern about the child: the coordinators are told at once, and
    the concern cannot be changed afterwards."""
    match = _own_active_match(request, match_id)
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(
                match_id=match.pk,
                actor=request.user,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
            )
        except services.MentorshipError as error:
            if error.code in ("forbidden", "status", "not_found"):
                raise Http404 from None
            show_error(form, error, CONCERN_ERROR_FIELDS)
        else:
            messages.success(
                request,
                _(
                    "Your concern has been sent to the programme's coordinators. They will "
                    "follow it up."
                ),
            )
            return redirect("mentorship:match", match.pk)
    return render(
        request,
        "mentorship/concern_form.html",
        {"match": match, "programme": match.programme, "form": form},
    )


@login_required
def my_sessions(request):
    """The sessions the person logged, in every match they had (their own log stays theirs
    after a match closes; the child's record does not)."""
    page = Paginator(selectors.sessions_of_mentor(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(ACTIVITIES)
    rows = [
        {
            "session": session,
            "activities": [str(labels.get(code, code)) for code in session.activities],
            "match_active": session.match.status == Match.Status.ACTIVE,
        }
        for session in page.object_list
    ]
    return render(request, "mentorship/my_sessions.html", {"rows": rows, "page_obj": page})


# --- What this app adds to other pages ----------------------------------------------------


def dashboard_panel(request) -> extensions.Panel | None:
    """The learner's dashboard: a mentor's match (with the last session and "Log a
    session"); an applicant's standing. Nothing for people who never applied."""
    if not request.user.is_authenticated:
        return None
    rows = _applications(request.user, timezone.localdate(), limit=PANEL_ROWS)
    if not rows:
        return None
    for row in rows:
        if row["match"] is not None:
            row["last_session"] = (
                selectors.sessions_of_match(match=row["match"])
                .values_list("date", flat=True)
                .first()
            )
    return extensions.Panel(
        template="mentorship/dashboard_panel.html", context={"rows": rows}, order=65
    )
