"""Demo pages and materials in Russian, Kazakh and English (idempotent).

The texts live in ``demo_content``; this module puts them into the page tree: one Russian tree
and its Kazakh and English translations, linked by Wagtail's translation keys.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Locale, Page, Site

from lms.demo import DemoContext

from . import demo_content as content
from .models import (
    ContentPage,
    HomePage,
    Material,
    MaterialsLibraryPage,
    MaterialTopic,
    NewsIndexPage,
    NewsPage,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _body(blocks: list) -> list[tuple[str, object]]:
    return [(kind, value) for kind, value in blocks]


def _ensure_page(parent: Page, model: type[Page], slug: str, fields: dict, **extra) -> Page:
    """The child of ``parent`` with ``slug``, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale=parent.locale, **fields, **extra)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _ensure_translation(page: Page, language: str, fields: dict) -> Page:
    """The translation of ``page`` into ``language``, created from ``fields`` if missing."""
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    # Placed under the parent's translation, which the caller created first.
    copy = page.specific.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def _tree_item(model: type[Page], parent: Page, slug: str, texts: dict, fields) -> Page:
    """A page and its translations: ``fields(language_texts)`` gives the model fields."""
    page = _ensure_page(parent, model, slug, fields(texts[settings.LANGUAGE_CODE]))
    for language in LANGUAGES:
        if language != settings.LANGUAGE_CODE:
            _ensure_translation(page, language, fields(texts[language]))
    return page


def _home(ctx: DemoContext) -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    ru = content.HOME[settings.LANGUAGE_CODE]
    if home is None:
        home = HomePage(
            title=ru["title"], slug="home-ru", intro=ru["intro"], body=_body(ru["body"])
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx.log("home page created")
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Вектор"
        site.save()
        # Wagtail's placeholder "Welcome" page goes once nothing points at it.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    for language in LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        texts = content.HOME[language]
        locale = Locale.objects.get(language_code=language)
        if home.get_translation_or_none(locale) is None:
            copy = home.copy_for_translation(locale, copy_parents=False)
            copy.title = texts["title"]
            copy.slug = f"home-{language}"
            copy.intro = texts["intro"]
            copy.body = _body(texts["body"])
            copy.save()
            copy.save_revision().publish()
    return home


def _material_pdf(item: dict) -> bytes:
    from weasyprint import HTML

    with translation.override(item["language"]):
        html = render_to_string("pages/demo_material.html", {"item": item})
    return HTML(string=html).write_pdf()


def _materials(ctx: DemoContext) -> None:
    topics = {}
    for index, topic in enumerate(content.TOPICS):
        topics[topic["slug"]], _created = MaterialTopic.objects.get_or_create(
            slug=topic["slug"],
            defaults={
                "name_ru": topic["ru"],
                "name_kk": topic["kk"],
                "name_en": topic["en"],
                "sort_order": index,
            },
        )
    created = 0
    for item in content.MATERIALS:
        if Material.objects.filter(title=item["title"]).exists():
            continue
        material = Material(
            title=item["title"],
            description=item["description"],
            topic=topics[item["topic"]],
            language=item["language"],
        )
        material.file.save(f"{item['slug']}.pdf", ContentFile(_material_pdf(item)), save=False)
        material.save()
        created += 1
    ctx.log(f"{len(topics)} topics, {len(content.MATERIALS)} materials ({created} new)")


def load(ctx: DemoContext) -> None:
    for language in LANGUAGES:
        Locale.objects.get_or_create(language_code=language)
    home = _home(ctx)

    for item in content.PAGES:
        _tree_item(
            ContentPage,
            home,
            item["slug"],
            item,
            lambda t: {
                "title": t["title"],
                "intro": t["intro"],
                "body": _body(t["body"]),
                "show_in_menus": True,
            },
        )

    news_index = _tree_item(
        NewsIndexPage,
        home,
        content.NEWS_INDEX["slug"],
        content.NEWS_INDEX,
        lambda t: {"title": t["title"], "intro": t["intro"], "show_in_menus": True},
    )
    for item in content.NEWS:
        _tree_item(
            NewsPage,
            news_index,
            item["slug"],
            item,
            lambda t, date=item["date"]: {
                "title": t["title"],
                "intro": t["intro"],
                "body": _body(t["body"]),
                "date": date,
            },
        )

    _tree_item(
        MaterialsLibraryPage,
        home,
        content.LIBRARY["slug"],
        content.LIBRARY,
        lambda t: {"title": t["title"], "intro": t["intro"], "show_in_menus": True},
    )
    _materials(ctx)
    ctx.log(f"{Page.objects.live().count()} live pages")
