"""Template helpers of the hours ledger."""

from django import template
from django.utils.formats import number_format

from .. import selectors
from ..models import minutes_to_hours

register = template.Library()


@register.filter
def hours(minutes) -> str:
    """Minutes as hours with one decimal, in the reader's number format (90 → "1,5")."""
    try:
        minutes = int(minutes or 0)
    except (TypeError, ValueError):
        return ""
    return number_format(minutes_to_hours(minutes), decimal_pos=1)


@register.filter
def confirms_hours(user, roles) -> bool:
    """Whether the person confirms hours somewhere, from the roles the header looked up:
    ``{% if user|confirms_hours:roles %}`` (no query of its own)."""
    return selectors.confirms_with_roles(user=user, roles=roles or ())
