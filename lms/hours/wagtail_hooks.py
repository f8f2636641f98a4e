"""Admin screen of the hours ledger: a Wagtail snippet with its own menu item, among the
platform's groups ("Organisations", "Certificates").

Decisions are taken on the site (``/hours/confirm/``), where the rules hold and the person is
told; here the status and the decision are shown, not edited.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import HoursEntry


class HoursEntryViewSet(SnippetViewSet):
    model = HoursEntry
    icon = "time"
    menu_label = _("Volunteer hours")
    menu_name = "volunteer_hours"
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        Column("user", label=_("Person")),
        Column("organisation", label=_("Organisation")),
        "date",
        Column("hours", label=_("Hours")),
        "source",
        "status",
    ]
    list_filter = ["status", "source", "date"]
    search_fields = ["description"]
    ordering = ["-date", "-pk"]
    panels = [
        FieldPanel("user"),
        FieldPanel("organisation"),
        FieldPanel("date"),
        FieldPanel("minutes"),
        FieldPanel("source"),
        FieldPanel("description"),
        FieldPanel("evidence"),
        FieldPanel("status", read_only=True),
        FieldPanel("rejection_reason", read_only=True),
        FieldPanel("decided_by", read_only=True),
        FieldPanel("decided_at", read_only=True),
        FieldPanel("source_ref", read_only=True),
    ]

    def get_queryset(self, request):
        return HoursEntry.objects.select_related("user", "organisation")


register_snippet(HoursEntryViewSet)
