"""factory_boy factories and small helpers for the hours ledger's tests."""

import datetime

import factory

from lms.accounts.models import Membership
from lms.hours.models import HoursEntry
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

TODAY = datetime.date(2026, 11, 24)


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursEntry

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2026, 11, 20)
    minutes = 120
    description = factory.Sequence(lambda n: f"Смена в центре социального обслуживания №{n}")
    source = HoursEntry.Source.PRACTICE


def supervisor_of(organisation, role: str = Membership.Role.SUPERVISOR, **user_fields):
    """A new person holding ``role`` at ``organisation``."""
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(**user_fields)
    ).user
