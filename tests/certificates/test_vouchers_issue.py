"""Social-credit vouchers: issued when confirmed hours reach a tier, once per student and tier,
paying the difference to the tiers below; two PDFs with the public verification's QR code;
one e-mail in the student's language."""

import datetime
import hashlib
import re
from decimal import Decimal
from smtplib import SMTPException
from unittest import mock

import pytest
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation

from certificates import services, tasks
from certificates.models import SerialCounter, Voucher, VoucherAccount
from lms.socialcredit.models import Programme
from tests.certificates.helpers import pdf_fonts, pdf_text, qr_texts
from tests.certificates.vouchers import HOST, NAME, SUPERVISOR, earn, log, student
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.factories import OrganisationFactory, UserFactory
from tests.socialcredit.factories import ProgrammeFactory, confirm

YEAR = timezone.localdate().year


def _vouchers(placement) -> list[Voucher]:
    return list(
        Voucher.objects.filter(participation_id=placement.participation_id).order_by("number")
    )


def _amounts(placement) -> list[tuple[int, Decimal, int]]:
    return [(v.tier_hours, v.amount, v.credits) for v in _vouchers(placement)]


def _flat(text: str) -> str:
    """Text with every run of spaces (no-break ones too) and line breaks as one space."""
    return re.sub(r"\s+", " ", text)


# --- Tier arithmetic ---------------------------------------------------------------------


@pytest.mark.django_db
def test_twenty_then_fifty_hours_pay_the_difference(django_capture_on_commit_callbacks):
    placement = student()
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 19)
    assert not Voucher.objects.exists()  # 19 h reach no tier

    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 1)
    assert _amounts(placement) == [(20, Decimal("20000.00"), 2)]

    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 29)
    assert len(_vouchers(placement)) == 1  # 49 h: still the first tier only

    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 1)
    assert _amounts(placement) == [(20, Decimal("20000.00"), 2), (50, Decimal("30000.00"), 3)]
    first, second = _vouchers(placement)
    assert (first.serial, second.serial) == (f"СК-{YEAR}-000001", f"СК-{YEAR}-000002")
    assert (first.confirmed_minutes, second.confirmed_minutes) == (20 * 60, 50 * 60)
    assert sum(v.amount for v in (first, second)) == Decimal(50000)  # never more than the tier


@pytest.mark.django_db
def test_jumping_from_nothing_to_fifty_five_hours_issues_both_tiers(
    django_capture_on_commit_callbacks,
):
    placement = student()
    entries = log(placement, 55)
    # Confirmed together: the first task that runs already sees all 55 hours.
    with django_capture_on_commit_callbacks(execute=True):
        for entry in entries:
            confirm(entry, placement)
    assert _amounts(placement) == [(20, Decimal("20000.00"), 2), (50, Decimal("30000.00"), 3)]
    assert all(v.confirmed_minutes == 55 * 60 for v in _vouchers(placement))


@pytest.mark.django_db
def test_credits_stop_at_the_programmes_ceiling(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(credit_ceiling=3)
    placement = student(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
        earn(placement, 30)
    assert _amounts(placement) == [(20, Decimal("20000.00"), 2), (50, Decimal("30000.00"), 1)]


@pytest.mark.django_db
def test_a_tier_worth_no_more_than_the_ones_below_issues_no_empty_voucher(
    django_capture_on_commit_callbacks,
):
    programme = ProgrammeFactory(tiers=[(20, 20000, 4), (50, 15000, 3)])
    placement = student(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 50)
    assert _amounts(placement) == [(20, Decimal("20000.00"), 4)]


@pytest.mark.django_db
def test_each_programme_counts_on_its_own(django_capture_on_commit_callbacks):
    user = UserFactory(full_name=NAME)
    first = student(user=user)
    second = student(user=user, programme=ProgrammeFactory(currency="RUB"))
    with django_capture_on_commit_callbacks(execute=True):
        earn(first, 20)
        earn(second, 50)
    assert _amounts(first) == [(20, Decimal("20000.00"), 2)]
    assert _amounts(second) == [(20, Decimal("20000.00"), 2), (50, Decimal("30000.00"), 3)]
    assert {v.currency for v in _vouchers(second)} == {"RUB"}


@pytest.mark.django_db
def test_other_hours_of_the_student_do_not_count(django_capture_on_commit_callbacks):
    from lms.hours import api as hours

    placement = student()
    user = placement.participation.user
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 10)
        hours.record_hours(
            user_id=user.pk,
            organisation_id=placement.host_id,
            date=placement.starts_on,
            minutes=20 * 60,
            description="Вебинар",
            source="webinar",
            source_ref="webinar:1",
            status="confirmed",
        )
    assert not Voucher.objects.exists()


# --- Once per student and tier -------------------------------------------------------------


@pytest.mark.django_db
def test_issuing_again_and_retried_tasks_change_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    placement = student()
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 55)
    before = [(v.serial, v.amount, v.sha256, v.statement_sha256) for v in _vouchers(placement)]
    assert len(before) == 2
    user_id = placement.participation.user_id
    mails = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.voucher_issue_due(user_id=user_id) == []
        assert tasks.issue_vouchers(user_id) == []
        tasks.issue_vouchers.delay(user_id)  # a redelivered message
        tasks.issue_vouchers.apply(args=[user_id])
        for voucher in _vouchers(placement):
            assert tasks.render_voucher(voucher.pk) is False
    after = [(v.serial, v.amount, v.sha256, v.statement_sha256) for v in _vouchers(placement)]
    assert after == before
    assert len(mailoutbox) == mails
    assert SerialCounter.objects.get(prefix="СК", year=YEAR).last == 2
    assert VoucherAccount.objects.count() == 1


@pytest.mark.django_db
def test_the_database_holds_one_voucher_per_student_and_tier(django_capture_on_commit_callbacks):
    from django.db import IntegrityError, transaction

    placement = student()
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    copy = Voucher.objects.get(pk=voucher.pk)
    copy.pk, copy.serial, copy.number, copy.code = None, "СК-2026-999999", 999999, "X" * 16
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.django_db
def test_a_failed_e_mail_is_sent_on_the_retry_and_only_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    placement = student()
    user = placement.participation.user
    with (
        mock.patch.object(tasks.render_voucher, "delay_on_commit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    assert services.voucher_render(voucher_id=voucher.pk) is True
    with (
        mock.patch.object(services, "send_templated_mail", side_effect=SMTPException("down")),
        pytest.raises(SMTPException),
    ):
        tasks.render_voucher(voucher.pk)
    voucher.refresh_from_db()
    assert voucher.is_rendered and voucher.notified_at is None
    assert not [m for m in mailoutbox if voucher.serial in m.subject]

    assert tasks.render_voucher(voucher.pk) is False  # the retry: files kept, the mail goes
    tasks.render_voucher(voucher.pk)
    sent = [m for m in mailoutbox if voucher.serial in m.subject]
    assert len(sent) == 1 and sent[0].to == [user.email]
    voucher.refresh_from_db()
    assert voucher.notified_at is not None


@pytest.mark.django_db
def test_catch_up_issues_what_a_lost_task_left_undone(
    django_capture_on_commit_callbacks, mailoutbox
):
    placement = student()
    # A broker that was down: the signal's task never ran.
    with (
        mock.patch.object(tasks.issue_vouchers, "delay_on_commit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        earn(placement, 20)
    # A programme that ended two years ago is no longer looked at.
    ended_long_ago = student(
        programme=ProgrammeFactory(
            starts_on=datetime.date(YEAR - 2, 1, 1), ends_on=datetime.date(YEAR - 2, 12, 31)
        )
    )
    with (
        mock.patch.object(tasks.issue_vouchers, "delay_on_commit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        earn(ended_long_ago, 20, date=datetime.date(YEAR - 2, 11, 20))
    assert not Voucher.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.vouchers_catch_up()
    assert result["issued"] == 1
    voucher = Voucher.objects.get()
    assert voucher.participation_id == placement.participation_id and voucher.is_rendered
    assert ended_long_ago.participation_id != voucher.participation_id
    assert [m for m in mailoutbox if voucher.serial in m.subject]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.vouchers_catch_up() == {"issued": 0, "rendered": 0, "announced": 0}


@pytest.mark.django_db
def test_catch_up_renders_and_announces_a_voucher_left_without_files(
    django_capture_on_commit_callbacks, mailoutbox
):
    placement = student()
    with (
        mock.patch.object(tasks.render_voucher, "delay_on_commit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    assert not voucher.sha256 and not voucher.statement_sha256
    Voucher.objects.filter(pk=voucher.pk).update(
        created_at=timezone.now() - services.RENDER_GRACE * 2
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vouchers_catch_up()["rendered"] == 1
    voucher.refresh_from_db()
    assert voucher.is_rendered and voucher.notified_at is not None
    assert len([m for m in mailoutbox if voucher.serial in m.subject]) == 1


def test_the_daily_catch_up_is_scheduled():
    from lms.celery import app

    entry = app.conf.beat_schedule["certificates.vouchers-catch-up"]
    assert entry == {"task": "certificates.tasks.catch_up_vouchers", "schedule": 86400.0}


# --- The documents -------------------------------------------------------------------------


@pytest.mark.django_db
def test_voucher_and_statement_say_what_was_earned_with_the_verification_qr(
    django_capture_on_commit_callbacks,
):
    programme = ProgrammeFactory(title="Социальный кредит — Астана 2026")
    placement = student(programme=programme)
    second_host = OrganisationFactory(name="Дом ребёнка «Ақ бота»")
    other = student(user=placement.participation.user, programme=programme, host=second_host)
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 12)
        earn(other, 8)
    voucher = Voucher.objects.get()
    assert voucher.host_names == [HOST, "Дом ребёнка «Ақ бота»"]
    assert voucher.supervisor_names == [SUPERVISOR]
    participation = placement.participation
    with translation.override("ru"):
        money = f"{floatformat(Decimal(20000), '-2g')} KZT"
        period = [
            formats.date_format(day, "DATE_FORMAT")
            for day in (programme.starts_on, programme.ends_on)
        ]
    assert _flat(money) == "20 000 KZT"

    pdf = voucher.pdf.read()
    statement = voucher.statement_pdf.read()
    assert voucher.sha256 == hashlib.sha256(pdf).hexdigest()
    assert voucher.statement_sha256 == hashlib.sha256(statement).hexdigest()
    url = f"http://127.0.0.1:8000/v/{voucher.code}/"
    for data in (pdf, statement):
        text = _flat(pdf_text(data))
        assert voucher.serial in text
        assert NAME in text
        assert participation.student_id in text
        assert participation.university.name in text
        assert programme.title in text
        assert _flat(money) in text
        assert HOST in text and "Дом ребёнка «Ақ бота»" in text
        assert all(_flat(day) in text for day in period)
        assert qr_texts(data) == [url]
        fonts = pdf_fonts(data)
        assert fonts and all(font.startswith(("Vektor-Serif", "Vektor-Sans")) for font in fonts)
    assert SUPERVISOR in _flat(pdf_text(statement))


@pytest.mark.django_db
def test_documents_and_e_mail_are_in_the_students_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    placement = student(language="en")
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    assert voucher.language == "en"
    text = _flat(pdf_text(voucher.pdf.read()))
    assert "20,000 KZT" in text  # English digit grouping, whatever the interface spoke
    with translation.override("en"):
        first_day = formats.date_format(datetime.date(YEAR, 1, 1), "DATE_FORMAT")
    assert first_day in text
    assert "января" not in text
    mails = [m for m in mailoutbox if voucher.serial in m.subject]
    assert len(mails) == 1
    assert mails[0].to == [placement.participation.user.email]
    assert "20,000" in mails[0].subject
    assert f"/v/{voucher.code}/" in mails[0].body
    assert f"/en/vouchers/{voucher.code}.pdf" in mails[0].body
    assert f"/en/vouchers/{voucher.code}/statement.pdf" in mails[0].body


@pytest.mark.django_db
def test_a_russian_speaking_student_gets_russian(django_capture_on_commit_callbacks, mailoutbox):
    placement = student(language="ru")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    assert voucher.language == "ru"
    text = _flat(pdf_text(voucher.statement_pdf.read()))
    assert "1 января 2026" in text and "January" not in text
    mail = next(m for m in mailoutbox if voucher.serial in m.subject)
    assert _flat("20 000") in _flat(mail.subject)
    assert f"/vouchers/{voucher.code}.pdf" in mail.body and "/en/" not in mail.body


@pytest.mark.django_db
def test_the_snapshot_stays_when_names_change(django_capture_on_commit_callbacks):
    placement = student()
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    before = voucher.pdf.read()
    user = placement.participation.user
    user.full_name = "Другое Имя"
    user.save()
    Programme.objects.filter(pk=placement.participation.programme_id).update(title="Другое")
    tasks.issue_vouchers(user.pk)
    assert services.voucher_render(voucher_id=voucher.pk) is False
    voucher.refresh_from_db()
    assert voucher.pdf.read() == before
    assert voucher.recipient_name == NAME and voucher.programme_title != "Другое"


@pytest.mark.django_db
def test_no_name_never_prints_the_email(django_capture_on_commit_callbacks):
    placement = student(user=UserFactory(full_name="", email="hidden.student@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    voucher = Voucher.objects.get()
    assert voucher.recipient_name == "—"
    assert "hidden" not in pdf_text(voucher.pdf.read())
    assert "hidden" not in pdf_text(voucher.statement_pdf.read())


def test_vouchers_have_their_own_serial_prefix():
    assert settings.VOUCHER_SERIAL_PREFIX == "СК"
    assert settings.VOUCHER_SERIAL_PREFIX_LATIN == "SK"


# --- Races (PostgreSQL) --------------------------------------------------------------------


def _committed_hours(hours: float, **placement_fields):
    """A student with confirmed hours, committed, whose vouchers have not been issued."""
    placement = student(**placement_fields)
    with mock.patch.object(tasks.issue_vouchers, "delay_on_commit"):
        earn(placement, hours)
    return placement


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
def test_concurrent_issuing_for_one_student_pays_each_tier_once(pristine_db, mailoutbox):
    placement = _committed_hours(55)
    user_id = placement.participation.user_id
    errors = run_together(tasks.issue_vouchers, [(user_id,)] * 6)
    assert errors == []
    assert _amounts(placement) == [(20, Decimal("20000.00"), 2), (50, Decimal("30000.00"), 3)]
    assert [v.number for v in _vouchers(placement)] == [1, 2]
    assert all(v.is_rendered and v.notified_at for v in _vouchers(placement))
    serials = [v.serial for v in _vouchers(placement)]
    mailed = [serial for m in mailoutbox for serial in re.findall(r"СК-\d{4}-\d{6}", m.subject)]
    assert sorted(mailed) == serials  # one e-mail per voucher


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
def test_concurrent_students_get_consecutive_serials(pristine_db):
    programme = ProgrammeFactory()
    placements = [_committed_hours(20, programme=programme) for _ in range(5)]
    with mock.patch.object(tasks.render_voucher, "delay_on_commit"):
        errors = run_together(
            lambda user_id: services.voucher_issue_due(user_id=user_id),
            [(p.participation.user_id,) for p in placements],
        )
    assert errors == []
    assert sorted(Voucher.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
