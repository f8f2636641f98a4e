"""Read queries about people, regions and organisations."""

from django.db.models import QuerySet

from .models import Membership, Organisation, Region, User


def region_list() -> QuerySet[Region]:
    return Region.objects.all()


def organisation_list(*, region: Region | None = None, kind: str | None = None) -> QuerySet:
    qs = Organisation.objects.filter(is_active=True).select_related("region")
    if region is not None:
        qs = qs.filter(region=region)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related(
        "organisation", "organisation__region"
    )


def user_roles(*, user: User) -> set[str]:
    """The roles a person holds anywhere (empty for a plain learner)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))
