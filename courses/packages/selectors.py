"""Read queries of content packages."""

from django.db.models import QuerySet

from .models import ContentPackage, PackageAttempt


def package_list() -> QuerySet[ContentPackage]:
    return ContentPackage.objects.select_related("uploaded_by").order_by("-created_at", "-pk")


def attempts_for(*, enrolment, lesson) -> dict[str, PackageAttempt]:
    """The learner's attempts in a lesson's package blocks, by block id."""
    return {
        attempt.block_id: attempt
        for attempt in PackageAttempt.objects.filter(enrolment=enrolment, lesson=lesson)
    }


def blocks_completed(*, enrolment, lesson) -> bool:
    """Every package block of the lesson is completed by the learner (True without any)."""
    blocks = lesson.packages()
    if not blocks:
        return True
    done = set(
        PackageAttempt.objects.filter(
            enrolment=enrolment,
            lesson=lesson,
            block_id__in=list(blocks),
            completed_at__isnull=False,
        ).values_list("block_id", flat=True)
    )
    return done >= set(blocks)
