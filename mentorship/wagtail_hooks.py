"""Admin screens of mentorship: programmes and their rules are edited here. Mentors, children,
matches and sessions are managed on the site's coordinator pages, where the rules hold, every
view of a child's record is audited and no child's code reaches the admin's history."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms.admin import ProgrammeAdminForm
from .models import MentoringProgramme


class ProgrammeViewSet(SnippetViewSet):
    model = MentoringProgramme
    icon = "group"
    menu_label = _("Mentoring programmes")
    menu_name = "mentoring_programmes"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["title", "organisation", "meetings_per_month", "alert_after_days", "is_open"]
    list_filter = ["is_open"]
    search_fields = ["title"]
    edit_handler = ObjectList(MentoringProgramme.panels, base_form_class=ProgrammeAdminForm)

    def get_queryset(self, request):
        return MentoringProgramme.objects.select_related("organisation")


register_snippet(ProgrammeViewSet)


@hooks.register("register_admin_menu_item")
def register_coordinator_pages():
    return MenuItem(
        _("Mentoring: coordinators' pages"),
        reverse("mentorship:index"),
        icon_name="user",
        order=261,
    )
