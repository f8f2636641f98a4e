"""Admin screens for regions, organisations and roles (Wagtail snippets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Direction, Membership, Organisation, Region


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name_ru", "name_kk", "name_en", "code", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name_ru", "name_kk", "name_en", "code"]
    ordering = ["country", "name_ru"]
    panels = [
        FieldPanel("name_ru"),
        FieldPanel("name_kk"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("country"),
        FieldPanel("time_zone"),
    ]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = [
        "name",
        "kind",
        Column("region", label=_("Region")),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Organisation.objects.select_related("region")


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Roles")
    list_display = [
        Column("user", label=_("Person")),
        "role",
        Column("organisation", label=_("Organisation")),
        "created_at",
    ]
    list_filter = ["role", "organisation__region"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    panels = [FieldPanel("user"), FieldPanel("organisation"), FieldPanel("role")]

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "organisation")


class DirectionViewSet(SnippetViewSet):
    model = Direction
    icon = "tag"
    menu_label = _("Directions")
    list_display = ["name_ru", "name_kk", "name_en", "code", "sort_order"]
    search_fields = ["name_ru", "name_kk", "name_en", "code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name_ru"),
        FieldPanel("name_kk"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]


class PeopleGroup(SnippetViewSetGroup):
    items = (RegionViewSet, OrganisationViewSet, MembershipViewSet, DirectionViewSet)
    menu_icon = "group"
    menu_label = _("Organisations")
    menu_name = "organisations"


register_snippet(PeopleGroup)
