"""Admin screens of the LTI tool: partner platforms (with their deployments and what the partner
enters on their side), the tool's keys with their rotation, and the scores sent back."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import services
from .models import GradeSync, Platform, ToolKey


class PartnerSetupPanel(HelpPanel):
    """What the partner enters in their LMS: our URLs and the client id they issued."""

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            from .views import tool_urls

            context = super().get_context_data(parent_context)
            context["urls"] = tool_urls()
            return context


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Looked at in the admin, never added, edited or deleted there."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class PlatformViewSet(SnippetViewSet):
    model = Platform
    icon = "link-external"
    menu_label = _("Partner platforms")
    list_display = ["name", "issuer", "client_id", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "issuer", "client_id"]
    panels = [
        PartnerSetupPanel(
            heading=_("What the partner enters on their side"),
            template="lti/admin/partner_setup.html",
        ),
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("is_active")],
            heading=_("Partner"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issuer"),
                FieldPanel("client_id"),
                FieldPanel("auth_login_url"),
                FieldPanel("auth_token_url"),
                FieldPanel("auth_audience"),
                FieldPanel("key_set_url"),
                FieldPanel("key_set"),
            ],
            heading=_("The platform's registration details"),
        ),
        InlinePanel("deployments", heading=_("Deployments"), label=_("Deployment"), min_num=1),
    ]


class ToolKeyIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.is_superuser:
            buttons.append(
                HeaderButton(_("Rotate keys"), url=reverse("lti_rotate_keys"), icon_name="rotate")
            )
        return buttons


class ToolKeyViewSet(SnippetViewSet):
    model = ToolKey
    icon = "key"
    menu_label = _("Tool keys")
    index_view_class = ToolKeyIndexView
    list_display = ["kid", "created_at", "retired_at"]
    panels = [FieldPanel(name, read_only=True) for name in ("kid", "created_at", "retired_at")]


class GradeSyncViewSet(SnippetViewSet):
    model = GradeSync
    icon = "resubmit"
    menu_label = _("Scores sent to platforms")
    inspect_view_enabled = True
    list_display = ["identity", "resource_link", "status", "score", "tries", "sent_at"]
    list_filter = ["status"]
    panels = [
        FieldPanel(name, read_only=True)
        for name in ("status", "score", "completed_at", "tries", "last_error", "sent_at")
    ]

    def get_queryset(self, request):
        return GradeSync.objects.select_related("identity__platform", "resource_link")


class LtiGroup(SnippetViewSetGroup):
    items = (PlatformViewSet, ToolKeyViewSet, GradeSyncViewSet)
    menu_icon = "link-external"
    menu_label = _("LTI: partner platforms")
    menu_name = "lti"
    add_to_settings_menu = True


register_permission_policy(ToolKey, ReadOnlyPolicy(ToolKey))
register_permission_policy(GradeSync, ReadOnlyPolicy(GradeSync))
register_snippet(LtiGroup)


@require_http_methods(["GET", "POST"])
def rotate_keys(request):
    """Confirm, then rotate: a new signing key; the old one stays published for a while."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        key = services.tool_key_rotate()
        messages.success(request, _("New signing key %(kid)s.") % {"kid": key.kid})
        return redirect(reverse("wagtailsnippets_lti_toolkey:list"))
    return TemplateResponse(
        request, "lti/admin/rotate_keys.html", {"overlap_days": settings.LTI_KEY_OVERLAP_DAYS}
    )


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("lti/keys/rotate/", rotate_keys, name="lti_rotate_keys")]
