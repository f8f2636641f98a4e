"""Sections other apps add to the volunteer book (the ``volunteer_book`` slot)."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lms.extensions import BookSection
from tests.factories import OrganisationFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of

pytestmark = pytest.mark.django_db

asked: list[tuple[int, int | None]] = []


def feedback(user_id: int, year: int | None) -> list[BookSection]:
    """A provider as an app would write it: sections for the person it knows, none else."""
    asked.append((user_id, year))
    if user_id not in book_owners:
        return []
    return [
        BookSection(
            title="Отзыв руководителя практики",
            subtitle="Ольга Иванова, Приют «Тёплый дом»",
            text="Пунктуальна и внимательна.\nВела занятия <b>с детьми</b> & взрослыми.",
            order=60,
        )
    ]


def first_word(user_id: int, year: int | None) -> list[BookSection]:
    """Registered under a later name, but ordered first."""
    if user_id not in book_owners:
        return []
    return [BookSection(title="Рекомендация университета", order=10)]


book_owners: set[int] = set()


@pytest.fixture
def providers(slots):
    asked.clear()
    book_owners.clear()
    slots.register("volunteer_book", "a-feedback", "tests.hours.test_book.feedback")
    slots.register("volunteer_book", "b-first-word", "tests.hours.test_book.first_word")
    yield
    asked.clear()
    book_owners.clear()


def _lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _book(client, person, query: str = "") -> list[str]:
    client.force_login(person)
    response = client.get(f"/hours/book.pdf{query}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    return _lines(response.content)


def test_the_book_prints_the_sections_after_the_activities(client, providers):
    person = UserFactory()
    book_owners.add(person.pk)
    organisation = OrganisationFactory()
    HoursEntryFactory(
        user=person,
        organisation=organisation,
        status="confirmed",
        decided_by=supervisor_of(organisation),
        decided_at=timezone.now(),
        description="Смена в столовой приюта",
    )
    lines = _book(client, person)
    text = "\n".join(lines)
    activity = text.index("Смена в столовой приюта")
    first, second = text.index("Рекомендация университета"), text.index("Отзыв руководителя")
    assert activity < first < second  # after the activities, by order
    assert "Ольга Иванова, Приют «Тёплый дом»" in lines
    # Plain text: the line break is kept, markup is printed as it was written.
    said = lines.index("Пунктуальна и внимательна.")
    assert lines[said + 1] == "Вела занятия <b>с детьми</b> & взрослыми."
    assert asked == [(person.pk, None)]


def test_the_book_of_a_year_asks_for_that_year(client, providers):
    person = UserFactory()
    _book(client, person, "?year=2025")
    assert asked == [(person.pk, 2025)]


def test_without_sections_the_book_is_as_before(client, providers):
    lines = _book(client, UserFactory())
    text = "\n".join(lines)
    assert "Рекомендация университета" not in text and "Отзыв руководителя" not in text
    assert "Пунктуальна" not in text
