"""Children's data: every opening, addition and change of a mentee's record is written to the
audit log (and refused openings are not openings), and a whole programme's life leaves no
mentee code, interest, note or institution in a log line, an e-mail or the hours ledger."""

import logging

import pytest

from lms.hours import api as hours
from mentorship import selectors, services
from mentorship.models import Alert, Concern, Match, Mentee, MenteeAccess
from tests.mentorship.factories import (
    TODAY,
    InstitutionFactory,
    MenteeFactory,
    ProgrammeFactory,
    coordinator_of,
    ready_mentor,
)
from tests.mentorship.rules_helpers import (
    capture_every_logger,
    check_in,
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    log_session,
    refused,
    release_every_logger,
    world,
)

pytestmark = pytest.mark.django_db


# --- The audit log ----------------------------------------------------------------------------


class TestAudit:
    def test_each_opening_writes_one_row(self):
        w = world()
        for viewer, place in [
            (w.coordinator, "mentee_page"),
            (w.coordinator, "mentee_page"),
            (w.mentor_user, "match_page"),
            (w.admin, "mentee_page"),
        ]:
            before = MenteeAccess.objects.count()
            mentee = services.mentee_open(mentee_id=w.mentee.pk, viewer=viewer, place=place)
            assert mentee.pk == w.mentee.pk
            assert MenteeAccess.objects.count() == before + 1
            row = MenteeAccess.objects.order_by("-pk").first()
            assert (row.mentee_id, row.user_id, row.action, row.place) == (
                w.mentee.pk,
                viewer.pk,
                MenteeAccess.Action.VIEW,
                place,
            )
            assert row.at is not None
        views = MenteeAccess.objects.filter(mentee=w.mentee, action="view")
        assert views.filter(user=w.coordinator).count() == 2
        assert views.filter(user=w.mentor_user).count() == 1

    @pytest.mark.parametrize(
        "role",
        [
            "anonymous",
            "learner",
            "other_coordinator",
            "volunteer_coordinator",
            "other_mentor_user",
        ],
    )
    def test_a_refused_opening_writes_nothing(self, role):
        w = world()
        before = MenteeAccess.objects.count()
        with refused("forbidden"):
            services.mentee_open(mentee_id=w.mentee.pk, viewer=getattr(w, role), place="x")
        assert MenteeAccess.objects.count() == before

    def test_the_former_mentor_and_an_unknown_record_write_nothing(self):
        w = world()
        close(w.match, w.coordinator)
        before = MenteeAccess.objects.count()
        with refused("forbidden"):
            services.mentee_open(mentee_id=w.mentee.pk, viewer=w.mentor_user, place="x")
        with refused("forbidden"):
            services.mentee_open(mentee_id=w.mentee.pk + 1000, viewer=w.coordinator, place="x")
        assert MenteeAccess.objects.count() == before

    def test_adding_and_changing_a_record_write_rows(self):
        programme = ProgrammeFactory()
        coordinator = coordinator_of(programme)
        institution = InstitutionFactory()
        mentee = services.mentee_create(
            programme_id=programme.pk,
            actor=coordinator,
            age_band=Mentee.AgeBand.TEN,
            institution_id=institution.pk,
            interests="шахматы",
            coordinator_notes="Заметка",
        )
        (created,) = MenteeAccess.objects.filter(mentee=mentee)
        assert (created.user_id, created.action) == (coordinator.pk, MenteeAccess.Action.CREATE)
        assert created.place
        services.mentee_update(
            mentee_id=mentee.pk,
            actor=coordinator,
            age_band=Mentee.AgeBand.FOURTEEN,
            institution_id=institution.pk,
            interests="шахматы, футбол",
            coordinator_notes="",
        )
        edited = MenteeAccess.objects.filter(mentee=mentee, action=MenteeAccess.Action.EDIT)
        assert [(row.user_id, bool(row.place)) for row in edited] == [(coordinator.pk, True)]
        mentee.refresh_from_db()
        assert (mentee.age_band, mentee.interests) == ("14-17", "шахматы, футбол")
        # Refused changes write nothing.
        before = MenteeAccess.objects.count()
        with refused("age_band"):
            services.mentee_update(
                mentee_id=mentee.pk,
                actor=coordinator,
                age_band="99",
                institution_id=institution.pk,
                interests="",
                coordinator_notes="",
            )
        with refused("institution"):
            services.mentee_create(
                programme_id=programme.pk,
                actor=coordinator,
                age_band=Mentee.AgeBand.TEN,
                institution_id=institution.pk + 1000,
            )
        assert MenteeAccess.objects.count() == before
        assert Mentee.objects.count() == 1

    def test_the_code_is_made_by_the_platform(self):
        programme = ProgrammeFactory()
        coordinator = coordinator_of(programme)
        codes = {
            services.mentee_create(
                programme_id=programme.pk,
                actor=coordinator,
                age_band=Mentee.AgeBand.TEN,
                institution_id=InstitutionFactory().pk,
            ).code
            for _ in range(5)
        }
        assert len(codes) == 5
        assert all(len(code) == services.CODE_LENGTH for code in codes)
        assert all(set(code) <= set(services.CODE_ALPHABET) for code in codes)

    def test_coordinators_read_their_programmes_log(self):
        w = world()
        services.mentee_open(mentee_id=w.mentee.pk, viewer=w.mentor_user, place="match_page")
        other = world()
        services.mentee_open(mentee_id=other.mentee.pk, viewer=other.coordinator, place="x")
        log = list(selectors.audit_log(programme=w.programme))
        assert log and {row.mentee.programme_id for row in log} == {w.programme.pk}
        assert log[0].user_id == w.mentor_user.pk and log[0].place == "match_page"


# --- Nothing of the child leaves the platform --------------------------------------------------


def test_a_mentees_str_and_repr_hide_the_code():
    mentee = MenteeFactory(code="SECRET7", interests="рисует комиксы")
    for text in (str(mentee), repr(mentee)):
        assert "SECRET7" not in text and "комиксы" not in text
        assert str(mentee.pk) in text


@pytest.fixture
def every_log(caplog):
    capture_every_logger(caplog)
    yield caplog
    release_every_logger(caplog)


def test_a_whole_programme_leaves_no_child_data_in_logs_emails_or_the_ledger(
    every_log, mailoutbox, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    coordinator_of(programme, preferred_language="en")
    institution = InstitutionFactory(name="Детский дом «Тайное место»")
    started = TODAY - days(45)
    secrets = []
    with django_capture_on_commit_callbacks(execute=True):
        mentee = services.mentee_create(
            programme_id=programme.pk,
            actor=coordinator,
            age_band=Mentee.AgeBand.FOURTEEN,
            institution_id=institution.pk,
            interests="Комиксы про драконов",
            coordinator_notes="Конфиденциальная заметка координатора",
        )
        mentee = services.mentee_update(
            mentee_id=mentee.pk,
            actor=coordinator,
            age_band=Mentee.AgeBand.FOURTEEN,
            institution_id=institution.pk,
            interests="Комиксы про драконов и роботов",
            coordinator_notes="Конфиденциальная заметка координатора, обновлено",
        )
        secrets = [
            mentee.code,
            mentee.interests,
            mentee.coordinator_notes,
            "Комиксы про драконов",
            "Конфиденциальная заметка",
            institution.name,
        ]
        services.mentee_open(mentee_id=mentee.pk, viewer=coordinator, place="mentee_page")
        mentor = ready_mentor(programme)
        match = services.match_propose(
            programme_id=programme.pk,
            actor=coordinator,
            mentor_id=mentor.pk,
            mentee_id=mentee.pk,
            note="Оба любят рисовать",
            today=started,
        )
        services.match_start(
            match_id=match.pk,
            actor=coordinator,
            consent_by=Match.ConsentBy.INSTITUTION,
            consent_on=started,
            started_on=started,
            today=started,
        )
        services.mentee_open(mentee_id=mentee.pk, viewer=mentor.user, place="match_page")
        log_session(match, on=started + days(3))
        log_session(
            match,
            on=started + days(10),
            concern_category="wellbeing",
            concern_text="Грустит после звонка домой",
        )
        services.concern_raise(
            match_id=match.pk, actor=mentor.user, category="safety", text="Жалуется на старших"
        )
        check_in(match, coordinator, on=started + days(12), today=started + days(12))
        services.alerts_send(today=TODAY)
        concern = Concern.objects.filter(status="open").first()
        services.concern_close(concern_id=concern.pk, actor=coordinator, resolution="Обсудили")
        close(match, coordinator)
        with refused("forbidden"):
            services.mentee_open(mentee_id=mentee.pk, viewer=mentor.user, place="match_page")
        services.alerts_send(today=TODAY + days(40))

    # The flow did happen and was heard: e-mails, log lines, ledger entries, alerts.
    assert Concern.objects.filter(notified_at__isnull=False).count() == 2
    assert len(mailoutbox) >= 6  # two concerns and the alerts, to two coordinators
    assert Alert.objects.exists()
    messages = [record.getMessage() for record in every_log.records]
    assert any(f"match {match.pk} started" in message for message in messages)
    entries = hours.entries_by_ref(
        user_id=mentor.user_id, source="mentoring", source_ref_prefix="mentoring-session:"
    )
    assert len(entries) == 2

    assert mentee.code not in str(mentee) + repr(mentee)
    for secret in secrets:
        for record in every_log.records:
            formatted = logging.Formatter().format(record)
            assert secret not in formatted, (record.name, record.levelname)
        for message in mailoutbox:
            assert secret not in message.subject, message.subject
            assert secret not in message.body, message.subject
        for entry in entries:
            assert secret not in entry.description
        for alert in Alert.objects.all():
            assert secret not in alert.key
