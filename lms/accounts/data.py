"""Frozen data that ``lms.accounts.api`` hands to other apps."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionData:
    id: int
    code: str
    country: str
    name: str
    time_zone: str


@dataclass(frozen=True)
class UserData:
    id: int
    email: str
    full_name: str
    preferred_language: str
    region_id: int | None
    time_zone: str


@dataclass(frozen=True)
class MembershipData:
    organisation_id: int
    organisation_name: str
    region_id: int
    role: str
