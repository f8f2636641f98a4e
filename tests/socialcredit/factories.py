"""factory_boy factories and helpers for social credit's tests.

A programme runs through 2026 with the issue's tiers: 20 h → 20,000 KZT and 2 credits,
50 h → 50,000 KZT and 5 credits; cap 70 h, at most 7 credits.
"""

import datetime
from decimal import Decimal

import factory

from lms.accounts.models import Membership, Organisation
from lms.hours import api as hours_api
from lms.hours import services as hours_services
from lms.socialcredit import services
from lms.socialcredit.models import Participation, Placement, Programme, Tier
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

TODAY = datetime.date(2026, 11, 24)
SHIFT_DAY = datetime.date(2026, 11, 20)


class UniversityFactory(OrganisationFactory):
    kind = Organisation.Kind.UNIVERSITY
    name = factory.Sequence(lambda n: f"Университет №{n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Социальный кредит 2026 №{n}")
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.FRONT_OFFICE)
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        """``tiers=[(hours, amount, credits), …]``; the issue's two tiers by default."""
        if not create:
            return
        for index, (hours, amount, credits) in enumerate(
            extracted or [(20, 20000, 2), (50, 50000, 5)]
        ):
            Tier.objects.create(
                programme=self,
                hours=hours,
                amount=Decimal(amount),
                credits=credits,
                sort_order=index,
            )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    university = factory.SubFactory(UniversityFactory)
    student_id = factory.Sequence(lambda n: f"ST-{n:05d}")


def supervisor_at(host, role: str = Membership.Role.SUPERVISOR, **user_fields):
    return MembershipFactory(organisation=host, role=role, user=UserFactory(**user_fields)).user


def placed_student(*, programme=None, host=None, supervisor=None, user=None, university=None):
    """An accepted placement (programme, participation, host and supervisor made as needed),
    the programme listing the host and the university."""
    programme = programme or ProgrammeFactory()
    host = host or OrganisationFactory()
    university = university or UniversityFactory()
    programme.hosts.add(host)
    programme.universities.add(university)
    programme.save()  # ParentalManyToMany lists reach the database on save
    supervisor = supervisor or supervisor_at(host)
    participation = (
        Participation.objects.filter(user=user, programme=programme).first() if user else None
    )
    if participation is None:
        participation = ParticipationFactory(
            programme=programme, university=university, **({"user": user} if user else {})
        )
    return Placement.objects.create(
        participation=participation,
        host=host,
        status=Placement.Status.ACCEPTED,
        supervisor=supervisor,
        starts_on=programme.starts_on,
    )


def log_shift(placement, minutes: int = 240, date=SHIFT_DAY, description: str = "Смена"):
    """The student logs a shift (through the service: the cap holds)."""
    return services.shift_log(
        placement_id=placement.pk,
        actor=placement.participation.user,
        date=date,
        minutes=minutes,
        description=description,
    )


def confirm(entry: hours_api.HoursEntryData, placement):
    """The placement's supervisor confirms an entry (through the ledger: the cap holds)."""
    return hours_services.hours_confirm(entry_id=entry.id, actor=placement.supervisor)


def confirmed_shift(placement, minutes: int = 240, date=SHIFT_DAY):
    return confirm(log_shift(placement, minutes=minutes, date=date), placement)
