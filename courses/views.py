"""Thin views: read through selectors, change through services, explain refusals."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lms import extensions

from . import selectors, services
from .forms import CatalogFilterForm, EnrolmentUploadForm
from .models import Cohort, CoursePage, LessonPage
from .packages import views as package_views
from .quiz import score_quiz
from .trainers import selectors as trainer_selectors

CATALOG_PAGE_SIZE = 12


def catalog_context(request) -> dict:
    form = CatalogFilterForm(request.GET or None)
    filters = form.cleaned_filters()
    courses = selectors.catalog_courses(**filters)
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "filter_form": form,
        "courses_page": Paginator(courses, CATALOG_PAGE_SIZE).get_page(request.GET.get("page")),
        "filters_active": any(filters.values()),
        "filter_query": params.urlencode(),
    }


def course_context(request, course: CoursePage) -> dict:
    enrolment = selectors.enrolment_for(user=request.user, course=course)
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    cohorts = list(selectors.open_cohorts().filter(course=course))
    return {
        "enrolment": enrolment,
        "outline": outline,
        "open_cohorts": cohorts,
        "prerequisites": list(course.prerequisites.live()),
        "status": (
            selectors.completion_status(enrolment=enrolment, outline=outline) if enrolment else None
        ),
        "webinars": (
            trainer_selectors.course_webinars(course_id=course.pk, user=request.user)
            if enrolment
            else []
        ),
    }


def lesson_serve(request, lesson: LessonPage, render_page):
    """Lessons are for enrolled learners (and for editors previewing them)."""
    course = selectors.course_of_lesson(lesson=lesson)
    enrolment = selectors.enrolment_for(user=request.user, course=course) if course else None
    if enrolment is None and not getattr(request, "is_preview", False):
        if not request.user.is_authenticated:
            messages.info(request, _("Sign in and enrol in the course to study its lessons."))
        else:
            messages.info(request, _("Enrol in the course to study its lessons."))
        return redirect(course.url if course else "/")
    request.course = course
    request.enrolment = enrolment
    return render_page(request)


def lesson_context(request, lesson: LessonPage) -> dict:
    course = getattr(request, "course", None) or selectors.course_of_lesson(lesson=lesson)
    enrolment = getattr(request, "enrolment", None)
    outline = selectors.course_outline(course=course, enrolment=enrolment)
    previous, following = outline.neighbours(lesson)
    attempts = selectors.latest_attempts(enrolment=enrolment, lesson=lesson) if enrolment else {}
    quizzes = lesson.quizzes()
    quiz_state = {}
    for quiz_id, quiz in quizzes.items():
        state = attempts.get(quiz_id, {"count": 0, "passed": False})
        latest = state.get("latest")
        result = score_quiz(quiz, latest.answers) if latest else None
        left = quiz["max_attempts"] - state["count"] if quiz["max_attempts"] else None
        quiz_state[quiz_id] = {
            **state,
            "result": result,
            "by_question": {q.question_id: q for q in result.questions} if result else {},
            "attempts_left": left,
            "can_try": bool(enrolment) and (left is None or left > 0),
        }
    return {
        "course": course,
        "enrolment": enrolment,
        "outline": outline,
        "done": lesson.pk in outline.done_ids,
        "previous_lesson": previous,
        "next_lesson": following,
        "quiz_state": quiz_state,
        "has_quiz": bool(quizzes),
        **package_views.lesson_package_context(
            request,
            lesson,
            enrolment,
            continue_url=(following or course).url,
            course_url=course.url,
            lesson_done=lesson.pk in outline.done_ids,
        ),
    }


@login_required
@require_POST
def enrol(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    cohort = None
    if request.POST.get("cohort"):
        cohort = Cohort.objects.filter(pk=request.POST["cohort"], course=course).first()
        if cohort is None:
            messages.error(request, _("This cohort belongs to another course."))
            return redirect(course.url)
    try:
        services.enrolment_create(user=request.user, course=course, cohort=cohort)
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(request, _("You are enrolled. Good luck with the course!"))
    outline = selectors.course_outline(course=course)
    return redirect(outline.lessons[0].url if outline.lessons else course.url)


@login_required
@require_POST
def lesson_done(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        enrolment = services.lesson_complete(user=request.user, lesson=lesson)
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    return _after_lesson(request, lesson, enrolment)


def _after_lesson(request, lesson: LessonPage, enrolment):
    if enrolment.completed_at:
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect(enrolment.course.url)
    outline = selectors.course_outline(course=enrolment.course, enrolment=enrolment)
    following = outline.next_lesson
    return redirect(following.url if following else enrolment.course.url)


@login_required
@require_POST
def quiz_submit(request, lesson_id: int, quiz_id: str):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    answers = {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    try:
        outcome = services.quiz_submit(
            user=request.user, lesson=lesson, quiz_id=quiz_id, answers=answers
        )
    except services.CourseError as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    score = outcome.result.score
    if outcome.attempt.enrolment.completed_at:
        messages.success(request, _("Quiz passed: %(score)s%%.") % {"score": score})
        messages.success(request, _("Congratulations! You have completed the course."))
        return redirect(outcome.attempt.enrolment.course.url)
    if outcome.result.passed:
        messages.success(request, _("Quiz passed: %(score)s%%.") % {"score": score})
    else:
        messages.warning(
            request,
            _("Not passed yet: %(score)s%%. Read the explanations and try again.")
            % {"score": score},
        )
    return redirect(f"{lesson.url}#quiz-{quiz_id}")


@login_required
def dashboard(request):
    enrolments = selectors.learner_enrolments(user=request.user)
    current = [e for e in enrolments if not e.completed_at]
    today = timezone.localdate()
    deadlines = sorted(
        (e for e in current if e.cohort and e.cohort.ends_on >= today),
        key=lambda e: e.cohort.ends_on,
    )
    return render(
        request,
        "courses/dashboard.html",
        {
            "current": current,
            "deadlines": deadlines,
            "finished": [e for e in enrolments if e.completed_at],
            "panels": extensions.collect("learner_dashboard", request),
            "webinars": trainer_selectors.upcoming_registrations(user=request.user)[:10],
            "trainer_profile": trainer_selectors.trainer_profile(user=request.user),
            "coordinates": bool(selectors.managed_region_ids(user=request.user))
            or request.user.is_superuser,
        },
    )


IMPORT_SESSION_KEY = "courses:import:{cohort}"


def _managed_cohort(request, cohort_id: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("course", "region"), pk=cohort_id)
    if not selectors.can_manage_cohort(user=request.user, cohort=cohort):
        raise PermissionDenied
    return cohort


@login_required
def cohorts(request):
    managed = selectors.managed_cohorts(user=request.user)
    page = Paginator(managed, 25).get_page(request.GET.get("page"))
    return render(request, "courses/cohorts.html", {"cohorts_page": page})


@login_required
def cohort_detail(request, cohort_id: int):
    """A cohort's roster, and enrolling a list of people from a CSV file with a preview."""
    cohort = _managed_cohort(request, cohort_id)
    key = IMPORT_SESSION_KEY.format(cohort=cohort.pk)
    preview = None
    form = EnrolmentUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        data = base64.b64decode(request.session.pop(key, "") or b"")
        try:
            created = services.enrolments_import(actor=request.user, cohort=cohort, data=data)
        except services.CourseError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext("%(count)s person enrolled.", "%(count)s people enrolled.", len(created))
                % {"count": len(created)},
            )
        return redirect("courses:cohort", cohort_id=cohort.pk)
    if request.method == "POST":
        form = EnrolmentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            preview = services.enrolments_preview(actor=request.user, cohort=cohort, data=data)
            if preview.ok:
                request.session[key] = base64.b64encode(data).decode()
            else:
                request.session.pop(key, None)
    roster = Paginator(selectors.cohort_roster(cohort=cohort), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/cohort.html",
        {
            "cohort": cohort,
            "roster": roster,
            "form": form,
            "preview": preview,
            "actions": extensions.collect("cohort_actions", request, cohort.pk),
        },
    )
