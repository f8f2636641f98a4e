"""Wagtail search over the pages of the reader's language and the materials library."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.pages.models import ContentPage
from tests.factories import MaterialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(site_tree):
    page = ContentPage(
        title="Серебряное волонтёрство", slug="silver", intro="Добровольцы старшего возраста"
    )
    site_tree.home["ru"].add_child(instance=page)
    page.save_revision().publish()
    draft = ContentPage(title="Черновик про волонтёрство", slug="draft", live=False)
    site_tree.home["ru"].add_child(instance=draft)
    MaterialFactory(title="Серебряное волонтёрство: памятка", language="ru")
    MaterialFactory(title="Coordinator handbook", language="en")
    return site_tree


def test_search_finds_pages_and_materials(client, searchable):
    response = client.get("/search/?q=волонтёрство")
    assert response.status_code == 200
    pages = [p.title for p in response.context["results"]]
    assert "Серебряное волонтёрство" in pages
    assert "Черновик про волонтёрство" not in pages  # drafts stay private
    materials = [m.title for m in response.context["materials"]]
    assert materials == ["Серебряное волонтёрство: памятка"]


def test_search_is_limited_to_the_readers_language(client, searchable):
    assert [p.title for p in client.get("/search/?q=Жоба").context["results"]] == []
    kk = client.get("/kk/search/?q=Жоба")
    assert [p.title for p in kk.context["results"]] == ["Жоба туралы"]
    assert "Жоба туралы" in kk.content.decode()


def test_search_with_nothing_found_and_empty_query(client, searchable):
    body = client.get("/en/search/?q=zzzqqq").content.decode()
    assert "No pages found for “zzzqqq”." in body
    empty = client.get("/en/search/")
    assert empty.context["results"] is None
    assert "Type a word or two" in empty.content.decode()


def test_quotes_and_symbols_in_a_query_are_harmless(client, searchable):
    for query in ['"', '"волонтёрство', "волонтёрство\"'", "*", "(a OR b", "NEAR(", "--", "\\"]:
        assert client.get("/search/", {"q": query}).status_code == 200, query
        assert client.get("/materials/", {"q": query}).status_code == 200, query
    found = client.get("/search/", {"q": '"волонтёрство"'}).context["results"]
    assert "Серебряное волонтёрство" in [p.title for p in found]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=250), page=st.text(max_size=6))
def test_any_query_gets_an_answer(client, searchable, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code == 200
