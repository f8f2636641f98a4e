"""Editors work on every page type and on materials in the Wagtail admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.pages.models import Material
from tests.factories import MaterialTopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = UserFactory(groups=["Editors"])
    client.force_login(editor)
    return client


def test_editor_opens_every_page_type(editor_client, site_tree):
    for page in [
        site_tree.home["ru"],
        site_tree.about["kk"],
        site_tree.news["en"],
        site_tree.materials["ru"],
    ]:
        response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    add_news = reverse(
        "wagtailadmin_pages:add", args=["pages", "newspage", site_tree.news["ru"].pk]
    )
    assert editor_client.get(add_news).status_code == 200


def test_editor_uploads_a_material_with_topic_and_language(editor_client):
    topic = MaterialTopicFactory()
    form = editor_client.get(reverse("wagtaildocs:add")).content.decode()
    assert 'name="topic"' in form and 'name="language"' in form
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Памятка наставника",
            "file": SimpleUploadedFile("pamyatka.pdf", b"%PDF-1.4 test", "application/pdf"),
            "collection": 1,
            "description": "Первые встречи",
            "topic": topic.pk,
            "language": "kk",
        },
    )
    assert response.status_code == 302
    material = Material.objects.get(title="Памятка наставника")
    assert (material.topic, material.language) == (topic, "kk")


def test_pages_can_be_sent_for_translation(editor_client, site_tree):
    url = reverse("wagtail_localize:submit_page_translation", args=[site_tree.about["ru"].pk])
    assert editor_client.get(url).status_code == 200
