"""What other apps may know about people, regions and organisations.

Other apps import this module only (never ``lms.accounts.models``) and get ids and frozen data.
"""

from django.conf import settings
from django.db.models import QuerySet, Subquery

from . import selectors
from .data import DirectionData, MembershipData, RegionData, RegionScope, UserData
from .models import Direction, Membership, Organisation, Region, User


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


def user_create_external(*, email: str | None, full_name: str, language: str) -> int:
    """Make an account for a person another system vouches for (an LTI platform's learner);
    returns its id. No usable password: they come in through that system. The address is kept
    (unverified) only when no account has it; otherwise, or without one, the account gets a
    placeholder address. Never linked to an existing account: the other system could claim
    anyone's address."""
    import uuid

    from allauth.account.models import EmailAddress
    from django.db import IntegrityError, transaction

    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    full_name = " ".join((full_name or "").split())[:255]
    address = User.objects.normalize_email((email or "").strip()).lower()
    candidates = []
    if address and "@" in address and len(address) <= 254:
        candidates.append(address)
    candidates.append(f"external-{uuid.uuid4().hex}@users.invalid")
    for candidate in candidates:
        if User.objects.filter(email__iexact=candidate).exists():
            continue
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    candidate, None, full_name=full_name, preferred_language=language
                )
                if not candidate.endswith("@users.invalid"):
                    EmailAddress.objects.create(
                        user=user, email=candidate, verified=False, primary=True
                    )
        except IntegrityError:
            continue  # taken meanwhile: the placeholder comes next
        return user.pk
    raise RuntimeError("No address could be given to the new account.")  # pragma: no cover


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


def coordinated_region_ids(user_id: int, *, roles) -> set[int]:
    """The regions a person coordinates through any of ``roles``: their organisations'
    regions, and every region of the country of a national front office they belong to."""
    return selectors.coordinated_region_ids(user_id=user_id, roles=roles)


def coordination_scope(user, *, roles=("programme_coordinator",)) -> RegionScope:
    """What a person may see as a coordinator: administrators everything, programme
    coordinators their regions (national front offices: their country), others nothing."""
    if not user.is_authenticated:
        return RegionScope(everything=False, region_ids=frozenset())
    if user.is_superuser:
        return RegionScope(everything=True, region_ids=frozenset())
    return RegionScope(
        everything=False, region_ids=frozenset(coordinated_region_ids(user.pk, roles=roles))
    )


def regions_of(scope: RegionScope) -> list[RegionData]:
    """The regions a scope covers, by country and name."""
    qs = Region.objects.all()
    if not scope.everything:
        qs = qs.filter(pk__in=scope.region_ids)
    return [
        RegionData(
            id=region.pk,
            code=region.code,
            country=region.country.code,
            name=region.name,
            time_zone=region.time_zone,
        )
        for region in qs.order_by("country", "name_ru")
    ]


def organisations_in(scope: RegionScope) -> list[tuple[int, str, int]]:
    """``(id, name, region id)`` of the active organisations in a scope's regions, by name."""
    qs = Organisation.objects.filter(is_active=True)
    if not scope.everything:
        qs = qs.filter(region_id__in=scope.region_ids)
    return list(qs.order_by("name", "pk").values_list("pk", "name", "region_id"))


def directions() -> list[DirectionData]:
    return [
        DirectionData(id=direction.pk, code=direction.code, name=direction.name)
        for direction in Direction.objects.all()
    ]


# --- Pieces of report queries: other apps filter and group their rows by these in the
# database (as subqueries), never by loading people or organisations.


def member_ids(organisation_id: int) -> QuerySet:
    """The ids of the people who hold any role at the organisation, as a subquery."""
    return Membership.objects.filter(organisation_id=organisation_id).values("user_id")


def user_region(user_ref) -> Subquery:
    """The region id of the person ``user_ref`` points at (an ``OuterRef``)."""
    return Subquery(User.objects.filter(pk=user_ref).order_by().values("region_id")[:1])


def organisation_region(organisation_ref) -> Subquery:
    """The region id of the organisation ``organisation_ref`` points at (an ``OuterRef``)."""
    return Subquery(
        Organisation.objects.filter(pk=organisation_ref).order_by().values("region_id")[:1]
    )


def region_ids_in_country(country: str) -> QuerySet:
    """The ids of a country's regions, as a subquery."""
    return Region.objects.filter(country=country).values("pk")


ROLES: tuple[str, ...] = tuple(Membership.Role.values)
