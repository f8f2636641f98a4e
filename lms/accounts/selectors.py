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


def coordinated_region_ids(*, user_id: int, roles) -> set[int]:
    """The regions a person coordinates through any of ``roles``: the region of each
    organisation where they hold one, and every region of the country of a national front
    office where they hold one (two queries)."""
    memberships = Membership.objects.filter(user_id=user_id, role__in=list(roles))
    regions = set(memberships.values_list("organisation__region_id", flat=True))
    countries = set(
        memberships.filter(organisation__kind=Organisation.Kind.NATIONAL_OFFICE).values_list(
            "organisation__region__country", flat=True
        )
    )
    if countries:
        regions |= set(Region.objects.filter(country__in=countries).values_list("pk", flat=True))
    return regions
