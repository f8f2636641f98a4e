"""The public site: home page, content pages, news and the methodological materials library."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.i18n import MultilingualNameMixin

from .blocks import BodyBlock

PAGE_SIZE = 12


class MaterialTopic(MultilingualNameMixin):
    """A topic of methodological materials (e.g. "Серебряное волонтёрство")."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_ru"]
        verbose_name = _("material topic")
        verbose_name_plural = _("material topics")


class Material(AbstractDocument):
    """A methodological material: a Wagtail document with a topic, a language and a summary."""

    description = models.TextField(_("description"), blank=True)
    topic = models.ForeignKey(
        MaterialTopic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("topic"),
    )
    language = models.CharField(
        _("language of the material"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    admin_form_fields = (*Document.admin_form_fields, "description", "topic", "language")

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description"),
        index.FilterField("language"),
        index.FilterField("topic_id"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = selectors.news_latest(locale=self.locale, limit=3)
        context["latest_materials"] = selectors.materials_latest(limit=4)
        context["materials_page"] = selectors.library_page(locale=self.locale)
        context["news_index"] = selectors.news_index_page(locale=self.locale)
        return context


class ContentPage(Page):
    """A standard page: about the project, how to join, contacts, methodology."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["pages.HomePage", "pages.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(selectors.news_list(index_page=self), PAGE_SIZE)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class MaterialsLibraryPage(Page):
    """The library of methodological materials, filterable by topic and language."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage", "pages.ContentPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("materials library")

    def get_context(self, request, *args, **kwargs):
        from . import selectors
        from .forms import MaterialFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = MaterialFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        materials = selectors.materials_list(**filters)
        paginator = Paginator(materials, PAGE_SIZE)
        context["filter_form"] = form
        context["materials_page"] = paginator.get_page(request.GET.get("page"))
        context["filters_active"] = any(filters.values())
        params = request.GET.copy()
        params.pop("page", None)
        context["filter_query"] = params.urlencode()
        return context
