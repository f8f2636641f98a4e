"""What other apps may know about people, regions and organisations.

Other apps import this module only (never ``lms.accounts.models``) and get ids and frozen data.
"""

from django.conf import settings

from .data import MembershipData, RegionData, UserData
from .models import Membership, Organisation, Region, User


def _user_data(user: User) -> UserData:
    return UserData(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        preferred_language=user.preferred_language,
        region_id=user.region_id,
        time_zone=user_time_zone(user),
    )


def user_time_zone(user: User) -> str:
    """The zone a person sees times in: their own choice, else their region's, else the site's."""
    if user.time_zone:
        return user.time_zone
    if user.region_id is not None:
        return user.region.time_zone
    return settings.TIME_ZONE


def get_user(user_id: int) -> UserData | None:
    user = User.objects.select_related("region").filter(pk=user_id).first()
    return _user_data(user) if user else None


def get_region(region_id: int) -> RegionData | None:
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        return None
    return RegionData(
        id=region.pk,
        code=region.code,
        country=region.country.code,
        name=region.name,
        time_zone=region.time_zone,
    )


def region_id_by_code(code: str) -> int | None:
    """The id of the region with this ISO 3166-2 code."""
    return Region.objects.filter(code=code).values_list("pk", flat=True).first()


def organisation_id_by_name(name: str) -> int | None:
    return Organisation.objects.filter(name=name).values_list("pk", flat=True).first()


def user_memberships(user_id: int, *, role: str | None = None) -> list[MembershipData]:
    qs = Membership.objects.filter(user_id=user_id).select_related("organisation")
    if role is not None:
        qs = qs.filter(role=role)
    return [
        MembershipData(
            organisation_id=m.organisation_id,
            organisation_name=m.organisation.name,
            region_id=m.organisation.region_id,
            role=m.role,
        )
        for m in qs
    ]


def user_has_role(user_id: int, role: str, *, organisation_id: int | None = None) -> bool:
    qs = Membership.objects.filter(user_id=user_id, role=role)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.exists()


def organisation_members(organisation_id: int, *, roles) -> list[UserData]:
    """The active people holding one of ``roles`` at the organisation (e.g. to tell its
    programme coordinators of something), each once, by name."""
    users = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=list(roles),
        )
        .select_related("region")
        .distinct()
        .order_by("full_name", "pk")
    )
    return [_user_data(user) for user in users]


def organisation_ids_with_role(user_id: int, role: str) -> set[int]:
    """The organisations where the person holds ``role``."""
    return set(
        Membership.objects.filter(user_id=user_id, role=role).values_list(
            "organisation_id", flat=True
        )
    )


ROLES: tuple[str, ...] = tuple(Membership.Role.values)
