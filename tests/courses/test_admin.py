"""Editors build courses in the Wagtail admin; cohorts and enrolments have admin screens."""

import pytest
from django.urls import reverse

from courses.models import CourseSectionPage, LessonPage
from tests.courses import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_editor_edits_courses_sections_and_lessons(client, site_tree):
    editor = UserFactory(groups=["Editors"])
    client.force_login(editor)
    course = builders.course(site_tree.home["ru"], lessons=1, quiz_last=True, sections=True)
    section = CourseSectionPage.objects.child_of(course).get()
    lesson = LessonPage.objects.descendant_of(course).get()
    for page in (course.get_parent(), course, section, lesson):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    add_lesson = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", section.pk])
    assert client.get(add_lesson).status_code == 200
    # Preview of a lesson works without an enrolment.
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))
    assert preview.status_code == 200
    assert "Проверка знаний" in preview.content.decode()
    # So does the preview of a lesson that is not published yet.
    draft = builders.lesson(section)
    draft.unpublish()
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert preview.status_code == 200


def test_superuser_sees_learning_screens(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in [
        "/admin/snippets/courses/cohort/",
        "/admin/snippets/courses/cohort/add/",
        "/admin/snippets/courses/enrolment/",
        "/admin/snippets/courses/audience/",
    ]:
        assert client.get(url).status_code == 200, url
