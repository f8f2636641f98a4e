"""Admin screens: cohorts, enrolments and audiences."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, Cohort, Enrolment


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    list_display = [
        "title",
        Column("course", label=_("Course")),
        Column("region", label=_("Region")),
        "starts_on",
        "ends_on",
        "capacity",
    ]
    list_filter = ["region", "self_paced"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return Cohort.objects.select_related("course", "region")


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    list_display = [
        Column("user", label=_("Learner")),
        Column("course", label=_("Course")),
        Column("cohort", label=_("Cohort")),
        "enrolled_at",
        "completed_at",
    ]
    list_filter = ["source"]
    panels = [FieldPanel("user"), FieldPanel("course"), FieldPanel("cohort"), FieldPanel("source")]

    def get_queryset(self, request):
        return Enrolment.objects.select_related("user", "course", "cohort")


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "tag"
    menu_label = _("Audiences")
    list_display = ["name_ru", "name_kk", "name_en", "code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name_ru"),
        FieldPanel("name_kk"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]


class LearningGroup(SnippetViewSetGroup):
    items = (CohortViewSet, EnrolmentViewSet, AudienceViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Learning")
    menu_name = "learning"


register_snippet(LearningGroup)
