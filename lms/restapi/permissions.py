"""Who may call what: the same rules as the web pages."""

from rest_framework import permissions

from lms.accounts import api as accounts
from lms.accounts.data import RegionScope

COORDINATOR_ROLE = "programme_coordinator"


def may_use_coordinator_api(user) -> bool:
    """Programme coordinators and administrators: the people who see the reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or accounts.user_has_role(user.pk, COORDINATOR_ROLE)


class CoordinatorScope(permissions.BasePermission):
    """Programme coordinators and administrators; the view then narrows its rows to
    :func:`scope_of` (the coordinator's regions, a national front office's whole country,
    everything for administrators)."""

    message = "Only programme coordinators may read their regions' records."

    def has_permission(self, request, view) -> bool:
        return may_use_coordinator_api(request.user)


def scope_of(request) -> RegionScope:
    scope = getattr(request, "_restapi_scope", None)
    if scope is None:
        scope = accounts.coordination_scope(request.user)
        request._restapi_scope = scope
    return scope
