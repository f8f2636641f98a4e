"""E-mails of social credit: the host's staff hear of an application, the student of the host's
answer — each person once, in their own language, however often the task runs."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from lms.accounts.models import Membership
from lms.socialcredit import services, tasks
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.socialcredit.factories import TODAY, placed_student, supervisor_at
from tests.socialcredit.helpers import open_programme

pytestmark = pytest.mark.django_db

PREFIX = {"ru": "", "kk": "/kk", "en": "/en"}


def _in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_the_hosts_staff_hear_of_an_application_once_each_in_their_language(
    django_capture_on_commit_callbacks,
):
    programme, host, university = open_programme()
    staff = {
        "ru": supervisor_at(host, preferred_language="ru"),
        "kk": supervisor_at(host, role=Membership.Role.COORDINATOR, preferred_language="kk"),
        "en": supervisor_at(host, preferred_language="en"),
    }
    # Both a supervisor and a coordinator: still one e-mail.
    MembershipFactory(user=staff["en"], organisation=host, role=Membership.Role.COORDINATOR)
    # Nobody else hears of it.
    supervisor_at(host, is_active=False)
    supervisor_at(host, role=Membership.Role.MENTOR)
    supervisor_at(host, role=Membership.Role.PROGRAMME_COORDINATOR)
    supervisor_at(programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR)
    supervisor_at(OrganisationFactory())
    student = UserFactory(full_name="Айжан Серікова", preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        placement = services.placement_apply(
            user=student,
            programme=programme,
            university=university,
            student_id="ST-1",
            host=host,
            today=TODAY,
        )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        person.email for person in staff.values()
    )
    for language, person in staff.items():
        (message,) = [message for message in mail.outbox if message.to == [person.email]]
        assert host.name in message.subject
        assert "Айжан Серікова" in message.body and programme.title in message.body
        assert message.body.startswith(_in_language(language, "Hello!"))
        assert f"{PREFIX[language]}/social-credit/placements/{placement.pk}/" in message.body

    assert tasks.notify_application(placement.pk) == 0
    assert services.placement_notify_host(placement_id=placement.pk) == 0
    assert len(mail.outbox) == 3


def test_an_application_to_a_host_without_staff_is_still_marked_told():
    programme, host, university = open_programme()
    placement = services.placement_apply(
        user=UserFactory(),
        programme=programme,
        university=university,
        student_id="ST-1",
        host=host,
        today=TODAY,
    )
    assert tasks.notify_application(placement.pk) == 0
    placement.refresh_from_db()
    assert placement.host_notified_at is not None
    supervisor_at(host)
    # Staff who join later see it on the host page, not by e-mail.
    assert tasks.notify_application(placement.pk) == 0
    assert mail.outbox == []
    assert tasks.notify_application(987654) == 0


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_student_hears_of_the_acceptance_once_in_their_language(
    language, django_capture_on_commit_callbacks
):
    programme, host, university = open_programme()
    supervisor = supervisor_at(host, full_name="Ольга Иванова", preferred_language="kk")
    student = UserFactory(full_name="Данияр Ахметов", preferred_language=language)
    placement = services.placement_apply(
        user=student,
        programme=programme,
        university=university,
        student_id="ST-1",
        host=host,
        today=TODAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_accept(
            placement_id=placement.pk, actor=supervisor, supervisor=supervisor
        )
    assert [message.to for message in mail.outbox] == [[student.email]]
    message = mail.outbox[0]
    assert host.name in message.subject
    assert "Данияр Ахметов" in message.body and "Ольга Иванова" in message.body
    assert f"{PREFIX[language]}/social-credit/placements/{placement.pk}/" in message.body
    with translation.override(language):
        assert gettext("Vektor of Volunteering") in message.body

    assert tasks.notify_placement_decision(placement.pk) is False
    assert services.placement_notify_student(placement_id=placement.pk) is False
    # Finishing the placement later tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_finish(placement_id=placement.pk, actor=supervisor)
    assert tasks.notify_placement_decision(placement.pk) is False
    assert len(mail.outbox) == 1


def test_the_student_hears_of_a_decline_with_its_reason_once(django_capture_on_commit_callbacks):
    programme, host, university = open_programme()
    supervisor = supervisor_at(host)
    student = UserFactory(preferred_language="ru")
    placement = services.placement_apply(
        user=student,
        programme=programme,
        university=university,
        student_id="ST-1",
        host=host,
        today=TODAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.placement_decline(
            placement_id=placement.pk, actor=supervisor, reason="Набор на этот год закрыт"
        )
    assert [message.to for message in mail.outbox] == [[student.email]]
    assert "Набор на этот год закрыт" in mail.outbox[0].body
    assert tasks.notify_placement_decision(placement.pk) is False
    assert len(mail.outbox) == 1


def test_nobody_is_told_of_an_unanswered_or_withdrawn_application():
    programme, host, university = open_programme()
    student = UserFactory()
    placement = services.placement_apply(
        user=student,
        programme=programme,
        university=university,
        student_id="ST-1",
        host=host,
        today=TODAY,
    )
    assert tasks.notify_placement_decision(placement.pk) is False
    services.placement_withdraw(placement_id=placement.pk, actor=student)
    assert tasks.notify_placement_decision(placement.pk) is False
    assert tasks.notify_placement_decision(987654) is False
    assert mail.outbox == []


def test_a_failed_send_is_sent_on_the_retry(monkeypatch):
    placement = placed_student()
    calls = {"count": 0}
    real_send = services.send_templated_mail

    def flaky_send(**kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise OSError("mail server down")
        real_send(**kwargs)

    monkeypatch.setattr(services, "send_templated_mail", flaky_send)
    with pytest.raises(OSError):
        services.placement_notify_student(placement_id=placement.pk)
    assert mail.outbox == []
    assert services.placement_notify_student(placement_id=placement.pk) is True
    assert services.placement_notify_student(placement_id=placement.pk) is False
    assert [message.to for message in mail.outbox] == [[placement.participation.user.email]]
