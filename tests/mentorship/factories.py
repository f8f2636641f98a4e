"""factory_boy factories and helpers for mentorship's tests.

``ready_mentor()`` makes a mentor who passed every screening step and completed the programme's
training course; ``active_match()`` a started match of such a mentor with a new mentee.
"""

import datetime

import factory

from lms.accounts.models import Membership, Organisation
from mentorship import services
from mentorship.models import (
    Match,
    Mentee,
    Mentor,
    MentoringProgramme,
    ScreeningCheck,
    Step,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

TODAY = datetime.date(2026, 11, 24)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme without a training course (pass ``training_course=`` a course page to
    require one)."""

    class Meta:
        model = MentoringProgramme
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Наставники №{n}")
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.NGO)


class InstitutionFactory(OrganisationFactory):
    kind = Organisation.Kind.CHILDRENS_HOME
    name = factory.Sequence(lambda n: f"Детский дом №{n}")


def coordinator_of(programme, **user_fields):
    """A new programme coordinator of the programme's organisation."""
    return MembershipFactory(
        organisation=programme.organisation,
        role=Membership.Role.PROGRAMME_COORDINATOR,
        user=UserFactory(**user_fields),
    ).user


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    motivation = "Хочу помогать детям"
    city = "Алматы"


class MenteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentee

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"ZQ{n:04d}")
    age_band = Mentee.AgeBand.TEN
    institution = factory.SubFactory(InstitutionFactory)
    interests = "футбол, рисование"


def screen(mentor, *, on=TODAY - datetime.timedelta(days=60), expires_on=None, steps=None):
    """Record every required step (or ``steps``) as passed on ``on``."""
    for step in steps or mentor.programme.required_steps:
        ScreeningCheck.objects.create(
            mentor=mentor,
            step=step,
            outcome=ScreeningCheck.Outcome.PASSED,
            done_on=on,
            expires_on=expires_on
            if expires_on is not None
            else (on + datetime.timedelta(days=365) if step == Step.POLICE_RECORD else None),
        )
    return mentor


def ready_mentor(programme=None, **user_fields):
    programme = programme or ProgrammeFactory()
    return screen(MentorFactory(programme=programme, user=UserFactory(**user_fields)))


def active_match(*, programme=None, mentor=None, mentee=None, started_on=None, coordinator=None):
    """A started match (made through the services, as a coordinator would)."""
    programme = programme or (mentor.programme if mentor else ProgrammeFactory())
    coordinator = coordinator or coordinator_of(programme)
    mentor = mentor or ready_mentor(programme)
    mentee = mentee or MenteeFactory(programme=programme)
    started_on = started_on or TODAY - datetime.timedelta(days=40)
    match = services.match_propose(
        programme_id=programme.pk,
        actor=coordinator,
        mentor_id=mentor.pk,
        mentee_id=mentee.pk,
        today=started_on,
    )
    services.match_start(
        match_id=match.pk,
        actor=coordinator,
        consent_by=Match.ConsentBy.INSTITUTION,
        consent_on=started_on,
        started_on=started_on,
        today=started_on,
    )
    match.refresh_from_db()
    return match
