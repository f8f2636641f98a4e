"""Admin screens of social credit: programmes (with their voucher tiers, universities and
hosts) are edited here; students and placements are shown, and changed on the site, where the
rules hold and people are told."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import ProgrammeAdminForm
from .models import Participation, Placement, Programme


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "pick"
    menu_label = _("Programmes")
    list_display = ["title", "organisation", "starts_on", "ends_on", "hour_cap", "is_open"]
    list_filter = ["is_open", "currency"]
    search_fields = ["title"]
    edit_handler = ObjectList(Programme.panels, base_form_class=ProgrammeAdminForm)

    def get_queryset(self, request):
        return Programme.objects.select_related("organisation")


class ParticipationViewSet(SnippetViewSet):
    model = Participation
    icon = "group"
    menu_label = _("Students")
    inspect_view_enabled = True
    list_display = [
        Column("user", label=_("Student")),
        "student_id",
        Column("university", label=_("University")),
        Column("programme", label=_("Programme")),
        "created_at",
    ]
    list_filter = ["programme"]
    search_fields = ["student_id"]
    panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("programme", read_only=True),
        FieldPanel("university"),
        FieldPanel("student_id"),
    ]

    def get_queryset(self, request):
        return Participation.objects.select_related("user", "university", "programme")


class PlacementViewSet(SnippetViewSet):
    model = Placement
    icon = "site"
    menu_label = _("Placements")
    inspect_view_enabled = True
    list_display = [
        Column("participation", label=_("Student")),
        Column("host", label=_("Host organisation")),
        Column("supervisor", label=_("Supervisor")),
        "status",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["motivation", "feedback"]
    panels = [
        FieldPanel("participation", read_only=True),
        FieldPanel("host", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("supervisor", read_only=True),
        FieldPanel("starts_on", read_only=True),
        FieldPanel("motivation", read_only=True),
        FieldPanel("decline_reason", read_only=True),
        FieldPanel("feedback", read_only=True),
    ]

    def get_queryset(self, request):
        return Placement.objects.select_related(
            "participation__user", "participation__programme", "host", "supervisor"
        )


class SocialCreditGroup(SnippetViewSetGroup):
    items = (ProgrammeViewSet, ParticipationViewSet, PlacementViewSet)
    menu_icon = "pick"
    menu_label = _("Social credit")
    menu_name = "social_credit"


register_snippet(SocialCreditGroup)
