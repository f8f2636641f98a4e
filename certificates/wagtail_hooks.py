"""Admin screens: certificate templates (with a PDF preview), courses' certificate settings,
and a link to the issued certificates."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import CourseCertificateForm
from .models import CertificateTemplate, CourseCertificate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    list_display = ["name", "language", "orientation", "is_default", "updated_at"]
    list_filter = ["language", "orientation", "is_default"]
    search_fields = ["name"]


class CourseCertificateViewSet(SnippetViewSet):
    model = CourseCertificate
    icon = "pick"
    menu_label = _("Courses' certificates")
    list_display = ["course", "valid_months"]
    edit_handler = ObjectList(CourseCertificate.panels, base_form_class=CourseCertificateForm)

    def get_queryset(self, request):
        return CourseCertificate.objects.select_related("course")


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CourseCertificateViewSet)
    menu_icon = "doc-full"
    menu_label = _("Certificates")
    menu_name = "certificates"


register_snippet(CertificatesGroup)


def template_preview_pdf(request, pk: int):
    from .views import template_preview_response

    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    return template_preview_response(get_object_or_404(CertificateTemplate, pk=pk))


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path(
            "certificates/templates/<int:pk>/preview.pdf",
            template_preview_pdf,
            name="certificates_template_preview",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def preview_button(snippet, user, next_url=None):
    if isinstance(snippet, CertificateTemplate):
        yield ListingButton(
            _("Preview as PDF"),
            reverse("certificates_template_preview", args=[snippet.pk]),
            priority=20,
            icon_name="view",
            attrs={"target": "_blank", "rel": "noopener"},
        )


class IssuedCertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        from .selectors import can_manage_any

        return can_manage_any(user=request.user)


@hooks.register("register_admin_menu_item")
def issued_certificates_item():
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("certificates:manage")
    return IssuedCertificatesMenuItem(
        _("Issued certificates"), url, icon_name="tick-inverse", order=310
    )
