"""Read queries of social credit: a participation's progress against the cap and the tiers,
what a host, a university or a programme coordinator sees."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Q, QuerySet, Value, When

from lms.accounts.models import Membership
from lms.hours import api as hours

from .models import Participation, Placement, Programme, Tier, shift_prefix

PRACTICE = "practice"

# Roles that accept placements and give feedback at a host organisation.
HOST_ROLES: frozenset[str] = frozenset({Membership.Role.SUPERVISOR, Membership.Role.COORDINATOR})


@dataclass(frozen=True)
class Progress:
    """Minutes counted for a participation, and where it stands against cap and tiers."""

    confirmed: int
    submitted: int
    rejected: int
    cap_minutes: int
    host_names: tuple[str, ...]
    supervisor_names: tuple[str, ...]

    @property
    def left(self) -> int:
        """Minutes that may still be logged (pending ones count against the cap)."""
        return max(0, self.cap_minutes - self.confirmed - self.submitted)

    @property
    def confirmed_share(self) -> int:
        return min(100, round(100 * self.confirmed / self.cap_minutes)) if self.cap_minutes else 0


def shift_minutes(participation_id: int, user_id: int, placement_id: int | None = None) -> dict:
    return hours.minutes_by_status(
        user_id=user_id,
        source=PRACTICE,
        source_ref_prefix=shift_prefix(participation_id, placement_id),
    )


def progress(participation: Participation) -> Progress:
    """The participation's minutes by status; hosts and supervisors where it has confirmed
    hours (one query per placement, a student has a few)."""
    totals = shift_minutes(participation.pk, participation.user_id)
    hosts: list[str] = []
    supervisors: list[str] = []
    if totals["confirmed"]:
        placements = (
            Placement.objects.filter(participation=participation)
            .exclude(status__in=[Placement.Status.APPLIED, Placement.Status.DECLINED])
            .select_related("host", "supervisor")
            .order_by("created_at", "pk")
        )
        for placement in placements:
            if shift_minutes(participation.pk, participation.user_id, placement.pk)["confirmed"]:
                if placement.host.name not in hosts:
                    hosts.append(placement.host.name)
                if placement.supervisor and placement.supervisor.full_name not in supervisors:
                    supervisors.append(placement.supervisor.full_name)
    return Progress(
        confirmed=totals["confirmed"],
        submitted=totals["submitted"],
        rejected=totals["rejected"],
        cap_minutes=participation.programme.hour_cap * 60,
        host_names=tuple(hosts),
        supervisor_names=tuple(supervisors),
    )


def next_tier(programme: Programme, confirmed_minutes: int) -> Tier | None:
    """The lowest tier not yet reached."""
    return programme.tiers.filter(hours__gt=confirmed_minutes // 60).order_by("hours").first()


def open_programmes(*, today: date) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(is_open=True, ends_on__gte=today)
        .select_related("organisation")
        .prefetch_related("tiers", "universities", "hosts")
        .order_by("starts_on", "title")
    )


def participations_for(*, user) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(user=user)
        .select_related("programme", "programme__organisation", "university")
        .prefetch_related("programme__tiers")
        .order_by("-programme__starts_on", "-pk")
    )


def placements_of(*, participation: Participation) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(participation=participation)
        .select_related("host", "supervisor")
        .order_by("-created_at", "-pk")
    )


def host_organisation_ids(*, user) -> QuerySet:
    """Organisations where ``user`` accepts placements (a subquery)."""
    return Membership.objects.filter(user=user, role__in=HOST_ROLES).values("organisation_id")


def is_host_staff(*, user, host_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role__in=HOST_ROLES, organisation_id=host_id
    ).exists()


def may_view_placement(*, user, placement: Placement) -> bool:
    """The student, the host's supervisors and coordinators, the programme's coordinators."""
    if not user.is_authenticated:
        return False
    if user.pk == placement.participation.user_id:
        return True
    return is_host_staff(user=user, host_id=placement.host_id) or (
        placement.participation.programme_id in managed_programme_ids(user_id=user.pk)
    )


def host_placements(*, user, status: str | None = None) -> QuerySet[Placement]:
    """Placements at the organisations where ``user`` accepts students (all for an
    administrator), waiting ones first."""
    qs = Placement.objects.select_related(
        "participation__user",
        "participation__programme",
        "participation__university",
        "host",
        "supervisor",
    )
    if not user.is_superuser:
        qs = qs.filter(host_id__in=host_organisation_ids(user=user))
    if status:
        qs = qs.filter(status=status)
    waiting_first = Case(When(status=Placement.Status.APPLIED, then=Value(0)), default=Value(1))
    return qs.order_by(waiting_first, "status", "-created_at", "-pk")


def host_supervisors(*, host_id: int) -> QuerySet:
    """People who may be named supervisor at a host: its supervisors and coordinators."""
    from lms.accounts.models import User

    return (
        User.objects.filter(
            memberships__organisation_id=host_id,
            memberships__role__in=HOST_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def managed_programme_ids(*, user_id: int) -> list[int]:
    """Programmes whose administering organisation has ``user_id`` as a programme
    coordinator; every programme for an administrator."""
    from lms.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return []
    qs = Programme.objects.all()
    if not user.is_superuser:
        qs = qs.filter(
            organisation__memberships__user_id=user_id,
            organisation__memberships__role=Membership.Role.PROGRAMME_COORDINATOR,
        )
    return list(qs.order_by("pk").values_list("pk", flat=True).distinct())


def university_ids_of(*, user_id: int) -> list[int]:
    return list(
        Membership.objects.filter(user_id=user_id, role=Membership.Role.UNIVERSITY)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
    )


def university_participations(
    *, university_ids, programme_id: int | None = None
) -> QuerySet[Participation]:
    """Students of the given universities, with their number of live placements."""
    qs = Participation.objects.filter(university_id__in=list(university_ids))
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    return (
        qs.select_related("user", "programme", "university")
        .annotate(
            placement_count=Count(
                "placements",
                filter=Q(
                    placements__status__in=[Placement.Status.ACCEPTED, Placement.Status.FINISHED]
                ),
            )
        )
        .order_by("university__name", "user__full_name", "pk")
    )
