"""Pages of a mentoring programme's coordinators (dashboard, mentor pipeline, mentees,
matches, concerns, the audit log) and the two pages coordinators share with the matched
mentor: the match and the mentee. Each shows what its reader may see; a mentee's record is
always opened through :func:`services.mentee_open`, which writes the audit log."""

from datetime import date as Date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..data import Health, Readiness
from ..forms import show_error
from ..forms.coordinator import (
    CancelForm,
    CheckInForm,
    CloseForm,
    ConcernCloseForm,
    DeclineForm,
    MatchForm,
    MenteeEditForm,
    MenteeForm,
    ScreeningForm,
    StartForm,
)
from ..models import (
    ACTIVITIES,
    Concern,
    Match,
    Mentee,
    Mentor,
    MentoringProgramme,
)

PAGE_SIZE = 25
AT_RISK_LIMIT = 50
EXPIRING_LIMIT = 50
LATEST_CONCERNS = 5

# Where a mentor stands in the pipeline (as the dashboard's counts say).
STAGES = [
    ("applied", gettext_lazy("Applied")),
    ("screening", gettext_lazy("In screening")),
    ("ready", gettext_lazy("Ready to be matched")),
    ("matched", gettext_lazy("Matched")),
    ("declined", gettext_lazy("Declined")),
    ("withdrawn", gettext_lazy("Withdrawn")),
]
STAGE_LABELS = dict(STAGES)

# The pages that open a mentee's record, as the audit log names them.
PLACES = {
    "mentee": gettext_lazy("Child's record"),
    "mentee_edit": gettext_lazy("Changing the child's record"),
    "mentee_create": gettext_lazy("Adding the child"),
    "match": gettext_lazy("Match page"),
    "session_new": gettext_lazy("Logging a session"),
    "concern_new": gettext_lazy("Raising a concern"),
}
ACTIVITY_LABELS = dict(ACTIVITIES)


def _today() -> Date:
    return timezone.localdate()


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _choice(request, name: str, values) -> str:
    value = request.GET.get(name, "")
    return value if value in values else ""


def _coordinated(request, programme_id: int) -> MentoringProgramme:
    """The programme, for its coordinators (and administrators) only: 403 for others."""
    programme = get_object_or_404(
        MentoringProgramme.objects.select_related("organisation"), pk=programme_id
    )
    if not selectors.is_coordinator(user=request.user, programme=programme):
        raise PermissionDenied
    return programme


def _stage(mentor: Mentor, state: Readiness | None) -> str:
    """The pipeline stage of a mentor annotated by ``mentors_of``."""
    return selectors.stage_of(
        status=mentor.status,
        open_match=mentor.open_match,
        readiness=state,
        has_checks=bool(mentor.checks_count),
    )


def _overdue_days(health: Health, due: Date) -> int:
    return max((health.today - due).days, 0)


def _risks(health: Health, *, checkins: bool = True) -> list[str]:
    """Why a match is at risk, in words (the coordinators' check-ins only if ``checkins``)."""
    reasons = []
    if health.no_contact:
        days = health.days_without_contact
        reasons.append(
            ngettext(
                "No meeting logged for %(days)s day",
                "No meeting logged for %(days)s days",
                days,
            )
            % {"days": days}
        )
    if health.too_few:
        reasons.append(
            _("%(count)s meetings in the last 30 days, %(expected)s expected")
            % {"count": health.meetings_30, "expected": health.expected_30}
        )
    if checkins and health.mentor_checkin_overdue:
        days = _overdue_days(health, health.mentor_checkin_due)
        reasons.append(
            ngettext(
                "Check-in with the mentor overdue by %(days)s day",
                "Check-in with the mentor overdue by %(days)s days",
                days,
            )
            % {"days": days}
        )
    if checkins and health.child_checkin_overdue:
        days = _overdue_days(health, health.child_checkin_due)
        reasons.append(
            ngettext(
                "Check-in with the child's side overdue by %(days)s day",
                "Check-in with the child's side overdue by %(days)s days",
                days,
            )
            % {"days": days}
        )
    return reasons


# --- Dashboard ---------------------------------------------------------------------------


@login_required
def dashboard(request, programme_id: int):
    """A programme at a glance: the mentor pipeline, active matches and those at risk, open
    concerns and screening documents about to expire."""
    programme = _coordinated(request, programme_id)
    today = _today()
    counts = selectors.pipeline(programme=programme, today=today)
    active = selectors.active_matches_with_health(programme=programme, today=today)
    at_risk = [
        {"match": match, "health": health, "reasons": _risks(health)}
        for match, health in active
        if health.at_risk
    ]
    open_concerns = selectors.concerns_of(programme=programme, status=Concern.Status.OPEN)
    expiring = list(
        selectors.expiring_checks(programme=programme, today=today)[: EXPIRING_LIMIT + 1]
    )
    return render(
        request,
        "mentorship/coordinator/dashboard.html",
        {
            "programme": programme,
            "pipeline": [
                {"stage": stage, "label": label, "count": getattr(counts, stage)}
                for stage, label in STAGES
            ],
            "active_count": len(active),
            "at_risk": at_risk[:AT_RISK_LIMIT],
            "at_risk_count": len(at_risk),
            "at_risk_more": len(at_risk) > AT_RISK_LIMIT,
            "open_concerns_count": open_concerns.count(),
            "latest_concerns": list(open_concerns[:LATEST_CONCERNS]),
            "expiring": [
                {"check": check, "expired": check.expires_on < today}
                for check in expiring[:EXPIRING_LIMIT]
            ],
            "expiring_more": len(expiring) > EXPIRING_LIMIT,
            "today": today,
        },
    )


# --- Mentors -----------------------------------------------------------------------------


@login_required
def mentors(request, programme_id: int):
    """The mentor pipeline, by stage."""
    programme = _coordinated(request, programme_id)
    today = _today()
    stage = _choice(request, "stage", STAGE_LABELS)
    found = selectors.with_latest_checks(selectors.mentors_of(programme=programme))
    states: dict[int, Readiness] = {}
    computed = stage in ("applied", "screening", "ready")
    if stage in (Mentor.Status.DECLINED, Mentor.Status.WITHDRAWN):
        found = found.filter(status=stage)
    elif stage == "matched":
        found = found.filter(status=Mentor.Status.ACTIVE, open_match=True)
    elif computed:
        # Applied, in screening and ready follow from the screening records and the
        # training course: worked out for every unmatched mentor, then paginated.
        candidates = list(found.filter(status=Mentor.Status.ACTIVE, open_match=False))
        states = selectors.readiness_many(programme=programme, mentors=candidates, today=today)
        found = [mentor for mentor in candidates if _stage(mentor, states[mentor.pk]) == stage]
    page = _page(request, found)
    if not computed:
        states = selectors.readiness_many(
            programme=programme, mentors=list(page.object_list), today=today
        )
    rows = []
    for mentor in page.object_list:
        state = states[mentor.pk]
        mentor_stage = _stage(mentor, state)
        rows.append(
            {
                "mentor": mentor,
                "stage": mentor_stage,
                "stage_label": STAGE_LABELS[mentor_stage],
                "missing": state.missing if mentor.status == Mentor.Status.ACTIVE else (),
                "expiring": [step for step in state.steps if step.expiring],
            }
        )
    return render(
        request,
        "mentorship/coordinator/mentors.html",
        {
            "programme": programme,
            "rows": rows,
            "page_obj": page,
            "stage": stage,
            "stages": STAGES,
            "stage_query": f"stage={stage}" if stage else "",
        },
    )


MENTOR_ACTIONS = ("screening", "decline")


@login_required
@require_http_methods(["GET", "POST"])
def mentor(request, programme_id: int, mentor_id: int):
    """A mentor's application and screening; record a step, or decline."""
    programme = _coordinated(request, programme_id)
    mentor = get_object_or_404(
        selectors.mentors_of(programme=programme).select_related("decided_by"), pk=mentor_id
    )
    mentor.programme = programme
    today = _today()
    forms = {
        "screening": ScreeningForm(prefix="screening", initial={"done_on": today}),
        "decline": DeclineForm(prefix="decline"),
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action:
        if action not in MENTOR_ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("mentorship:mentor", programme.pk, mentor.pk)
        response = _act_on_mentor(request, mentor, action, forms)
        if response is not None:
            return response
    readiness = selectors.mentor_readiness(mentor=mentor, today=today)
    stage = _stage(mentor, readiness)
    return render(
        request,
        "mentorship/coordinator/mentor.html",
        {
            "programme": programme,
            "mentor": mentor,
            "readiness": readiness,
            "stage": stage,
            "stage_label": STAGE_LABELS[stage],
            "checks": mentor.checks.select_related("recorded_by"),
            "matches": selectors.matches_of(programme=programme).filter(mentor=mentor),
            "forms": forms,
            "may_match": stage == "ready",
            "is_open": mentor.status == Mentor.Status.ACTIVE,
        },
    )


def _act_on_mentor(request, mentor: Mentor, action: str, forms: dict):
    done = redirect("mentorship:mentor", mentor.programme_id, mentor.pk)
    form = forms[action] = type(forms[action])(request.POST, prefix=action)
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "screening":
            check = services.screening_record(
                mentor_id=mentor.pk,
                actor=request.user,
                step=data["step"],
                outcome=data["outcome"],
                done_on=data["done_on"],
                expires_on=data["expires_on"],
                note=data["note"],
                today=_today(),
            )
            messages.success(
                request,
                _("Recorded: %(step)s — %(outcome)s.")
                % {"step": check.get_step_display(), "outcome": check.get_outcome_display()},
            )
        else:
            services.mentor_decline(mentor_id=mentor.pk, actor=request.user, reason=data["reason"])
            messages.success(request, _("The application is declined."))
    except services.MentorshipError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from None
        show_error(form, error)
        return None
    return done


# --- Mentees -----------------------------------------------------------------------------

MENTEE_FILTERS = {"": True, "left": False, "all": None}


@login_required
def mentees(request, programme_id: int):
    programme = _coordinated(request, programme_id)
    show = _choice(request, "show", MENTEE_FILTERS)
    page = _page(request, selectors.mentees_of(programme=programme, active=MENTEE_FILTERS[show]))
    return render(
        request,
        "mentorship/coordinator/mentees.html",
        {
            "programme": programme,
            "page_obj": page,
            "show": show,
            "show_query": f"show={show}" if show else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentee_new(request, programme_id: int):
    programme = _coordinated(request, programme_id)
    form = MenteeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mentee = services.mentee_create(
                programme_id=programme.pk,
                actor=request.user,
                age_band=form.cleaned_data["age_band"],
                institution_id=form.cleaned_data["institution"].pk,
                interests=form.cleaned_data["interests"],
                coordinator_notes=form.cleaned_data["coordinator_notes"],
            )
        except services.MentorshipError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.message) from None
            show_error(form, error)
        else:
            messages.success(request, _("The child is added to the programme."))
            return redirect("mentorship:mentee", mentee.pk)
    return render(
        request,
        "mentorship/coordinator/mentee_form.html",
        {"programme": programme, "form": form, "mentee": None},
    )


def _mentee_or_404(request, mentee_id: int, place: str):
    try:
        return services.mentee_open(mentee_id=mentee_id, viewer=request.user, place=place)
    except services.MentorshipError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def mentee_edit(request, mentee_id: int):
    """A coordinator changes a child's record (opening it to do so is audited; so is the
    change). The child's mentor may see the record but not change it."""
    target = get_object_or_404(Mentee.objects.select_related("programme"), pk=mentee_id)
    if not selectors.is_coordinator(user=request.user, programme=target.programme):
        if selectors.may_view_mentee(user=request.user, mentee=target):
            raise PermissionDenied
        raise Http404
    if request.method == "POST":
        form = MenteeEditForm(request.POST)
        if form.is_valid():
            try:
                services.mentee_update(
                    mentee_id=target.pk,
                    actor=request.user,
                    age_band=form.cleaned_data["age_band"],
                    institution_id=form.cleaned_data["institution"].pk,
                    interests=form.cleaned_data["interests"],
                    coordinator_notes=form.cleaned_data["coordinator_notes"],
                    is_active=form.cleaned_data["is_active"],
                )
            except services.MentorshipError as error:
                if error.code == "forbidden":
                    raise PermissionDenied(error.message) from None
                show_error(form, error, {"matched": "is_active"})
            else:
                messages.success(request, _("The child's record is saved."))
                return redirect("mentorship:mentee", target.pk)
    # The form shows the record: it is opened (and audited) like any view of it.
    mentee = _mentee_or_404(request, mentee_id, "mentee_edit")
    programme = mentee.programme
    if request.method != "POST":
        form = MenteeEditForm(
            initial={
                "age_band": mentee.age_band,
                "institution": mentee.institution_id,
                "interests": mentee.interests,
                "coordinator_notes": mentee.coordinator_notes,
                "is_active": mentee.is_active,
            }
        )
    return render(
        request,
        "mentorship/coordinator/mentee_form.html",
        {"programme": programme, "form": form, "mentee": mentee},
    )


@login_required
def mentee(request, mentee_id: int):
    """A child's record: for the programme's coordinators (with their notes and the child's
    matches) and for the mentor of the child's active match. Every view is audited."""
    mentee = _mentee_or_404(request, mentee_id, "mentee")
    is_coordinator = selectors.is_coordinator(user=request.user, programme=mentee.programme)
    matches = (
        selectors.matches_of(programme=mentee.programme).filter(mentee=mentee)
        if is_coordinator
        else selectors.matches_of(programme=mentee.programme).filter(
            mentee=mentee, status=Match.Status.ACTIVE, mentor__user_id=request.user.pk
        )
    )
    return render(
        request,
        "mentorship/mentee.html",
        {
            "mentee": mentee,
            "programme": mentee.programme,
            "is_coordinator": is_coordinator,
            "matches": matches,
        },
    )


# --- Matches -----------------------------------------------------------------------------


@login_required
def matches(request, programme_id: int):
    programme = _coordinated(request, programme_id)
    today = _today()
    status = _choice(request, "status", Match.Status.values)
    page = _page(
        request,
        selectors.with_health_figures(
            selectors.matches_of(programme=programme, status=status or None), today=today
        ),
    )
    rules = selectors.rules_of(programme)
    rows = []
    for match in page.object_list:
        health = (
            selectors.health_of(match, today=today, rules=rules)
            if match.status == Match.Status.ACTIVE
            else None
        )
        rows.append({"match": match, "health": health, "risks": _risks(health) if health else []})
    return render(
        request,
        "mentorship/coordinator/matches.html",
        {
            "programme": programme,
            "rows": rows,
            "page_obj": page,
            "status": status,
            "statuses": Match.Status.choices,
            "status_query": f"status={status}" if status else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def match_new(request, programme_id: int):
    """Propose a match of a ready mentor and a child without a mentor."""
    programme = _coordinated(request, programme_id)
    today = _today()
    ready = selectors.ready_mentors(programme=programme, today=today)
    chosen, chosen_state = None, None
    wanted = request.GET.get("mentor", "")
    if request.method == "GET" and wanted.isascii() and wanted.isdigit():
        chosen = (
            selectors.mentors_of(programme=programme, status=Mentor.Status.ACTIVE)
            .filter(pk=int(wanted))
            .first()
        )
        if chosen is not None and chosen.pk not in {mentor.pk for mentor in ready}:
            chosen_state = selectors.mentor_readiness(mentor=chosen, today=today)
    form = MatchForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        ready=ready,
        chosen=chosen,
    )
    if request.method == "POST" and form.is_valid():
        try:
            match = services.match_propose(
                programme_id=programme.pk,
                actor=request.user,
                mentor_id=form.cleaned_data["mentor"].pk,
                mentee_id=form.cleaned_data["mentee"].pk,
                note=form.cleaned_data["note"],
                today=today,
            )
        except services.MentorshipError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.message) from None
            show_error(
                form,
                error,
                {
                    "not_ready": "mentor",
                    "mentor_taken": "mentor",
                    "mentee_taken": "mentee",
                    "programme": "",
                    "taken": "",
                },
            )
        else:
            messages.success(
                request,
                _("The match is proposed. Start it once the child's side has given consent."),
            )
            return redirect("mentorship:match", match.pk)
    return render(
        request,
        "mentorship/coordinator/match_new.html",
        {
            "programme": programme,
            "form": form,
            "ready_count": len(ready),
            "has_mentees": form.fields["mentee"].queryset.exists(),
            "chosen": chosen,
            "chosen_state": chosen_state,
        },
    )


MATCH_ACTIONS = {
    "checkin": CheckInForm,
    "start": StartForm,
    "cancel": CancelForm,
    "close": CloseForm,
}


def _match_or_404(request, match_id: int) -> Match:
    match = get_object_or_404(
        Match.objects.select_related(
            "programme__organisation", "mentor__user", "proposed_by", "closed_by"
        ),
        pk=match_id,
    )
    if not selectors.may_view_match(user=request.user, match=match):
        raise Http404
    return match


@login_required
@require_http_methods(["GET", "POST"])
def match(request, match_id: int):
    """A match: for its coordinators, everything and the actions of its course; for its
    mentor while it is active, the child, the match's health and their sessions."""
    match = _match_or_404(request, match_id)
    programme = match.programme
    is_coordinator = selectors.is_coordinator(user=request.user, programme=programme)
    today = _today()
    forms = {
        "checkin": CheckInForm(prefix="checkin", initial={"date": today}),
        "start": StartForm(
            prefix="start",
            initial={
                "consent_by": Match.ConsentBy.INSTITUTION,
                "consent_on": today,
                "started_on": today,
            },
        ),
        "cancel": CancelForm(prefix="cancel"),
        "close": CloseForm(prefix="close", initial={"closed_on": today}),
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action:
        if not is_coordinator:
            raise PermissionDenied
        if action not in MATCH_ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("mentorship:match", match.pk)
        response = _act_on_match(request, match, action, forms)
        if response is not None:
            return response
    mentee = _mentee_or_404(request, match.mentee_id, "match")
    concerns = selectors.concerns_of(programme=programme).filter(match=match)
    if not is_coordinator:
        concerns = concerns.filter(raised_by_id=request.user.pk)
    concerns = list(concerns)
    with_concern = {concern.session_id for concern in concerns if concern.session_id}
    sessions = _page(request, selectors.sessions_of_match(match=match))
    health = selectors.match_health(match=match, today=today)
    return render(
        request,
        "mentorship/match.html",
        {
            "match": match,
            "programme": programme,
            "mentee": mentee,
            "is_coordinator": is_coordinator,
            "health": health,
            "risks": _risks(health, checkins=is_coordinator) if health else [],
            "checkins": match.checkins.select_related("recorded_by") if is_coordinator else (),
            "sessions": [
                {
                    "session": session,
                    "activities": [
                        ACTIVITY_LABELS.get(code, code) for code in session.activities or ()
                    ],
                    "concern": session.pk in with_concern,
                }
                for session in sessions.object_list
            ],
            "sessions_page": sessions,
            "concerns": concerns,
            "forms": forms,
            "today": today,
        },
    )


def _act_on_match(request, match: Match, action: str, forms: dict):
    """Run one coordinator's action of the match page; a response on success, ``None`` to
    show the page again with the form's errors."""
    done = redirect("mentorship:match", match.pk)
    form = forms[action] = MATCH_ACTIONS[action](request.POST, prefix=action)
    if not form.is_valid():
        return None
    data, user, today = form.cleaned_data, request.user, _today()
    try:
        if action == "checkin":
            services.checkin_record(
                match_id=match.pk,
                actor=user,
                date=data["date"],
                with_whom=data["with_whom"],
                channel=data["channel"],
                note=data["note"],
                today=today,
            )
            messages.success(request, _("The check-in is recorded."))
        elif action == "start":
            services.match_start(
                match_id=match.pk,
                actor=user,
                consent_by=data["consent_by"],
                consent_on=data["consent_on"],
                consent_note=data["consent_note"],
                started_on=data["started_on"],
                today=today,
            )
            messages.success(request, _("The match has started."))
        elif action == "cancel":
            services.match_cancel(match_id=match.pk, actor=user, reason=data["reason"], today=today)
            messages.success(request, _("The match is cancelled."))
        elif action == "close":
            services.match_close(
                match_id=match.pk,
                actor=user,
                closure=data["closure"],
                reason=data["reason"],
                exit_note=data["exit_note"],
                closed_on=data["closed_on"],
                today=today,
            )
            messages.success(
                request, _("The match is closed. The mentor no longer sees the child's record.")
            )
    except services.MentorshipError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from None
        if error.code in ("status", "not_found"):
            messages.error(request, error.message)
            return done
        show_error(form, error, {"not_ready": "", "mentor": ""})
        return None
    return done


# --- Concerns ----------------------------------------------------------------------------


@login_required
def concerns(request, programme_id: int):
    programme = _coordinated(request, programme_id)
    status = _choice(request, "status", Concern.Status.values)
    page = _page(request, selectors.concerns_of(programme=programme, status=status or None))
    return render(
        request,
        "mentorship/coordinator/concerns.html",
        {
            "programme": programme,
            "page_obj": page,
            "status": status,
            "statuses": Concern.Status.choices,
            "status_query": f"status={status}" if status else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern(request, concern_id: int):
    """A concern: its programme's coordinators read and close it; the mentor who raised it
    reads it. Nobody changes what was raised."""
    concern = get_object_or_404(
        Concern.objects.select_related(
            "match__programme__organisation",
            "match__mentor__user",
            "raised_by",
            "closed_by",
            "session",
        ),
        pk=concern_id,
    )
    is_coordinator = selectors.is_coordinator(user=request.user, programme=concern.match.programme)
    if not is_coordinator and concern.raised_by_id != request.user.pk:
        raise Http404
    form = ConcernCloseForm()
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        form = ConcernCloseForm(request.POST)
        if form.is_valid():
            try:
                services.concern_close(
                    concern_id=concern.pk,
                    actor=request.user,
                    resolution=form.cleaned_data["resolution"],
                )
            except services.MentorshipError as error:
                if error.code == "forbidden":
                    raise PermissionDenied(error.message) from None
                if error.code == "status":
                    messages.error(request, error.message)
                    return redirect("mentorship:concern", concern.pk)
                show_error(form, error)
            else:
                messages.success(request, _("The concern is closed."))
                return redirect("mentorship:concern", concern.pk)
    return render(
        request,
        "mentorship/coordinator/concern.html",
        {
            "concern": concern,
            "programme": concern.match.programme,
            "is_coordinator": is_coordinator,
            "form": form,
        },
    )


# --- Audit log ---------------------------------------------------------------------------


@login_required
def audit(request, programme_id: int):
    """Who opened, added or changed which child's record, where and when."""
    programme = _coordinated(request, programme_id)
    page = _page(request, selectors.audit_log(programme=programme))
    return render(
        request,
        "mentorship/coordinator/audit.html",
        {
            "programme": programme,
            "page_obj": page,
            "rows": [
                {"access": access, "place": PLACES.get(access.place, access.place)}
                for access in page.object_list
            ],
        },
    )
