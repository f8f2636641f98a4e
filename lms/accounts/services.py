"""Operations that change people, organisations and roles. Each is one transaction."""

from django.db import IntegrityError, transaction

from .models import Membership, Organisation, Region, User


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    full_name: str,
    preferred_language: str,
    region: Region | None,
    time_zone: str = "",
) -> User:
    """Set what a person says about themselves. Validation errors leave the row unchanged."""
    user.full_name = " ".join(full_name.split())
    user.preferred_language = preferred_language
    user.region = region
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "preferred_language", "region", "time_zone"])
    return user


def membership_grant(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` the ``role`` at ``organisation``. Granting it twice is harmless."""
    if role not in Membership.Role.values:
        raise ValueError(f"Unknown role: {role!r}")
    try:
        with transaction.atomic():
            membership, _created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role
            )
    except IntegrityError:
        # A concurrent grant won the race; the unique constraint kept one row.
        membership = Membership.objects.get(user=user, organisation=organisation, role=role)
    return membership


@transaction.atomic
def membership_revoke(*, user: User, organisation: Organisation, role: str) -> bool:
    """Take the role away. Returns whether there was one to take."""
    deleted, _details = Membership.objects.filter(
        user=user, organisation=organisation, role=role
    ).delete()
    return deleted > 0
