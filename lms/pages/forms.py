from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import MaterialTopic

MAX_QUERY_LENGTH = 200


def normalise_query(text: str) -> str:
    """Collapse white space and drop double quotes, which the SQLite full-text backend passes
    unescaped into its MATCH expression (a stray quote would be a syntax error)."""
    return " ".join(text.replace('"', " ").split())


class FilterForm(forms.Form):
    """Filters of a list page (from the query string). A value that is not understood is
    dropped (and shown as an error), never an error page."""

    def valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class MaterialFilterForm(FilterForm):
    """Filters of the materials library."""

    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY_LENGTH)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=MaterialTopic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All languages")), *settings.LANGUAGES],
        required=False,
    )

    def cleaned_filters(self) -> dict:
        data = self.valid_data()
        return {
            "topic": data.get("topic"),
            "language": data.get("language", ""),
            "query": normalise_query(data.get("q", "")),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_LENGTH)

    def query(self) -> str:
        if not self.is_valid():
            return ""
        return normalise_query(self.cleaned_data["q"])
