"""Pages of the trainer network: directory, trainer dashboard and profile, webinars,
attendance, calendars, and the coordinator's view of their region's trainers."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.images import get_image_model

from .. import selectors as course_selectors
from ..services import CourseError
from . import calendar, selectors, services
from .attendance_import import RosterPerson, parse_attendance, share_present
from .forms import (
    AttendanceUploadForm,
    CohortOpenForm,
    DirectoryFilterForm,
    ReasonForm,
    TrainerProfileForm,
    WebinarEditForm,
    WebinarForm,
)
from .models import CalendarFeed, TrainerProfile, Webinar, new_feed_token

# --- Public directory ------------------------------------------------------------------


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    page = Paginator(selectors.directory(**form.cleaned_filters()), 24).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "courses/trainers/directory.html",
        {"form": form, "page": page, "extra_query": query.urlencode()},
    )


def trainer_detail(request, profile_id: int):
    profile = get_object_or_404(selectors.directory().select_related("user"), pk=profile_id)
    open_webinars = Webinar.objects.filter(
        trainer_id=profile.user_id,
        cohort__isnull=True,
        status=Webinar.Status.SCHEDULED,
        starts_at__gte=timezone.now(),
    ).select_related("course")[:10]
    return render(
        request,
        "courses/trainers/trainer.html",
        {"profile": profile, "webinars": open_webinars},
    )


# --- The trainer's own pages -------------------------------------------------------------


def _profile_or_403(request) -> TrainerProfile:
    profile = selectors.trainer_profile(user=request.user)
    if profile is None:
        raise PermissionDenied
    return profile


@login_required
def trainer_dashboard(request):
    profile = _profile_or_403(request)
    trained = selectors.trained_by_region_and_month(trainer_ids=[request.user.pk])
    return render(
        request,
        "courses/trainers/dashboard.html",
        {
            "profile": profile,
            "upcoming": selectors.upcoming_for_trainer(user=request.user)[:20],
            "past": selectors.past_for_trainer(user=request.user)[:10],
            "cohorts": course_selectors.managed_cohorts(user=request.user).filter(
                trainers=request.user
            )[:20],
            "trained": trained,
            "trained_total": selectors.people_trained(trainer_ids=[request.user.pk]).get(
                request.user.pk, 0
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def trainer_profile_edit(request):
    profile = _profile_or_403(request)
    initial = {
        "languages": profile.language_codes,
        "topics": profile.topics.all(),
        "bio": profile.bio,
    }
    form = TrainerProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile.bio = form.cleaned_data["bio"].strip()
            profile.languages = ",".join(form.cleaned_data["languages"])
            photo = form.cleaned_data.get("photo")
            if photo:
                image = get_image_model()(title=str(profile), file=photo)
                image.save()
                profile.photo = image
            profile.save()
            profile.topics.set(form.cleaned_data["topics"])
        messages.success(request, _("Your trainer profile is saved."))
        return redirect("courses:trainer_dashboard")
    return render(request, "courses/trainers/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_open(request):
    profile = _profile_or_403(request)
    form = CohortOpenForm(request.POST or None, regions=profile.regions.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_open(
                trainer=request.user,
                course=data["course"],
                region_id=data["region"].pk,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                capacity=data["capacity"],
            )
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The cohort is open for enrolment."))
            return redirect("courses:cohort", cohort_id=cohort.pk)
    return render(request, "courses/trainers/cohort_form.html", {"form": form})


# --- Webinars ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def webinar_new(request):
    _profile_or_403(request)
    form = WebinarForm(request.POST or None, trainer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            webinar = services.webinar_schedule(
                trainer=request.user,
                course=data["course"],
                cohort=data["cohort"],
                title=data["title"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                meeting_url=data["meeting_url"],
                description=data["description"],
                capacity=data["capacity"],
            )
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The webinar is scheduled."))
            return redirect("courses:webinar", webinar_id=webinar.pk)
    return render(request, "courses/trainers/webinar_form.html", {"form": form, "webinar": None})


def _webinar(webinar_id: int) -> Webinar:
    return get_object_or_404(
        Webinar.objects.select_related("course", "cohort", "trainer"), pk=webinar_id
    )


def webinar_detail(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    if not selectors.may_view(webinar=webinar, user=request.user):
        raise Http404
    registered = selectors.is_registered(webinar=webinar, user=request.user)
    is_trainer = request.user.is_authenticated and webinar.trainer_id == request.user.pk
    return render(
        request,
        "courses/trainers/webinar.html",
        {
            "webinar": webinar,
            "registered": registered,
            "is_trainer": is_trainer,
            "may_register": selectors.may_register(webinar=webinar, user=request.user),
            "join_open": selectors.join_open(webinar=webinar),
            "show_join": (registered or is_trainer) and selectors.join_open(webinar=webinar),
            "participant": registered
            or is_trainer
            or selectors.on_roster(webinar=webinar, user=request.user),
            "over": webinar.ends_at <= timezone.now(),
            "registered_count": webinar.registrations.count(),
            "zone": timezone.get_current_timezone_name(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def webinar_edit(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    if webinar.trainer_id != request.user.pk:
        raise PermissionDenied
    form = WebinarEditForm(request.POST or None, instance=Webinar.objects.get(pk=webinar.pk))
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        try:
            services.webinar_update(webinar=webinar, actor=request.user, **changes)
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The webinar is saved."))
            return redirect("courses:webinar", webinar_id=webinar.pk)
    return render(request, "courses/trainers/webinar_form.html", {"form": form, "webinar": webinar})


@login_required
@require_POST
def webinar_cancel(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    if webinar.trainer_id != request.user.pk:
        raise PermissionDenied
    try:
        services.webinar_cancel(webinar=webinar, actor=request.user)
        messages.success(request, _("The webinar is cancelled; registered people are told."))
    except CourseError as error:
        messages.error(request, error.message)
    return redirect("courses:webinar", webinar_id=webinar.pk)


@login_required
@require_POST
def webinar_register(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    try:
        services.webinar_register(webinar=webinar, user=request.user)
        messages.success(request, _("You are registered. Add the webinar to your calendar."))
    except CourseError as error:
        messages.error(request, error.message)
    return redirect("courses:webinar", webinar_id=webinar.pk)


@login_required
@require_POST
def webinar_unregister(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    services.webinar_unregister(webinar=webinar, user=request.user)
    messages.info(request, _("Your registration is cancelled."))
    return redirect("courses:webinar", webinar_id=webinar.pk)


def webinar_ics(request, webinar_id: int):
    webinar = _webinar(webinar_id)
    if not selectors.may_view(webinar=webinar, user=request.user):
        raise Http404
    body = calendar.calendar_bytes([webinar], name=webinar.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="webinar-{webinar.pk}.ics"'
    return response


# --- Attendance --------------------------------------------------------------------------

IMPORT_SESSION_KEY = "courses:attendance:{webinar}"


def _own_webinar(request, webinar_id: int) -> Webinar:
    webinar = _webinar(webinar_id)
    if webinar.trainer_id != request.user.pk:
        raise PermissionDenied
    return webinar


def _minutes(value: str, limit: int) -> int | None:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return None
    return max(0, min(minutes, limit)) or None


@login_required
@require_http_methods(["GET", "POST"])
def webinar_attendance(request, webinar_id: int):
    """The roster: tick who was present (and how long), or upload the meeting's report."""
    webinar = _own_webinar(request, webinar_id)
    session_key = IMPORT_SESSION_KEY.format(webinar=webinar.pk)
    upload_form = AttendanceUploadForm()
    preview = None
    action = request.POST.get("action")
    if request.method == "POST" and action == "mark":
        marks = {}
        for row in selectors.roster(webinar=webinar):
            uid = row["user"].pk
            present = request.POST.get(f"present-{uid}") == "on"
            marks[uid] = (
                _minutes(request.POST.get(f"minutes-{uid}", ""), webinar.duration_minutes)
                or webinar.duration_minutes
                if present
                else None
            )
        try:
            count = services.attendance_mark(webinar=webinar, actor=request.user, marks=marks)
            messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
            return redirect("courses:webinar_attendance", webinar_id=webinar.pk)
        except CourseError as error:
            messages.error(request, error.message)
    elif request.method == "POST" and action == "upload":
        upload_form = AttendanceUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            preview = _preview(webinar, upload_form.cleaned_data["file"].read())
            request.session[session_key] = preview["stored"]
    elif request.method == "POST" and action == "confirm":
        stored = request.session.get(session_key)
        if not stored:
            messages.error(request, _("Upload the report again: the preview has expired."))
            return redirect("courses:webinar_attendance", webinar_id=webinar.pk)
        people = []
        for person in stored["people"]:
            choice = request.POST.get(f"match-{person['key']}", "")
            if not choice.isdigit():
                continue
            people.append(
                {
                    "user_id": int(choice),
                    "minutes": person["minutes"],
                    "joined_at": _parse_dt(person["joined_at"]),
                    "left_at": _parse_dt(person["left_at"]),
                }
            )
        try:
            count = services.attendance_import(
                webinar=webinar, actor=request.user, people=people, source=stored["source"]
            )
        except CourseError as error:
            messages.error(request, error.message)
        else:
            request.session.pop(session_key, None)
            messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
            return redirect("courses:webinar_attendance", webinar_id=webinar.pk)
    return render(
        request,
        "courses/trainers/attendance.html",
        {
            "webinar": webinar,
            "roster": selectors.roster(webinar=webinar),
            "upload_form": upload_form,
            "preview": preview,
            "started": webinar.starts_at <= timezone.now(),
            "share": webinar.course.attendance_share,
        },
    )


def _parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _preview(webinar: Webinar, data: bytes) -> dict:
    """Parse the report against the roster; what the trainer confirms is kept in the session
    (JSON-safe), the rest is shown."""
    roster_rows = selectors.roster(webinar=webinar)
    roster = [RosterPerson(r["user"].pk, r["user"].full_name, r["user"].email) for r in roster_rows]
    names = {person.id: person.full_name for person in roster}
    parsed = parse_attendance(data, roster=roster, time_zone=timezone.get_current_timezone_name())
    people = []
    for person in parsed.people:
        share = round(100 * share_present(person.minutes, webinar.duration_minutes))
        people.append(
            {
                "key": person.key,
                "name": person.name,
                "email": person.email,
                "minutes": person.minutes,
                "share": share,
                "joined_at": person.joined_at.isoformat() if person.joined_at else None,
                "left_at": person.left_at.isoformat() if person.left_at else None,
                "person_id": person.person_id,
                "match": person.match,
                "certain": person.certain,
                "candidates": [
                    {"id": pid, "name": names.get(pid, ""), "score": round(score * 100)}
                    for pid, score in person.candidates
                ],
                "lines": person.lines,
            }
        )
    return {
        "error": parsed.error,
        "rows": [row for row in parsed.rows if row.error],
        "people": people,
        "roster": roster,
        "stored": {"source": parsed.source, "people": people} if parsed.ok else None,
    }


# --- Calendars ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        CalendarFeed.objects.filter(pk=feed.pk).update(token=new_feed_token())
        messages.success(request, _("A new address is made; the old one no longer works."))
        return redirect("courses:calendar")
    url = request.build_absolute_uri(reverse("courses:calendar_feed", args=[feed.token]))
    return render(
        request,
        "courses/trainers/calendar.html",
        {"feed_url": url, "registrations": selectors.upcoming_registrations(user=request.user)},
    )


def calendar_feed(request, token: str):
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None:
        raise Http404
    body = calendar.calendar_bytes(
        selectors.webinars_for_user(user=feed.user), name=_("Vektor webinars")
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Coordinators --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def region_trainers(request):
    if not (request.user.is_superuser or course_selectors.managed_region_ids(user=request.user)):
        raise PermissionDenied
    if request.method == "POST":
        profile = get_object_or_404(TrainerProfile, pk=request.POST.get("profile"))
        try:
            if request.POST.get("action") == "suspend":
                form = ReasonForm(request.POST)
                reason = form.data.get("reason", "")
                services.trainer_suspend(profile=profile, actor=request.user, reason=reason)
                messages.success(request, _("The trainer is suspended."))
            else:
                services.trainer_reinstate(profile=profile, actor=request.user)
                messages.success(request, _("The trainer is reinstated."))
        except CourseError as error:
            messages.error(request, error.message)
        return redirect("courses:region_trainers")
    page = Paginator(selectors.region_trainers(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    ids = [profile.user_id for profile in page]
    counts = selectors.people_trained(trainer_ids=ids)
    names = {}
    for profile in page:
        profile.people_trained = counts.get(profile.user_id, 0)
        names[profile.user_id] = str(profile)
    trained = selectors.trained_by_region_and_month(trainer_ids=ids)
    for row in trained:
        row["trainer_name"] = names.get(row["webinar__trainer_id"], "")
    return render(
        request, "courses/trainers/region_trainers.html", {"page": page, "trained": trained}
    )
