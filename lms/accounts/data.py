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


@dataclass(frozen=True)
class RegionScope:
    """The regions whose figures a person may see: ``everything`` for administrators (and
    then also what belongs to no region), else ``region_ids`` (may be empty)."""

    everything: bool
    region_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not (self.everything or self.region_ids)

    def covers(self, region_id: int | None) -> bool:
        return self.everything or (region_id is not None and region_id in self.region_ids)


@dataclass(frozen=True)
class DirectionData:
    id: int
    code: str
    name: str
