"""The hours ledger in the REST API: a person's own entries, and the confirmed hours of a
programme coordinator's regions (an entry counts where its organisation is, else where the
person is — the reports' rule)."""

import django_filters
from django.db.models import IntegerField, QuerySet
from django.db.models.functions import Coalesce
from rest_framework import mixins, permissions, serializers, viewsets

from lms.accounts.models import Region
from lms.restapi.api import REGION, PersonSerializer, RegionScopedList

from .models import HoursEntry


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MyHoursSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(allow_null=True)

    class Meta:
        model = HoursEntry
        fields = ["id", "date", "minutes", "source", "status", "description", "organisation"]


class RegionHoursSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(allow_null=True)
    person = PersonSerializer(source="user")
    region = serializers.SerializerMethodField(
        help_text="ISO 3166-2 code of the region the hours count in."
    )

    class Meta:
        model = HoursEntry
        fields = ["id", "date", "minutes", "source", "organisation", "person", "region"]

    def get_region(self, entry) -> str | None:
        return self.context["region_codes"].get(getattr(entry, REGION, None))


class MyHoursFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = HoursEntry
        fields = ["status", "source"]


class RegionHoursFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        method="filter_region", help_text="ISO 3166-2 code of a region, e.g. KZ-71."
    )
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = HoursEntry
        fields = ["source"]

    def filter_region(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(**{f"{REGION}__in": Region.objects.filter(code=value).values("pk")})


class MyHoursViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in person's own hours, every status, newest first."""

    serializer_class = MyHoursSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = MyHoursFilter

    def get_queryset(self) -> QuerySet[HoursEntry]:
        return (
            HoursEntry.objects.filter(user_id=self.request.user.pk)
            .select_related("organisation")
            .order_by("-date", "-pk")
        )


class RegionHoursViewSet(RegionScopedList):
    """Confirmed hours in the programme coordinator's regions (administrators: all); an entry
    counts at its organisation's region, else the person's."""

    serializer_class = RegionHoursSerializer
    filterset_class = RegionHoursFilter

    def base_queryset(self) -> QuerySet[HoursEntry]:
        return (
            HoursEntry.objects.filter(status=HoursEntry.Status.CONFIRMED)
            .select_related("organisation", "user")
            .order_by("-date", "-pk")
        )

    def region_expression(self):
        return Coalesce("organisation__region_id", "user__region_id", output_field=IntegerField())


def routes(router) -> None:
    router.register("me/hours", MyHoursViewSet, basename="my-hours")
    router.register("region/hours", RegionHoursViewSet, basename="region-hours")
