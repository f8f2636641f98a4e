"""Certificate and voucher renderers: data in, bytes out. The services decide what to store.

The PDF itself is made by :mod:`lms.pdf`, whose fetcher serves only our static files and the
images handed over with the document, so a layout can never read a file or the network.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal

import segno
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from lms import pdf
from lms.pdf import ASSET_SCHEME, Asset, SafeFetcher, sha256

__all__ = [
    "ASSET_SCHEME",
    "Asset",
    "Document",
    "LayoutError",
    "SafeFetcher",
    "money",
    "render_voucher_pdf",
    "sha256",
]

# Editors' layouts are compiled by an engine of their own: no template directories, so
# {% include %} and {% extends %} find nothing, and only the i18n library can be loaded.
_layout_engine = Engine(
    dirs=[],
    app_dirs=False,
    libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
)


class LayoutError(ValueError):
    pass


@dataclass
class Document:
    """Everything a certificate PDF is made of."""

    body_html: str
    css: str
    orientation: str = "landscape"
    language: str = "ru"
    title: str = ""
    assets: dict[str, Asset] = field(default_factory=dict)


def check_layout(source: str) -> None:
    """Raise :class:`LayoutError` if an editor's layout does not compile."""
    try:
        _layout_engine.from_string(source)
    except TemplateSyntaxError as error:
        raise LayoutError(str(error)) from error


def render_layout(source: str, context: dict) -> str:
    check_layout(source)
    try:
        return _layout_engine.from_string(source).render(Context(context, autoescape=True))
    except (TemplateSyntaxError, TemplateDoesNotExist) as error:
        raise LayoutError(str(error)) from error


def render_body(*, layout_html: str, context: dict) -> str:
    """The certificate's body: the editor's layout if there is one, else the standard one."""
    if layout_html.strip():
        return render_layout(layout_html, context)
    return render_to_string("certificates/layout/standard.html", context)


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (error correction M, so a worn print still reads)."""
    qr = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, nl=False)
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno's own SVG


def render_pdf(document: Document) -> bytes:
    html = render_to_string("certificates/layout/document.html", {"document": document})
    return pdf.render_pdf(
        html,
        stylesheets=["certificates/certificate.css", document.css],
        assets=document.assets,
        page_css=f"@page {{ size: A4 {document.orientation}; margin: 0; }}",
    )


# --- Social-credit vouchers ------------------------------------------------------------

VOUCHER_TEMPLATES = {
    "voucher": "certificates/voucher/voucher.html",
    "statement": "certificates/voucher/statement.html",
}


def money(amount: Decimal, currency: str) -> str:
    """An amount as the active language writes it, with its currency: ``20 000 KZT`` in
    Russian, ``20,000 KZT`` in English; kopecks only when there are some."""
    return f"{floatformat(amount, '-2g')}\u00a0{currency}"


def render_voucher_pdf(*, kind: str, context: dict, language: str) -> bytes:
    """A voucher (``kind="voucher"``) or its academic-credit statement (``"statement"``) as
    a PDF in ``language``, from the snapshot and verification data in ``context``."""
    with translation.override(language):
        html = render_to_string(
            VOUCHER_TEMPLATES[kind],
            {
                **context,
                "language": language,
                "money": money(context["amount"], context["currency"]),
            },
        )
    return pdf.render_pdf(
        html,
        stylesheets=["certificates/voucher.css"],
        page_css="@page { size: A4 portrait; margin: 16mm 18mm; }",
    )
