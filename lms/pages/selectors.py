"""Read queries of the public site."""

from django.db.models import QuerySet
from wagtail.models import Locale, Page

from .models import Material, MaterialsLibraryPage, MaterialTopic, NewsIndexPage, NewsPage


def news_list(*, index_page: NewsIndexPage) -> QuerySet[NewsPage]:
    return (
        NewsPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("image")
        .order_by("-date", "-pk")
    )


def news_latest(*, locale: Locale, limit: int = 3) -> list[NewsPage]:
    return list(
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("image")
        .order_by("-date", "-pk")[:limit]
    )


def news_index_page(*, locale: Locale) -> NewsIndexPage | None:
    return NewsIndexPage.objects.live().filter(locale=locale).first()


def library_page(*, locale: Locale) -> MaterialsLibraryPage | None:
    return MaterialsLibraryPage.objects.live().filter(locale=locale).first()


def material_topics() -> QuerySet[MaterialTopic]:
    return MaterialTopic.objects.all()


def materials_list(*, topic: MaterialTopic | None = None, language: str = "", query: str = ""):
    """Materials, newest first, narrowed by topic and language; ranked by relevance with a query."""
    qs = Material.objects.select_related("topic")
    if topic is not None:
        qs = qs.filter(topic=topic)
    if language:
        qs = qs.filter(language=language)
    if query:
        return qs.search(query)
    return qs.order_by("-created_at", "-pk")


def materials_latest(*, limit: int = 4) -> list[Material]:
    return list(Material.objects.select_related("topic").order_by("-created_at", "-pk")[:limit])


def search_pages(*, query: str, locale: Locale):
    """Live, public pages of the reader's language that match the query, best first."""
    return Page.objects.live().public().filter(locale=locale).specific().search(query)


def search_materials(*, query: str):
    return Material.objects.select_related("topic").search(query)
