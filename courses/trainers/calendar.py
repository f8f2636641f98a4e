"""iCalendar files: one per webinar and a personal feed, built with the icalendar library.
Each webinar keeps its UID; a change raises SEQUENCE and a cancellation sets STATUS:CANCELLED,
so calendar programs update the event instead of adding a new one."""

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from lms.web import absolute_url

from .models import Webinar

PRODID = "-//Vektor//Webinars//RU"


def webinar_url(webinar: Webinar) -> str:
    return absolute_url("courses:webinar", webinar.pk)


def _event(webinar: Webinar) -> Event:
    """The meeting link itself never goes into a calendar: it shows on the webinar's page to
    registered people shortly before the start, so the event points to that page."""
    event = Event()
    event.add("uid", f"webinar-{webinar.uid}@vektor")
    event.add("sequence", webinar.sequence)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", webinar.updated_at)
    event.add("dtstart", webinar.starts_at)
    event.add("dtend", webinar.ends_at)
    event.add("summary", webinar.title)
    page = webinar_url(webinar)
    lines = [webinar.description, page] if webinar.description else [page]
    event.add("location", page)
    event.add("description", "\n\n".join(lines))
    event.add("url", page)
    event.add("status", "CANCELLED" if webinar.is_cancelled else "CONFIRMED")
    return event


def calendar_bytes(webinars: Iterable[Webinar], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for webinar in webinars:
        calendar.add_component(_event(webinar))
    return calendar.to_ical()
