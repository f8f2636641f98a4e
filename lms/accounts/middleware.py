import zoneinfo

from django.utils import timezone

from .api import user_time_zone


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in person's zone (theirs, else their region's)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user_time_zone(user)))
        else:
            timezone.deactivate()
        return self.get_response(request)
