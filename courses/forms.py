from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import RegionChoiceField
from lms.pages.forms import MAX_QUERY_LENGTH, FilterForm, normalise_query

from .models import Audience


class CatalogFilterForm(FilterForm):
    """The catalog's filters."""

    FORMATS = [
        ("", _("Any format")),
        ("self_paced", _("Self-paced")),
        ("cohort", _("With a cohort")),
    ]

    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY_LENGTH)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *settings.LANGUAGES], required=False
    )
    audience = forms.ModelChoiceField(
        label=_("For whom"),
        queryset=Audience.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Everyone"),
    )
    region = RegionChoiceField(label=_("Region"), required=False, empty_label=_("All regions"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.choices = self.fields["region"].grouped_choices()

    def cleaned_filters(self) -> dict:
        data = self.valid_data()
        return {
            "language": data.get("language", ""),
            "audience": data.get("audience"),
            "region": data.get("region"),
            "course_format": data.get("format", ""),
            "query": normalise_query(data.get("q", "")),
        }


class EnrolmentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of people (CSV)"),
        help_text=_(
            "A table saved as CSV: the first line names the columns, one of them “email” "
            "(and, if you like, “full_name”). Each person must already have an account."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
