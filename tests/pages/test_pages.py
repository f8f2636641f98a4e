"""The public site: home page in each language, content pages, news, materials library."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.pages.forms import MaterialFilterForm
from lms.pages.models import NewsPage
from tests.factories import MaterialFactory, MaterialTopicFactory
from tests.queries import queries_for
from tests.sitetree import add_news

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "language", "title", "ui_text"),
    [
        ("/", "ru", "Вектор добровольчества", "Войти"),
        ("/kk/", "kk", "Еріктілік векторы", "Кіру"),
        ("/en/", "en", "Vektor", "Sign in"),
    ],
)
def test_home_page_in_each_language(client, site_tree, url, language, title, ui_text):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert f"<h1>{title}</h1>" in body
    assert ui_text in body
    # The menu lists this language's pages, and the switcher links to the other languages.
    menu = {"ru": "О проекте", "kk": "Жоба туралы", "en": "About the project"}
    assert menu[language] in body
    for other, other_url in [("ru", "/"), ("kk", "/kk/"), ("en", "/en/")]:
        assert f'href="{other_url}" lang="{other}"' in body


def test_language_switcher_keeps_the_page(client, site_tree):
    body = client.get("/kk/about/").content.decode()
    assert "<h1>Жоба туралы</h1>" in body
    assert 'href="/about/" lang="ru"' in body
    assert 'href="/en/about/" lang="en"' in body


def test_untranslated_page_falls_back_to_that_languages_home(client, site_tree):
    from lms.pages.models import ContentPage

    only_ru = ContentPage(title="Только по-русски", slug="only-ru")
    site_tree.home["ru"].add_child(instance=only_ru)
    only_ru.save_revision().publish()
    body = client.get("/only-ru/").content.decode()
    assert 'href="/kk/" lang="kk"' in body
    assert client.get("/kk/only-ru/").status_code == 404


def test_unknown_page_is_a_friendly_404(client, site_tree):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_news_index_lists_newest_first_and_paginates(client, site_tree):
    import datetime

    news = add_news(site_tree.news["ru"], 14)
    for offset, item in enumerate(news):
        NewsPage.objects.filter(pk=item.pk).update(
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=offset)
        )
    first = client.get("/news/").content.decode()
    assert first.index("Новость 13") < first.index("Новость 12")
    assert "Новость 1<" not in first
    assert "Страница 1 из 2" in first
    second = client.get("/news/?page=2").content.decode()
    assert "Новость 0" in second
    assert client.get("/news/?page=abc").status_code == 200
    news_page = client.get(news[0].url)
    assert news_page.status_code == 200
    assert "Новость 0" in news_page.content.decode()


def test_news_index_empty_state(client, site_tree):
    assert "No news yet." in client.get("/en/news/").content.decode()


def test_materials_library_filters_by_topic_and_language(client, site_tree):
    silver = MaterialTopicFactory(slug="silver", name_ru="Серебряное волонтёрство")
    mentoring = MaterialTopicFactory(slug="mentoring", name_ru="Наставничество")
    MaterialFactory(title="Пожилые добровольцы", topic=silver, language="ru")
    MaterialFactory(title="Күміс еріктілер", topic=silver, language="kk")
    MaterialFactory(title="Mentor's first meeting", topic=mentoring, language="en")

    def titles(query: str) -> set[str]:
        page = client.get(f"/materials/{query}").context["materials_page"]
        return {m.title for m in page}

    assert titles("") == {"Пожилые добровольцы", "Күміс еріктілер", "Mentor's first meeting"}
    assert titles("?topic=silver") == {"Пожилые добровольцы", "Күміс еріктілер"}
    assert titles("?topic=silver&language=kk") == {"Күміс еріктілер"}
    assert titles("?language=en") == {"Mentor's first meeting"}
    assert titles("?topic=mentoring&language=ru") == set()

    body = client.get("/materials/?topic=mentoring&language=ru").content.decode()
    assert "Нет материалов по этим условиям." in body
    # A filter that is not understood is dropped with a message, not an error page.
    response = client.get("/materials/?topic=nonexistent&language=xx")
    assert response.status_code == 200
    assert len(response.context["materials_page"].object_list) == 3
    assert "Некоторые условия не распознаны" in response.content.decode()


def test_materials_library_text_query_and_labels(client, site_tree):
    MaterialFactory(title="Памятка координатора", description="первая встреча с добровольцами")
    MaterialFactory(title="Volunteer handbook", description="for coordinators", language="en")
    body = client.get("/materials/?q=памятка").content.decode()
    assert "Памятка координатора" in body
    assert "Volunteer handbook" not in body
    # Every filter control has a visible label tied to it.
    for field in ("id_q", "id_topic", "id_language"):
        assert f'for="{field}"' in body and f'id="{field}"' in body


def test_material_downloads(client, site_tree):
    material = MaterialFactory(title="Руководство")
    response = client.get(material.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def _grow(site_tree, size: int) -> None:
    topic = MaterialTopicFactory()
    MaterialFactory.create_batch(size, topic=topic)
    add_news(site_tree.news["ru"], size)


@pytest.mark.parametrize(
    "url", ["/", "/news/", "/materials/", "/materials/?language=ru", "/about/"]
)
def test_page_queries_do_not_grow_with_data(client, site_tree, url):
    _grow(site_tree, 10)
    small = queries_for(client, url)
    _grow(site_tree, 90)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with 10 items, {large} with 100"


def test_dates_follow_the_language(client, site_tree):
    import datetime

    item = add_news(site_tree.news["ru"], 1)[0]
    NewsPage.objects.filter(pk=item.pk).update(date=datetime.date(2026, 3, 8))
    assert "8 марта 2026" in client.get("/news/").content.decode()


@settings(max_examples=50, deadline=None)
@given(
    data=st.dictionaries(
        st.sampled_from(["q", "topic", "language", "page", "other"]), st.text(max_size=60)
    )
)
def test_materials_filters_never_fail(data):
    form = MaterialFilterForm(data)
    filters = form.cleaned_filters()
    assert set(filters) == {"topic", "language", "query"}
    assert filters["language"] in {"", "ru", "kk", "en"}
    assert '"' not in filters["query"] and filters["query"] == filters["query"].strip()


def test_kazakh_dates_are_written_the_kazakh_way(client, site_tree):
    import datetime

    item = add_news(site_tree.news["kk"], 1)[0]
    NewsPage.objects.filter(pk=item.pk).update(date=datetime.date(2026, 12, 8))
    assert "08.12.2026" in client.get("/kk/news/").content.decode()
