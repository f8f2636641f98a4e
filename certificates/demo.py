"""Demo certificate templates (ru, kk, en) with signatures and a logo drawn here, and the
courses' certificate settings; the demo's finished courses then issue real certificates.
Idempotent."""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from lms.accounts import api as accounts
from lms.demo import DemoContext

from .models import CertificateTemplate, CourseCertificate, Logo, Signatory

TEMPLATES = {
    "ru": {
        "name": "Стандартный сертификат",
        "issuer": "Фронт-офис волонтёров Калининградской области",
        "signatories": [
            ("Мария Петрова", "Координатор программы"),
            ("Ирина Соколова", "Руководитель методической службы"),
        ],
    },
    "kk": {
        "name": "Стандартты сертификат",
        "issuer": "Фронт-офис добровольчества города Астаны",
        "signatories": [
            ("Айгерим Нұрланқызы", "Бағдарлама үйлестірушісі"),
            ("Ерлан Сапаров", "Өңірлік тренер"),
        ],
    },
    "en": {
        "name": "Standard certificate",
        "issuer": "Фронт-офис добровольчества города Астаны",
        "signatories": [
            ("Aigerim Nurlankyzy", "Programme coordinator"),
            ("Yerlan Saparov", "Regional trainer"),
        ],
    },
}
# Certificates of the Russian demo course stay valid two years (as first-aid training does).
VALID_MONTHS = {"ru": 24}


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _signature_png(seed: int) -> bytes:
    """A handwriting-like stroke, different for each signatory."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (
            40 + x * 5.2,
            110
            + 38 * math.sin(x / (6 + seed) + seed)
            + 22 * math.sin(x / (2.1 + seed / 3)) * (1 - x / 110),
        )
        for x in range(100)
    ]
    draw.line(points, fill=(20, 40, 110, 255), width=5, joint="curve")
    draw.line([(60, 160), (520, 150)], fill=(20, 40, 110, 255), width=3)
    return _png(image)


def _logo_png() -> bytes:
    image = Image.new("RGBA", (480, 480), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 470, 470), fill=(31, 78, 121, 255))
    draw.ellipse((40, 40, 440, 440), outline=(214, 181, 103, 255), width=10)
    draw.line(
        [(150, 140), (240, 350), (330, 140)], fill=(255, 255, 255, 255), width=44, joint="curve"
    )
    return _png(image)


def _image(title: str, content: bytes):
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image_(title=title, file=ImageFile(io.BytesIO(content), name=f"{title}.png"))
    image.save()
    return image


def load_templates(ctx: DemoContext) -> None:
    logo = _image("Вектор: логотип", _logo_png())
    for language, spec in TEMPLATES.items():
        if CertificateTemplate.objects.filter(language=language, is_default=True).exists():
            continue
        template = CertificateTemplate(
            name=spec["name"],
            language=language,
            is_default=True,
            issuer_id=accounts.organisation_id_by_name(spec["issuer"]),
        )
        template.signatories = [
            Signatory(
                name=name,
                position=position,
                signature=_image(f"Подпись: {name}", _signature_png(index + len(language))),
            )
            for index, (name, position) in enumerate(spec["signatories"])
        ]
        template.logos = [Logo(image=logo, name="Вектор добровольчества")]
        template.save()
    ctx.log(f"{CertificateTemplate.objects.count()} certificate templates")


def load(ctx: DemoContext) -> None:
    courses = Page.objects.filter(
        content_type__app_label="courses", content_type__model="coursepage"
    ).select_related("locale")
    for course in courses:
        language = course.locale.language_code
        if CourseCertificate.objects.filter(course=course).exists():
            continue
        settings_ = CourseCertificate(course=course, valid_months=VALID_MONTHS.get(language))
        settings_.templates = list(
            CertificateTemplate.objects.filter(language=language, is_default=True)
        )
        settings_.save()
    ctx.log(f"{CourseCertificate.objects.count()} courses' certificate settings")
