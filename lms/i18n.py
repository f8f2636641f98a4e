"""Small helpers for data that carries its own name in each of the site's languages."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def active_language() -> str:
    """The active language reduced to one of ours (``kk-kz`` → ``kk``), default otherwise."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


class MultilingualNameMixin(models.Model):
    """A name in Russian (required), Kazakh and English; ``name`` is the one for the reader.

    Used for reference data that editors keep in the database (regions, topics), where Wagtail's
    page translation would be too heavy.
    """

    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{active_language()}", "") or self.name_ru
