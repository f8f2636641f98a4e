"""Build a small trilingual page tree for tests (without the demo's PDF rendering)."""

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Page, Site

from lms.pages.models import ContentPage, HomePage, MaterialsLibraryPage, NewsIndexPage, NewsPage

TITLES = {
    "home": {"ru": "Вектор добровольчества", "kk": "Еріктілік векторы", "en": "Vektor"},
    "about": {"ru": "О проекте", "kk": "Жоба туралы", "en": "About the project"},
    "news": {"ru": "Новости", "kk": "Жаңалықтар", "en": "News"},
    "materials": {
        "ru": "Методические материалы",
        "kk": "Әдістемелік материалдар",
        "en": "Methodological materials",
    },
}


@dataclass
class SiteTree:
    home: dict[str, HomePage]
    about: dict[str, ContentPage]
    news: dict[str, NewsIndexPage]
    materials: dict[str, MaterialsLibraryPage]


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page: Page, language: str, **fields) -> Page:
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def build_site() -> SiteTree:
    languages = [code for code, _name in settings.LANGUAGES]
    for code in languages:
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node()
    home_ru = _publish(root, HomePage(title=TITLES["home"]["ru"], slug="home-ru"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home_ru, is_default_site=True)

    tree = SiteTree(home={"ru": home_ru}, about={}, news={}, materials={})
    tree.about["ru"] = _publish(
        home_ru,
        ContentPage(
            title=TITLES["about"]["ru"],
            slug="about",
            intro="Межрегиональное обучение",
            show_in_menus=True,
        ),
    )
    tree.news["ru"] = _publish(
        home_ru, NewsIndexPage(title=TITLES["news"]["ru"], slug="news", show_in_menus=True)
    )
    tree.materials["ru"] = _publish(
        home_ru,
        MaterialsLibraryPage(title=TITLES["materials"]["ru"], slug="materials", show_in_menus=True),
    )
    for code in languages[1:]:
        tree.home[code] = _translate(home_ru, code, title=TITLES["home"][code], slug=f"home-{code}")
        tree.about[code] = _translate(tree.about["ru"], code, title=TITLES["about"][code])
        tree.news[code] = _translate(tree.news["ru"], code, title=TITLES["news"][code])
        tree.materials[code] = _translate(
            tree.materials["ru"], code, title=TITLES["materials"][code]
        )
    return tree


def add_news(index: NewsIndexPage, count: int, *, prefix: str = "Новость") -> list[NewsPage]:
    start = index.get_children_count()
    return [
        _publish(index, NewsPage(title=f"{prefix} {n}", slug=f"news-{n}", intro="Кратко"))
        for n in range(start, start + count)
    ]
