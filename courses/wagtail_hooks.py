"""Admin screens: cohorts, enrolments and audiences."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, Cohort, Enrolment, TrainerProfile
from .packages.admin import ContentPackageViewSet


class CohortForm(WagtailAdminModelForm):
    def clean_trainers(self):
        trainers = self.cleaned_data.get("trainers") or []
        certified = set(
            TrainerProfile.objects.filter(
                user__in=trainers, certified_at__isnull=False, suspended_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        refused = [str(user) for user in trainers if user.pk not in certified]
        if refused:
            raise forms.ValidationError(
                _("Only certified trainers can run a cohort: %(names)s")
                % {"names": ", ".join(refused)}
            )
        return trainers


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
    edit_handler = ObjectList(Cohort.panels, base_form_class=CohortForm)

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


class TrainerProfileViewSet(SnippetViewSet):
    model = TrainerProfile
    icon = "user"
    menu_label = _("Trainers")
    list_display = [Column("user", label=_("Trainer")), "certified_at", "suspended_at"]
    list_filter = ["regions"]
    panels = [
        FieldPanel("user"),
        FieldPanel("regions"),
        FieldPanel("languages"),
        FieldPanel("topics"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("certified_at"),
        FieldPanel("suspended_at"),
        FieldPanel("suspended_reason"),
    ]

    def get_queryset(self, request):
        return TrainerProfile.objects.select_related("user")


# Webinars have no admin screen: every change must go through the trainer's pages, which
# raise the calendar SEQUENCE and tell registered people.


class LearningGroup(SnippetViewSetGroup):
    items = (
        CohortViewSet,
        EnrolmentViewSet,
        AudienceViewSet,
        TrainerProfileViewSet,
        ContentPackageViewSet,
    )
    menu_icon = "doc-full-inverse"
    menu_label = _("Learning")
    menu_name = "learning"


register_snippet(LearningGroup)
