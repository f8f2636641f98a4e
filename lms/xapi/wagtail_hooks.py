"""Admin screen of the xAPI outbox: read-only, for administrators to see what reached the LRS."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Statement


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Statements are looked at, never added, edited or deleted in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class StatementViewSet(SnippetViewSet):
    model = Statement
    icon = "resubmit"
    menu_label = _("xAPI statements")
    menu_name = "xapi_statements"
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ["verb", "status", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["verb", "status"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel(name, read_only=True)
        for name in ("verb", "status", "created_at", "sent_at", "attempts", "last_error")
    ]


register_permission_policy(Statement, ReadOnlyPolicy(Statement))
register_snippet(StatementViewSet)
