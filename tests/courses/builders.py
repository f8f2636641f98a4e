"""Course trees for tests."""

import itertools

from wagtail.models import Page

from courses.blocks import quiz_value
from courses.models import CourseCatalogPage, CoursePage, CourseSectionPage, LessonPage

_numbers = itertools.count(1)


def quiz_block(*, pass_mark: int = 70, max_attempts: int = 0) -> dict:
    return {
        "type": "quiz",
        "value": quiz_value(
            title="Проверка знаний",
            pass_mark=pass_mark,
            max_attempts=max_attempts,
            questions=[
                {
                    "text": "Кто такой координатор?",
                    "multiple": False,
                    "feedback": "Координатор организует работу добровольцев.",
                    "choices": [
                        ("Организатор работы добровольцев", True),
                        ("Спонсор", False),
                        ("Получатель помощи", False),
                    ],
                },
                {
                    "text": "Что важно на первой встрече?",
                    "multiple": True,
                    "feedback": "Правила безопасности и знакомство.",
                    "choices": [
                        ("Правила безопасности", True),
                        ("Знакомство", True),
                        ("Сбор денег", False),
                    ],
                },
            ],
        ),
    }


def catalog(home: Page) -> CourseCatalogPage:
    existing = CourseCatalogPage.objects.child_of(home).first()
    if existing:
        return existing
    page = CourseCatalogPage(title="Курсы", slug="courses", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def lesson(parent: Page, *, title: str | None = None, quiz: dict | None = None, **fields):
    number = next(_numbers)
    body = [{"type": "paragraph", "value": f"<p>Текст урока {number}</p>"}]
    if quiz is not None:
        body.append(quiz)
    page = LessonPage(title=title or f"Урок {number}", slug=f"lesson-{number}", body=body, **fields)
    parent.add_child(instance=page)
    return page


def course(
    home: Page,
    *,
    lessons: int = 3,
    quiz_last: bool = False,
    sections: bool = False,
    title: str | None = None,
    language: str = "ru",
    **fields,
) -> CoursePage:
    number = next(_numbers)
    fields.setdefault("summary", "Краткое описание курса")
    page = CoursePage(
        title=title or f"Курс {number}", slug=f"course-{number}", language=language, **fields
    )
    catalog(home).add_child(instance=page)
    page.save_revision().publish()
    parent: Page = page
    if sections:
        parent = CourseSectionPage(title="Модуль 1", slug="module-1")
        page.add_child(instance=parent)
    for index in range(lessons):
        last = index == lessons - 1
        lesson(parent, quiz=quiz_block() if quiz_last and last else None)
    return page


def quiz_ids(page: LessonPage) -> tuple[str, list[dict]]:
    """The quiz id and, per question, its id, the right choice ids and a wrong choice id."""
    page = LessonPage.objects.get(pk=page.pk)
    (quiz_id, quiz), *_ = page.quizzes().items()
    questions = []
    for question in quiz["questions"].bound_blocks:
        choices = question.value["choices"].bound_blocks
        questions.append(
            {
                "id": question.id,
                "right": [c.id for c in choices if c.value["correct"]],
                "wrong": next(c.id for c in choices if not c.value["correct"]),
            }
        )
    return quiz_id, questions
