"""Thin views of social credit: read through selectors, change through services, explain
refusals in the reader's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms import extensions
from lms.hours import api as hours
from lms.hours import services as hours_services
from lms.web import excel_csv_writer, spreadsheet_text

from . import selectors, services
from .forms import AcceptForm, ApplyForm, DeclineForm, FeedbackForm, ShiftForm, show_error
from .models import Participation, Placement, Programme, shift_prefix

PAGE_SIZE = 25


def _tiers_view(programme: Programme, confirmed_minutes: int) -> list[dict]:
    return [
        {"tier": tier, "reached": confirmed_minutes >= tier.hours * 60}
        for tier in sorted(programme.tiers.all(), key=lambda tier: tier.hours)
    ]


# --- Student ---------------------------------------------------------------------------


@login_required
def index(request):
    """ "Social credit": the student's programmes, placements and progress; open programmes
    to apply to; links for hosts, universities and coordinators."""
    today = timezone.localdate()
    participations = []
    for participation in selectors.participations_for(user=request.user):
        progress = selectors.progress(participation)
        participations.append(
            {
                "participation": participation,
                "progress": progress,
                "tiers": _tiers_view(participation.programme, progress.confirmed),
                "next_tier": next(
                    (
                        tier
                        for tier in sorted(
                            participation.programme.tiers.all(), key=lambda t: t.hours
                        )
                        if tier.hours * 60 > progress.confirmed
                    ),
                    None,
                ),
                "placements": list(selectors.placements_of(participation=participation)),
            }
        )
    joined = {row["participation"].programme_id for row in participations}
    return render(
        request,
        "socialcredit/index.html",
        {
            "participations": participations,
            "programmes": selectors.open_programmes(today=today),
            "joined": joined,
            "today": today,
            "panels": extensions.collect("social_credit_student", request),
            "links": extensions.collect("social_credit_links", request),
            "is_host_staff": selectors.host_organisation_ids(user=request.user).exists(),
            "is_university": bool(selectors.university_ids_of(user_id=request.user.pk)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    """Apply for a placement in an open programme (``?programme=<id>``)."""
    today = timezone.localdate()
    programme_id = request.POST.get("programme") or request.GET.get("programme") or ""
    if not programme_id.isascii() or not programme_id.isdigit():
        return redirect("socialcredit:index")
    programme = get_object_or_404(selectors.open_programmes(today=today), pk=int(programme_id))
    participation = Participation.objects.filter(user=request.user, programme=programme).first()
    initial = (
        {"university": participation.university_id, "student_id": participation.student_id}
        if participation
        else {}
    )
    form = ApplyForm(
        request.POST if request.method == "POST" else None, programme=programme, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_apply(
                user=request.user,
                programme=programme,
                university=form.cleaned_data["university"],
                student_id=form.cleaned_data["student_id"],
                host=form.cleaned_data["host"],
                motivation=form.cleaned_data["motivation"],
            )
        except services.SocialCreditError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("Your application has gone to %(host)s. You will get an e-mail when they answer.")
                % {"host": placement.host.name},
            )
            return redirect("socialcredit:placement", placement.pk)
    return render(request, "socialcredit/apply.html", {"programme": programme, "form": form})


# --- A placement: the student's and the host's page --------------------------------------


def _placement_or_404(request, placement_id: int) -> Placement:
    placement = get_object_or_404(
        Placement.objects.select_related(
            "participation__user",
            "participation__programme__organisation",
            "participation__university",
            "host",
            "supervisor",
            "feedback_by",
        ),
        pk=placement_id,
    )
    if not selectors.may_view_placement(user=request.user, placement=placement):
        raise Http404
    return placement


ACTIONS = ("shift", "accept", "decline", "withdraw", "finish", "feedback", "confirm", "reject")


@login_required
@require_http_methods(["GET", "POST"])
def placement(request, placement_id: int):
    placement = _placement_or_404(request, placement_id)
    participation = placement.participation
    is_student = request.user.pk == participation.user_id
    is_staff = not is_student and selectors.is_host_staff(
        user=request.user, host_id=placement.host_id
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "shift": ShiftForm(prefix="shift"),
        "accept": AcceptForm(prefix="accept", placement=placement, actor=request.user),
        "decline": DeclineForm(prefix="decline"),
        "feedback": FeedbackForm(prefix="feedback", initial={"feedback": placement.feedback}),
    }
    if action:
        if action not in ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("socialcredit:placement", placement.pk)
        response = _act(request, placement, action, forms)
        if response is not None:
            return response
    progress = selectors.progress(participation)
    shifts = hours.entries_by_ref(
        user_id=participation.user_id,
        source=selectors.PRACTICE,
        source_ref_prefix=shift_prefix(participation.pk, placement.pk),
    )
    shifts_page = Paginator(shifts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "socialcredit/placement.html",
        {
            "placement": placement,
            "participation": participation,
            "programme": participation.programme,
            "is_student": is_student,
            "is_staff": is_staff,
            "progress": progress,
            "tiers": _tiers_view(participation.programme, progress.confirmed),
            "shifts_page": shifts_page,
            "forms": forms,
            "today": timezone.localdate(),
        },
    )


def _act(request, placement: Placement, action: str, forms: dict):
    """Run one action of the placement page; a response on success, ``None`` to show the
    page again with the form's errors."""
    user = request.user
    done = redirect("socialcredit:placement", placement.pk)
    try:
        if action == "shift":
            form = forms["shift"] = ShiftForm(request.POST, request.FILES, prefix="shift")
            if not form.is_valid():
                return None
            entry = services.shift_log(
                placement_id=placement.pk,
                actor=user,
                date=form.cleaned_data["date"],
                minutes=form.cleaned_data["total_minutes"],
                description=form.cleaned_data["description"],
                evidence=form.cleaned_data.get("evidence") or None,
            )
            messages.success(
                request,
                _("%(hours)s h logged. They count once your supervisor confirms them.")
                % {"hours": hours.format_hours(entry.minutes)},
            )
        elif action == "accept":
            form = forms["accept"] = AcceptForm(
                request.POST, prefix="accept", placement=placement, actor=user
            )
            if not form.is_valid():
                return None
            services.placement_accept(
                placement_id=placement.pk,
                actor=user,
                supervisor=form.cleaned_data["supervisor"],
                starts_on=form.cleaned_data["starts_on"],
            )
            messages.success(request, _("The student is accepted and told by e-mail."))
        elif action == "decline":
            form = forms["decline"] = DeclineForm(request.POST, prefix="decline")
            if not form.is_valid():
                return None
            services.placement_decline(
                placement_id=placement.pk, actor=user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The application is declined; the student is told why."))
        elif action == "feedback":
            form = forms["feedback"] = FeedbackForm(request.POST, prefix="feedback")
            if not form.is_valid():
                return None
            services.placement_feedback(
                placement_id=placement.pk, actor=user, feedback=form.cleaned_data["feedback"]
            )
            messages.success(
                request, _("Feedback saved. The student sees it in their volunteer book.")
            )
        elif action == "withdraw":
            services.placement_withdraw(placement_id=placement.pk, actor=user)
            messages.success(request, _("Your application is withdrawn."))
        elif action == "finish":
            services.placement_finish(placement_id=placement.pk, actor=user)
            messages.success(request, _("The placement is finished."))
        elif action in ("confirm", "reject"):
            return _decide(request, placement, action)
    except services.SocialCreditError as error:
        if error.code in ("forbidden", "own"):
            raise PermissionDenied(error.message) from None
        form = forms.get(action)
        if form is None or not form.is_bound:
            messages.error(request, error.message)
            return done
        show_error(form, error)
        return None
    return done


def _decide(request, placement: Placement, action: str):
    """The supervisor confirms or rejects a shift of this placement (the ledger's rules hold:
    only at their organisation, never their own, within the cap)."""
    done = redirect("socialcredit:placement", placement.pk)
    entry_id = request.POST.get("entry", "")
    if not entry_id.isascii() or not entry_id.isdigit():
        messages.error(request, _("Choose the shift."))
        return done
    entry = hours.get_entry(int(entry_id))
    prefix = shift_prefix(placement.participation_id, placement.pk)
    if entry is None or not entry.source_ref.startswith(prefix):
        raise Http404
    try:
        if action == "confirm":
            hours_services.hours_confirm(entry_id=entry.id, actor=request.user)
            messages.success(
                request, _("Confirmed: %(hours)s h.") % {"hours": hours.format_hours(entry.minutes)}
            )
        else:
            hours_services.hours_reject(
                entry_id=entry.id, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("Rejected: %(hours)s h.") % {"hours": hours.format_hours(entry.minutes)}
            )
    except hours.HoursError as error:
        if error.code in ("forbidden", "own"):
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    return done


# --- Host organisations ------------------------------------------------------------------


@login_required
def host(request):
    """Applications and placements at the organisations where the person accepts students."""
    if not (
        request.user.is_superuser or selectors.host_organisation_ids(user=request.user).exists()
    ):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in Placement.Status.values:
        status = ""
    placements = selectors.host_placements(user=request.user, status=status or None)
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    counted = hours.minutes_by_status_many(
        source=selectors.PRACTICE,
        refs=[(p.participation.user_id, p.shift_prefix) for p in page.object_list],
    )
    rows = [
        {"placement": p, "minutes": counted[(p.participation.user_id, p.shift_prefix)]}
        for p in page.object_list
    ]
    return render(
        request,
        "socialcredit/host.html",
        {
            "rows": rows,
            "placements_page": page,
            "status": status,
            "statuses": Placement.Status.choices,
            "status_query": f"status={status}" if status else "",
        },
    )


# --- Universities ------------------------------------------------------------------------


def _university_rows(request):
    university_ids = selectors.university_ids_of(user_id=request.user.pk)
    if not university_ids:
        raise PermissionDenied
    programme_id = request.GET.get("programme", "")
    programme_id = int(programme_id) if programme_id.isascii() and programme_id.isdigit() else None
    return (
        university_ids,
        programme_id,
        selectors.university_participations(
            university_ids=university_ids, programme_id=programme_id
        ),
    )


def _with_minutes(participations) -> list[dict]:
    """Rows of a page of participations with their minutes (one query for the page)."""
    participations = list(participations)
    counted = hours.minutes_by_status_many(
        source=selectors.PRACTICE,
        refs=[(p.user_id, shift_prefix(p.pk)) for p in participations],
    )
    return [
        {"participation": p, "minutes": counted[(p.user_id, shift_prefix(p.pk))]}
        for p in participations
    ]


@login_required
def university(request):
    """A university's officer sees its students in social credit, and only those."""
    university_ids, programme_id, participations = _university_rows(request)
    page = Paginator(participations, PAGE_SIZE).get_page(request.GET.get("page"))
    programmes = Programme.objects.filter(
        Exists(
            Participation.objects.filter(programme=OuterRef("pk"), university_id__in=university_ids)
        )
    ).order_by("-starts_on")
    return render(
        request,
        "socialcredit/university.html",
        {
            "rows": _with_minutes(page.object_list),
            "page_obj": page,
            "programmes": programmes,
            "programme_id": programme_id,
            "programme_query": f"programme={programme_id}" if programme_id else "",
        },
    )


@login_required
def university_csv(request):
    _universities, _programme, participations = _university_rows(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="social-credit-students.csv"'
    writer = excel_csv_writer(response)
    writer.writerow(
        [
            _("Student"),
            _("E-mail"),
            _("Student ID"),
            _("University"),
            _("Programme"),
            _("Confirmed, h"),
            _("Waiting, h"),
        ]
    )
    paginator = Paginator(participations, 500)
    for number in paginator.page_range:
        for row in _with_minutes(paginator.page(number).object_list):
            participation = row["participation"]
            writer.writerow(
                [
                    spreadsheet_text(participation.user.full_name),
                    spreadsheet_text(participation.user.email),
                    spreadsheet_text(participation.student_id),
                    spreadsheet_text(participation.university.name),
                    spreadsheet_text(participation.programme.title),
                    hours.format_hours(row["minutes"]["confirmed"]),
                    hours.format_hours(row["minutes"]["submitted"]),
                ]
            )
    return response


# --- What this app adds to other pages ----------------------------------------------------


def dashboard_panel(request) -> extensions.Panel | None:
    """The learner's dashboard: progress in each social-credit programme."""
    if not request.user.is_authenticated:
        return None
    rows = [
        {"participation": participation, "progress": selectors.progress(participation)}
        for participation in selectors.participations_for(user=request.user)[:3]
    ]
    if not rows:
        return None
    return extensions.Panel(
        template="socialcredit/dashboard_panel.html", context={"rows": rows}, order=60
    )


def book_sections(user_id: int, year: int | None = None) -> list[extensions.BookSection]:
    """The volunteer book: the supervisors' feedback on the person's placements."""
    placements = (
        Placement.objects.filter(participation__user_id=user_id)
        .exclude(feedback="")
        .select_related("host", "feedback_by", "participation__programme")
        .order_by("feedback_at", "pk")
    )
    if year:
        placements = placements.filter(feedback_at__year=year)
    return [
        extensions.BookSection(
            title=_("Feedback from %(host)s") % {"host": placement.host.name},
            subtitle=", ".join(
                part
                for part in (
                    placement.feedback_by.full_name if placement.feedback_by else "",
                    placement.participation.programme.title,
                )
                if part
            ),
            text=placement.feedback,
            order=50,
        )
        for placement in placements
    ]
