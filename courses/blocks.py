"""Lesson content: the site's body blocks plus video and quizzes."""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lms.pages.blocks import BodyBlock


class VideoBlock(blocks.StructBlock):
    """A video from a video site (embed) or uploaded to the document library (played here)."""

    embed = EmbedBlock(label=_("Video address (YouTube, Vimeo, …)"), required=False)
    file = DocumentChooserBlock(label=_("Or an uploaded video file (MP4, WebM)"), required=False)
    title = blocks.CharBlock(label=_("Title"), required=False)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        required=False,
        help_text=_("What is said in the video, for people who cannot listen to it."),
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("embed") and not value.get("file"):
            raise StructBlockValidationError(
                non_block_errors=ValidationError(_("Give a video address or choose a file."))
            )
        return value


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)


class QuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Question"))
    multiple = blocks.BooleanBlock(
        label=_("Several answers can be right"),
        required=False,
        help_text=_("Off: the learner picks one answer. On: the learner ticks every right one."),
    )
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2)
    feedback = blocks.TextBlock(label=_("Explanation shown after answering"), required=False)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise StructBlockValidationError(
                non_block_errors=ValidationError(_("Mark at least one answer as correct."))
            )
        if correct > 1 and not value["multiple"]:
            raise StructBlockValidationError(
                non_block_errors=ValidationError(
                    _("Several answers are marked correct: turn on “Several answers can be right”.")
                )
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)
    pass_mark = blocks.IntegerBlock(label=_("Pass mark, %"), min_value=1, max_value=100, default=70)
    max_attempts = blocks.IntegerBlock(
        label=_("Attempts allowed"),
        min_value=0,
        default=0,
        help_text=_("0: unlimited."),
    )

    class Meta:
        icon = "tasks"


def quiz_value(
    *, title: str, questions: list[dict], pass_mark: int = 70, max_attempts: int = 0
) -> dict:
    """The stored form of a quiz block built in code (demo data, imports, tests).

    ``questions`` are ``{"text", "multiple", "feedback", "choices": [(text, correct), …]}``.
    Questions and answers get ids here, as the admin gives them: scoring refers to them, so
    they must be stored, not made up each time the lesson is read.
    """

    def item(value: dict) -> dict:
        return {"type": "item", "value": value, "id": str(uuid.uuid4())}

    return {
        "title": title,
        "pass_mark": pass_mark,
        "max_attempts": max_attempts,
        "questions": [
            item(
                {
                    "text": q["text"],
                    "multiple": q["multiple"],
                    "feedback": q.get("feedback", ""),
                    "choices": [
                        item({"text": text, "correct": correct}) for text, correct in q["choices"]
                    ],
                }
            )
            for q in questions
        ],
    }


class PackageBlock(blocks.StructBlock):
    """An uploaded learning package played in the lesson; its kinds are in ``kinds``."""

    kinds: tuple[str, ...] = ()
    package = SnippetChooserBlock("courses.ContentPackage", label=_("Package"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Empty: the package's own title.")
    )

    def clean(self, value):
        value = super().clean(value)
        package = value.get("package")
        if package is not None and package.kind not in self.kinds:
            raise StructBlockValidationError(
                block_errors={
                    "package": ValidationError(
                        _("Choose a %(kinds)s package; “%(title)s” is %(kind)s.")
                        % {
                            "kinds": " / ".join(
                                str(package.Kind(kind).label) for kind in self.kinds
                            ),
                            "title": package.title,
                            "kind": package.get_kind_display(),
                        }
                    )
                }
            )
        return value


class ScormBlock(PackageBlock):
    kinds = ("scorm12", "scorm2004")

    class Meta:
        icon = "media"
        label = _("SCORM package")


class H5PBlock(PackageBlock):
    kinds = ("h5p",)

    class Meta:
        icon = "media"
        label = _("H5P content")


class LessonBlock(BodyBlock):
    video = VideoBlock(label=_("Video"))
    quiz = QuizBlock(label=_("Quiz"))
    scorm = ScormBlock(label=_("SCORM package"))
    h5p = H5PBlock(label=_("H5P content"))

    def clean(self, value):
        value = super().clean(value)
        # SCORM content finds one run-time API in the page (window.parent.API), so a lesson
        # plays one SCORM package; split several into several lessons.
        scorm = [child for child in value if child.block_type == "scorm"]
        if len(scorm) > 1:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ValidationError(
                    _("A lesson can hold one SCORM package: put the others in other lessons.")
                )
            )
        return value
