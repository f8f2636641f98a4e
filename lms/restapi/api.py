"""What apps use to add their endpoints to the REST API (``rest_routes`` slot).

An app registers ``provider(router)`` in its ``AppConfig.ready()`` with
``lms.extensions.register("rest_routes", name, "app.rest.routes")``; the provider calls
``router.register(prefix, viewset, basename=...)``. Apps import this module only.
"""

from rest_framework.throttling import SimpleRateThrottle

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


__all__ = [
    "CoordinatorScope",
    "PageNumberPagination",
    "PersonSerializer",
    "VerifyThrottle",
    "may_use_coordinator_api",
    "scope_of",
]
