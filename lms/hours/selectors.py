"""Read queries of the hours ledger: a person's entries and totals, and what waits for a
supervisor (the confirmation queue and the daily digest). Totals are aggregated in the
database."""

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear

from lms.accounts.models import Membership, User

from .data import HoursTotals, TotalsRow
from .models import HoursEntry, SupervisorDigest

# Roles that confirm or reject hours at their own organisation.
CONFIRMING_ROLES: frozenset[str] = frozenset(
    {
        Membership.Role.SUPERVISOR,
        Membership.Role.COORDINATOR,
        Membership.Role.PROGRAMME_COORDINATOR,
    }
)

STATUSES: tuple[str, ...] = tuple(HoursEntry.Status.values)


def _minutes_by_status() -> dict:
    return {status: Sum("minutes", filter=Q(status=status), default=0) for status in STATUSES}


def _row(values: dict, *, key, label: str) -> TotalsRow:
    return TotalsRow(key=key, label=label, **{status: values[status] for status in STATUSES})


def totals(*, user, year: int | None = None) -> HoursTotals:
    """A person's minutes by status, by organisation and by year (three queries)."""
    entries = HoursEntry.objects.filter(user=user)
    chosen = entries.filter(date__year=year) if year else entries
    by_status = chosen.aggregate(**_minutes_by_status())
    by_organisation = (
        chosen.values("organisation_id", "organisation__name")
        .annotate(**_minutes_by_status())
        .order_by(F("organisation__name").asc(nulls_last=True), "organisation_id")
    )
    by_year = (
        entries.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(**_minutes_by_status())
        .order_by("-year")
    )
    return HoursTotals(
        year=year,
        by_status={status: by_status[status] for status in STATUSES},
        by_organisation=tuple(
            _row(row, key=row["organisation_id"], label=row["organisation__name"] or "")
            for row in by_organisation
        ),
        by_year=tuple(_row(row, key=row["year"], label=str(row["year"])) for row in by_year),
    )


def entries_for(*, user, year: int | None = None) -> QuerySet[HoursEntry]:
    """A person's entries, newest first."""
    qs = HoursEntry.objects.filter(user=user).select_related("organisation")
    if year:
        qs = qs.filter(date__year=year)
    return qs.order_by("-date", "-pk")


def confirmed_entries_for(*, user, year: int | None = None) -> QuerySet[HoursEntry]:
    """A person's confirmed entries in date order (the volunteer book)."""
    return (
        entries_for(user=user, year=year)
        .filter(status=HoursEntry.Status.CONFIRMED)
        .select_related("decided_by")
        .order_by("date", "pk")
    )


def confirming_organisation_ids(*, actor) -> QuerySet:
    """Ids of the organisations where ``actor`` confirms hours (a subquery)."""
    return Membership.objects.filter(user=actor, role__in=CONFIRMING_ROLES).values(
        "organisation_id"
    )


def may_confirm_anywhere(*, user) -> bool:
    """Whether the person confirms hours somewhere (administrators everywhere)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or confirming_organisation_ids(actor=user).exists()


def confirms_with_roles(*, user, roles) -> bool:
    """:func:`may_confirm_anywhere` from roles already looked up (the page header)."""
    return user.is_authenticated and (user.is_superuser or bool(CONFIRMING_ROLES & set(roles)))


def may_decide(*, actor, entry: HoursEntry) -> bool:
    """Whether ``actor`` may confirm or reject ``entry`` (whatever its status): never their own
    hours; a supervisor or coordinator of its organisation, or an administrator."""
    if not actor.is_authenticated or actor.pk == entry.user_id:
        return False
    if actor.is_superuser:
        return True
    if entry.organisation_id is None:
        return False
    return Membership.objects.filter(
        user=actor, organisation_id=entry.organisation_id, role__in=CONFIRMING_ROLES
    ).exists()


def may_see_evidence(*, user, entry: HoursEntry) -> bool:
    return user.is_authenticated and (
        user.pk == entry.user_id or may_decide(actor=user, entry=entry)
    )


def waiting_for(*, actor) -> QuerySet[HoursEntry]:
    """Submitted entries ``actor`` may decide on, oldest first; never their own."""
    qs = (
        HoursEntry.objects.filter(status=HoursEntry.Status.SUBMITTED)
        .exclude(user=actor)
        .select_related("user", "organisation", "organisation__region")
        .order_by("date", "pk")
    )
    if actor.is_superuser:
        return qs
    return qs.filter(organisation_id__in=confirming_organisation_ids(actor=actor))


def digest_candidates() -> QuerySet[User]:
    """Active people who confirm hours at an organisation where someone else's entry is
    submitted, with their region (for the time zone) and ``last_digest`` (the day of the last
    digest they got); one query. Administrators are listed only through their memberships."""
    waiting_for_someone_else = HoursEntry.objects.filter(
        status=HoursEntry.Status.SUBMITTED, organisation_id=OuterRef("organisation_id")
    ).exclude(user_id=OuterRef("user_id"))
    confirmers = Membership.objects.filter(role__in=CONFIRMING_ROLES).filter(
        Exists(waiting_for_someone_else)
    )
    return (
        User.objects.filter(is_active=True, pk__in=confirmers.values("user_id"))
        .select_related("region")
        .annotate(
            last_digest=Subquery(
                SupervisorDigest.objects.filter(user=OuterRef("pk"))
                .order_by("-day")
                .values("day")[:1]
            )
        )
        .order_by("pk")
    )


def waiting_by_organisation(*, actor) -> list[dict]:
    """What waits for ``actor`` at each organisation where they confirm hours (never their own
    entries), aggregated in the database: ``organisation_id``, ``organisation__name``,
    ``entries``, ``minutes`` and ``oldest`` (the earliest date), by organisation name."""
    return list(
        HoursEntry.objects.filter(
            status=HoursEntry.Status.SUBMITTED,
            organisation_id__in=confirming_organisation_ids(actor=actor),
        )
        .exclude(user=actor)
        .values("organisation_id", "organisation__name")
        .annotate(entries=Count("pk"), minutes=Sum("minutes"), oldest=Min("date"))
        .order_by("organisation__name", "organisation_id")
    )
