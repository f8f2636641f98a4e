"""Template helpers of the hours ledger."""

from django import template

from .. import selectors
from ..models import format_hours

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes as hours with one decimal, in the reader's number format (90 → "1,5")."""
    try:
        minutes = int(minutes or 0)
    except (TypeError, ValueError):
        return ""
    return format_hours(minutes)


@register.filter
def confirms_hours(user, roles) -> bool:
    """Whether the person confirms hours somewhere, from the roles the header looked up:
    ``{% if user|confirms_hours:roles %}`` (no query of its own)."""
    return selectors.confirms_with_roles(user=user, roles=roles or ())
