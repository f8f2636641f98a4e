"""Demo: the project's sample packages (SCORM 1.2, SCORM 2004, H5P) in the content-package
library, and a short Russian practice course that plays each of them (idempotent)."""

from django.core.files.base import ContentFile

from lms.demo import DemoContext

from .. import demo as course_demo
from ..models import Audience, CourseCatalogPage, CoursePage, CourseSectionPage, LessonPage
from .models import ContentPackage
from .samples import build_zip
from .services import package_import

COURSE_SLUG = "praktikum-interaktivnye-zadaniya"

# sample, file name, lesson slug, lesson title, text before the package
LESSONS = [
    (
        "scorm12",
        "bezopasnost-dobrovolca.zip",
        "bezopasnost-scorm",
        "Безопасность добровольца (SCORM 1.2)",
        "Пройдите интерактивный модуль до конца: урок засчитается сам, когда модуль "
        "сообщит о завершении. Можно прерваться — при следующем входе модуль продолжит с "
        "того же места.",
    ),
    (
        "scorm2004",
        "pervaya-vstrecha.zip",
        "pervaya-vstrecha-scorm",
        "Первая встреча с добровольцами (SCORM 2004)",
        "Этот модуль сделан по стандарту SCORM 2004: результат и место остановки "
        "сохраняются так же.",
    ),
    (
        "h5p",
        "kto-takoy-koordinator.h5p",
        "kto-takoy-koordinator-h5p",
        "Кто такой координатор (задание H5P)",
        "Ответьте на вопрос интерактивного задания. Урок засчитывается после верного ответа.",
    ),
]


def _package(sample: str, file_name: str) -> ContentPackage:
    existing = ContentPackage.objects.filter(metadata__demo_sample=sample).first()
    if existing is not None:
        return existing
    package = package_import(file=ContentFile(build_zip(sample), name=file_name))
    package.metadata = {**package.metadata, "demo_sample": sample}
    package.save(update_fields=["metadata"])
    return package


def load(ctx: DemoContext) -> None:
    packages = {sample: _package(sample, file_name) for sample, file_name, *_ in LESSONS}
    catalog = CourseCatalogPage.objects.filter(slug="courses", locale__language_code="ru").first()
    if catalog is None or catalog.get_children().filter(slug=COURSE_SLUG).exists():
        ctx.log(f"{len(packages)} content packages")
        return
    course = CoursePage(
        slug=COURSE_SLUG,
        locale=catalog.locale,
        title="Практикум: интерактивные задания",
        summary=(
            "Три коротких интерактивных модуля о безопасности и первой встрече с "
            "добровольцами: пройдите их в своём темпе прямо в браузере."
        ),
        description=(
            "<p>Практикум показывает, как на платформе работают учебные пакеты SCORM и "
            "интерактивные задания H5P: модули открываются в уроке, результат и место "
            "остановки сохраняются, а завершение модуля засчитывает урок и курс.</p>"
        ),
        language="ru",
        estimated_hours=1,
        self_paced=True,
        direction_id=course_demo._direction_id("qamqor"),
    )
    catalog.add_child(instance=course)
    course.audiences.set(Audience.objects.filter(code__in=["coordinators", "volunteers"]))
    course.save_revision().publish()
    section = course_demo._child(
        course, CourseSectionPage, "section-1", title="Интерактивные модули"
    )
    for sample, _file, slug, title, text in LESSONS:
        course_demo._child(
            section,
            LessonPage,
            slug,
            title=title,
            estimated_minutes=10,
            body=[
                {"type": "paragraph", "value": f"<p>{text}</p>"},
                {
                    "type": sample[:5] if sample.startswith("scorm") else "h5p",
                    "value": {"package": packages[sample].pk, "title": ""},
                },
            ],
        )
    ctx.log(f"{len(packages)} content packages, a practice course playing them")
