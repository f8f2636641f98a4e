from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import RegionChoiceField
from lms.pages.forms import FilterForm
from lms.pages.models import MaterialTopic
from lms.web import DateInput, DateTimeLocalInput

from ..models import Cohort, CoursePage
from .models import Webinar


def _zone_help() -> str:
    return _("In your time zone: %(zone)s. Each participant sees it in their own.") % {
        "zone": timezone.get_current_timezone_name()
    }


class DirectoryFilterForm(FilterForm):
    region = RegionChoiceField(label=_("Region"), required=False, empty_label=_("All regions"))
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=MaterialTopic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *settings.LANGUAGES], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = self.fields["region"].grouped_choices()

    def cleaned_filters(self) -> dict:
        data = self.valid_data()
        region, topic = data.get("region"), data.get("topic")
        return {
            "region_id": region.pk if region else None,
            "topic_id": topic.pk if topic else None,
            "language": data.get("language") or None,
        }


class TrainerProfileForm(forms.Form):
    """What a trainer says about themselves. Their regions are set by coordinators (they
    decide where a trainer may open cohorts and who oversees them)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages you train in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=MaterialTopic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("About you"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Experience, what you teach, how to reach you: a few sentences."),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG or PNG, up to 5 MB."),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class WebinarForm(forms.ModelForm):
    class Meta:
        model = Webinar
        fields = [
            "title",
            "course",
            "cohort",
            "starts_at",
            "duration_minutes",
            "capacity",
            "meeting_url",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, trainer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cohorts = Cohort.objects.filter(trainers=trainer).select_related("course")
        self.fields["cohort"].queryset = cohorts
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["starts_at"].help_text = _zone_help()

    def clean(self):
        cleaned = super().clean()
        cohort, course = cleaned.get("cohort"), cleaned.get("course")
        if cohort and course and cohort.course_id != course.pk:
            self.add_error("cohort", _("This cohort belongs to another course."))
        starts_at = cleaned.get("starts_at")
        if starts_at and starts_at <= timezone.now():
            self.add_error("starts_at", _("Choose a start time in the future."))
        return cleaned


class WebinarEditForm(forms.ModelForm):
    class Meta:
        model = Webinar
        fields = [
            "title",
            "starts_at",
            "duration_minutes",
            "capacity",
            "meeting_url",
            "description",
            "recording_url",
            "materials",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "materials": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _zone_help()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CohortOpenForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    region = forms.ModelChoiceField(label=_("Region"), queryset=RegionChoiceField().queryset)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Empty: no limit."),
    )

    def __init__(self, *args, regions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().filter(trains_trainers=False)
        self.fields["region"].queryset = regions

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["ends_on"] < cleaned["starts_on"]
        ):
            self.add_error("ends_on", _("The cohort cannot end before it starts."))
        return cleaned


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance report (CSV)"),
        help_text=_(
            "BigBlueButton: the learning dashboard's “Download session data”. Zoom: the "
            "meeting's participants report."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
