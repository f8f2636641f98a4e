"""Pure renderers: data in, bytes out. The services decide what to store.

WeasyPrint fetches through :class:`SafeFetcher`, which serves our own static files
(``vektor-static:``) and the images handed over with the document (``vektor-asset:``) and
refuses every other scheme, so a layout can never read a local file or the network.
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "vektor-static:"
ASSET_SCHEME = "vektor-asset:"

# Editors' layouts are compiled by an engine of their own: no template directories, so
# {% include %} and {% extends %} find nothing, and only the i18n library can be loaded.
_layout_engine = Engine(
    dirs=[],
    app_dirs=False,
    libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
)


class LayoutError(ValueError):
    pass


@dataclass(frozen=True)
class Asset:
    body: bytes
    mime_type: str


@dataclass
class Document:
    """Everything a certificate PDF is made of."""

    body_html: str
    css: str
    orientation: str = "landscape"
    language: str = "ru"
    title: str = ""
    assets: dict[str, Asset] = field(default_factory=dict)


class SafeFetcher(URLFetcher):
    def __init__(self, assets: dict[str, Asset]):
        super().__init__(allowed_protocols=[])
        self.assets = assets

    def fetch(self, url, headers=None):
        if url.startswith(ASSET_SCHEME):
            asset = self.assets.get(url[len(ASSET_SCHEME) :].lstrip("/"))
            if asset is None:
                raise ValueError(f"Unknown asset: {url}")
            return URLFetcherResponse(url, asset.body, {"Content-Type": asset.mime_type})
        if url.startswith(STATIC_SCHEME):
            path = url[len(STATIC_SCHEME) :].lstrip("/")
            if ".." in Path(path).parts:
                raise ValueError(f"Refused: {url}")
            found = finders.find(path)
            if not found:
                raise ValueError(f"No static file: {url}")
            mime = "font/ttf" if path.endswith(".ttf") else None
            return URLFetcherResponse(
                url, Path(found).read_bytes(), {"Content-Type": mime} if mime else {}
            )
        raise ValueError(f"Refused to fetch {url}")


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


def _stylesheet(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).read_text(encoding="utf-8")


def render_pdf(document: Document) -> bytes:
    fetcher = SafeFetcher(document.assets)
    fonts = FontConfiguration()  # needed for @font-face: the shipped fonts load through it
    html = render_to_string("certificates/layout/document.html", {"document": document})
    options = {"url_fetcher": fetcher, "base_url": STATIC_SCHEME, "font_config": fonts}
    stylesheets = [
        CSS(string=f"@page {{ size: A4 {document.orientation}; margin: 0; }}"),
        CSS(string=_stylesheet("certificates/certificate.css"), **options),
    ]
    if document.css.strip():
        stylesheets.append(CSS(string=document.css, **options))
    return HTML(string=html, url_fetcher=fetcher, base_url=STATIC_SCHEME).write_pdf(
        stylesheets=stylesheets, font_config=fonts
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
