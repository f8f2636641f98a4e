"""Courses in the REST API (``rest_routes`` slot): the public catalog, a learner's own
enrolments with their progress, and for programme coordinators their regions' enrolments and
completions (an enrolment counts where its cohort runs, else where the learner lives — the
reports' rule)."""

import django_filters
from django.conf import settings
from django.db.models import IntegerField, QuerySet
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets

from lms.accounts import api as accounts
from lms.restapi.api import REGION, PersonSerializer, RegionScopedList

from . import selectors
from .models import CoursePage, Enrolment

# --- The catalog ------------------------------------------------------------------------------


class CourseSerializer(serializers.ModelSerializer):
    audiences = serializers.SerializerMethodField(help_text="Codes of the course's audiences.")
    direction = serializers.SerializerMethodField(help_text="Code of the course's direction.")
    estimated_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False
    )
    url = serializers.SerializerMethodField(help_text="The course's page.")

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "summary",
            "language",
            "audiences",
            "direction",
            "estimated_hours",
            "url",
        ]

    def get_audiences(self, course) -> list[str]:
        return [audience.code for audience in course.audiences.all()]

    def get_direction(self, course) -> str | None:
        return course.direction.code if course.direction_id else None

    def get_url(self, course) -> str:
        return course.get_full_url(request=self.context.get("request")) or ""


class CourseFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES)
    audience = django_filters.CharFilter(
        field_name="audiences__code", help_text="An audience's code."
    )
    direction = django_filters.CharFilter(
        field_name="direction__code", help_text="A direction's code."
    )

    class Meta:
        model = CoursePage
        fields = ["language", "audience", "direction"]


class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalog: live, public courses of every language, newest first."""

    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[CoursePage]:
        if getattr(self, "swagger_fake_view", False):
            return CoursePage.objects.none()
        return selectors.catalog_courses().select_related("direction")


# --- A learner's enrolments -------------------------------------------------------------------


class CourseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MyEnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = CourseRefSerializer()
    cohort = serializers.IntegerField(source="cohort_id", allow_null=True)
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    lessons_done = serializers.IntegerField()
    lessons_needed = serializers.IntegerField()


class MyEnrolmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's own enrolments with their progress: ongoing first."""

    serializer_class = MyEnrolmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return selectors.learner_enrolments(user=self.request.user)


# --- Programme coordinators' regions ----------------------------------------------------------


class RegionEnrolmentSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer()
    cohort = serializers.IntegerField(source="cohort_id", allow_null=True)
    learner = PersonSerializer(source="user")
    region = serializers.SerializerMethodField(
        help_text="ISO 3166-2 code of the region the enrolment counts in."
    )

    class Meta:
        model = Enrolment
        fields = ["id", "course", "cohort", "learner", "region", "enrolled_at", "completed_at"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_region(self, enrolment) -> str | None:
        return self.context["region_codes"].get(getattr(enrolment, REGION, None))


class _RegionFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        method="filter_region", help_text="ISO 3166-2 code of a region, e.g. KZ-71."
    )

    def filter_region(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        region_id = accounts.region_id_by_code(value)
        return qs.filter(**{REGION: region_id}) if region_id else qs.none()


class RegionEnrolmentFilter(_RegionFilter):
    course = django_filters.NumberFilter(field_name="course_id", help_text="A course's id.")
    enrolled_after = django_filters.DateFilter(field_name="enrolled_at__date", lookup_expr="gte")
    enrolled_before = django_filters.DateFilter(field_name="enrolled_at__date", lookup_expr="lte")
    completed = django_filters.BooleanFilter(
        field_name="completed_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Enrolment
        fields = ["region", "course", "enrolled_after", "enrolled_before", "completed"]


class RegionCompletionFilter(_RegionFilter):
    course = django_filters.NumberFilter(field_name="course_id", help_text="A course's id.")
    completed_after = django_filters.DateFilter(field_name="completed_at__date", lookup_expr="gte")
    completed_before = django_filters.DateFilter(field_name="completed_at__date", lookup_expr="lte")

    class Meta:
        model = Enrolment
        fields = ["region", "course", "completed_after", "completed_before"]


class _RegionEnrolments(RegionScopedList):
    serializer_class = RegionEnrolmentSerializer
    ordering = ("-enrolled_at", "-pk")

    def enrolments(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.all()

    def base_queryset(self) -> QuerySet[Enrolment]:
        return self.enrolments().select_related("course", "user").order_by(*self.ordering)

    def region_expression(self):
        return Coalesce("cohort__region_id", "user__region_id", output_field=IntegerField())


class RegionEnrolmentViewSet(_RegionEnrolments):
    """Enrolments in the programme coordinator's regions (a national front office: its
    country; administrators: all), newest first."""

    filterset_class = RegionEnrolmentFilter


class RegionCompletionViewSet(_RegionEnrolments):
    """Completed enrolments in the programme coordinator's regions, latest first."""

    filterset_class = RegionCompletionFilter
    ordering = ("-completed_at", "-pk")

    def enrolments(self) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(completed_at__isnull=False)


def routes(router) -> None:
    router.register("courses", CourseViewSet, basename="course")
    router.register("me/enrolments", MyEnrolmentViewSet, basename="my-enrolment")
    router.register("region/enrolments", RegionEnrolmentViewSet, basename="region-enrolment")
    router.register("region/completions", RegionCompletionViewSet, basename="region-completion")
