"""What apps use to add their endpoints to the REST API (``rest_routes`` slot).

An app registers ``provider(router)`` in its ``AppConfig.ready()`` with
``lms.extensions.register("rest_routes", name, "app.rest.routes")``; the provider calls
``router.register(prefix, viewset, basename=...)``. Apps import this module only.
"""

import abc

from django.db.models import Expression, QuerySet
from rest_framework import mixins, viewsets
from rest_framework.throttling import SimpleRateThrottle

from lms.accounts import api as accounts

from .pagination import PageNumberPagination
from .permissions import CoordinatorScope, may_use_coordinator_api, scope_of
from .serializers import PersonSerializer


class VerifyThrottle(SimpleRateThrottle):
    """The ``verify`` rate (``API_THROTTLE_VERIFY``) for look-ups of certificates and vouchers
    by code, per client address whoever is signed in: codes must not be guessed by brute
    force."""

    scope = "verify"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


REGION = "api_region"  # the annotation region-scoped lists filter and show by


class RegionScopedList(mixins.ListModelMixin, viewsets.GenericViewSet, abc.ABC):
    """A programme coordinator's list of records of their regions (administrators: all).

    Subclasses give ``region_expression()`` (where a record counts: the reports' rule for
    its kind) and ``base_queryset()``; rows are annotated with ``REGION`` and cut to the
    person's scope, and serializers find the regions' ISO codes in the context's
    ``region_codes``."""

    permission_classes = [CoordinatorScope]

    @abc.abstractmethod
    def base_queryset(self) -> QuerySet:
        """The records, before the scope cut."""

    @abc.abstractmethod
    def region_expression(self) -> Expression:
        """The region id a record counts in (an expression over its fields)."""

    def get_queryset(self) -> QuerySet:
        qs = self.base_queryset().annotate(**{REGION: self.region_expression()})
        if getattr(self, "swagger_fake_view", False):
            return qs.none()
        scope = scope_of(self.request)
        if not scope.everything:
            qs = qs.filter(**{f"{REGION}__in": scope.region_ids})
        return qs

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            regions = accounts.regions_of(scope_of(self.request))
            context["region_codes"] = {region.id: region.code for region in regions}
        else:
            context["region_codes"] = {}
        return context


__all__ = [
    "REGION",
    "CoordinatorScope",
    "PageNumberPagination",
    "PersonSerializer",
    "RegionScopedList",
    "VerifyThrottle",
    "may_use_coordinator_api",
    "scope_of",
]
