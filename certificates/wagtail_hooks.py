"""Admin screens: certificate templates (with a PDF preview), courses' certificate settings,
the issued social-credit vouchers (read-only) and a link to the issued certificates."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import CourseCertificateForm
from .models import CertificateTemplate, CourseCertificate, Voucher


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Vouchers are issued by the platform and marked paid on the site, where the rules
    hold: in the admin they are inspected, never added, edited or deleted."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(Voucher, ReadOnlyPolicy(Voucher))


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


class VoucherViewSet(SnippetViewSet):
    model = Voucher
    icon = "tag"
    menu_label = _("Social-credit vouchers")
    inspect_view_enabled = True
    list_display = [
        "serial",
        "recipient_name",
        "programme_title",
        "university_name",
        "tier_hours",
        Column("amount", label=_("Amount")),
        "currency",
        "credits",
        "status",
        "created_at",
    ]
    list_filter = ["status", "currency", "year", "language"]
    search_fields = ["serial", "recipient_name", "student_id"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields_exclude = ["code", "pdf", "statement_pdf"]

    def get_queryset(self, request):
        return Voucher.objects.select_related("user", "paid_by")


class CertificatesGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CourseCertificateViewSet, VoucherViewSet)
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
