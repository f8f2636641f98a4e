"""The upload form of the content packages' admin screen."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class ContentPackageForm(WagtailAdminModelForm):
    """Title and archive. The archive is checked and stored by the service the admin views
    call (``package_import`` / ``package_replace``); its refusals are shown on this field."""

    archive = forms.FileField(
        label=_("Package archive"),
        required=False,
        help_text=_(
            "A SCORM 1.2 or SCORM 2004 package (.zip with imsmanifest.xml) or H5P content "
            "(.h5p). When editing: leave empty to keep the current files."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.h5p"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the title from the package's manifest.")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("archive"):
            self.add_error("archive", _("Choose the package archive to upload."))
        if self.instance.pk is not None and not cleaned.get("title") and not cleaned.get("archive"):
            self.add_error("title", _("Give the package a title."))
        return cleaned
