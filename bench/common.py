"""Pieces the benchmarks share."""

from typing import Any


def build_site(**catalog_fields: Any) -> Any:
    """As the tests build it: locales, a home page under the root, the default site pointing
    at it and the course catalog (slug ``courses``) under the home page."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from courses.models import CourseCatalogPage
    from lms.pages.models import HomePage

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home = HomePage(title="Вектор добровольчества", slug="home-ru")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    catalog = CourseCatalogPage(
        title="Курсы", slug="courses", intro="Дистанционные курсы", **catalog_fields
    )
    home.add_child(instance=catalog)
    catalog.save_revision().publish()
    return catalog
