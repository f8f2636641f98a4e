"""What other apps may know about social-credit programmes and their students. They import
this module only and get ids and frozen data.

``certificates`` issues the vouchers: when a student's confirmed hours reach a tier (it listens
to ``lms.hours.api.hours_confirmed`` and reads :func:`participations_of`), it issues one voucher
per student and tier for the difference to the tiers below.
"""

from datetime import date

from django.db.models import QuerySet

from . import selectors
from .data import ParticipationData, ProgrammeData, TierData
from .models import Participation, Programme

__all__ = [
    "ParticipationData",
    "ProgrammeData",
    "TierData",
    "get_participation",
    "get_programme",
    "managed_programme_ids",
    "may_manage_programme",
    "participation_ids",
    "participations_of",
    "university_ids_of",
]


def _programme_data(programme: Programme) -> ProgrammeData:
    return ProgrammeData(
        id=programme.pk,
        title=programme.title,
        organisation_id=programme.organisation_id,
        organisation_name=programme.organisation.name,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        hour_cap=programme.hour_cap,
        credit_ceiling=programme.credit_ceiling,
        currency=programme.currency,
        tiers=tuple(
            TierData(id=tier.pk, hours=tier.hours, amount=tier.amount, credits=tier.credits)
            for tier in sorted(programme.tiers.all(), key=lambda tier: tier.hours)
        ),
    )


def get_programme(programme_id: int) -> ProgrammeData | None:
    programme = (
        Programme.objects.select_related("organisation")
        .prefetch_related("tiers")
        .filter(pk=programme_id)
        .first()
    )
    return _programme_data(programme) if programme else None


def _participation_data(participation: Participation) -> ParticipationData:
    progress = selectors.progress(participation)
    return ParticipationData(
        id=participation.pk,
        user_id=participation.user_id,
        programme_id=participation.programme_id,
        university_id=participation.university_id,
        university_name=participation.university.name,
        student_id=participation.student_id,
        confirmed_minutes=progress.confirmed,
        submitted_minutes=progress.submitted,
        host_names=progress.host_names,
        supervisor_names=progress.supervisor_names,
    )


def get_participation(participation_id: int) -> ParticipationData | None:
    participation = (
        Participation.objects.select_related("university").filter(pk=participation_id).first()
    )
    return _participation_data(participation) if participation else None


def participations_of(user_id: int) -> list[ParticipationData]:
    """A student's participations, newest programme first, with their counted hours."""
    return [
        _participation_data(participation)
        for participation in Participation.objects.filter(user_id=user_id)
        .select_related("university", "programme")
        .order_by("-programme__starts_on", "-pk")
    ]


def participation_ids(*, ended_on_or_after: date | None = None) -> list[int]:
    """Ids of participations in programmes that have not ended before the given day."""
    qs = Participation.objects.all()
    if ended_on_or_after is not None:
        qs = qs.filter(programme__ends_on__gte=ended_on_or_after)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def may_manage_programme(user_id: int, programme_id: int) -> bool:
    """A programme coordinator of the organisation that administers the programme, or an
    administrator: sees the programme's vouchers and marks them paid."""
    return programme_id in managed_programme_ids(user_id)


def managed_programme_ids(user_id: int) -> list[int]:
    return selectors.managed_programme_ids(user_id=user_id)


def programme_ids_run_by(organisation_id: int) -> QuerySet:
    """The ids of the programmes an organisation administers, as a subquery (for reports)."""
    return Programme.objects.filter(organisation_id=organisation_id).values("pk")


def university_ids_of(user_id: int) -> list[int]:
    """Universities where the person is a social-credit officer: they see those students only."""
    return selectors.university_ids_of(user_id=user_id)
