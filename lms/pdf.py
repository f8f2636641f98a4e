"""PDF rendering for every app: data in, bytes out (the caller stores the file).

WeasyPrint fetches through :class:`SafeFetcher`, which serves our own static files
(``vektorstatic:``) and the images handed over with the document (``vektorasset:``) and
refuses every other scheme, so a template can never read a local file or the network.
Fonts: ``site/static/fonts`` ships PT Serif and PT Sans (Cyrillic and the Kazakh letters);
``fonts.css`` declares them as "Vektor Serif" and "Vektor Sans".
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "vektorstatic:"
ASSET_SCHEME = "vektorasset:"
FONTS_CSS = "fonts/fonts.css"


@dataclass(frozen=True)
class Asset:
    body: bytes
    mime_type: str


class SafeFetcher(URLFetcher):
    def __init__(self, assets: dict[str, Asset] | None = None):
        super().__init__(allowed_protocols=[])
        self.assets = assets or {}

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


def static_text(path: str) -> str:
    """A static file's text (a stylesheet), found the way ``collectstatic`` finds it."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).read_text(encoding="utf-8")


def render_pdf(
    html: str,
    *,
    stylesheets: list[str] = (),
    assets: dict[str, Asset] | None = None,
    page_css: str = "@page { size: A4; margin: 18mm; }",
) -> bytes:
    """Render ``html`` with the shipped fonts, ``page_css`` and the given static stylesheets
    (paths under static/) or CSS strings (anything containing "{")."""
    fetcher = SafeFetcher(assets)
    fonts = FontConfiguration()  # needed for @font-face: the shipped fonts load through it
    options = {"url_fetcher": fetcher, "base_url": STATIC_SCHEME, "font_config": fonts}
    sheets = [CSS(string=page_css), CSS(string=static_text(FONTS_CSS), **options)]
    for sheet in stylesheets:
        if not sheet.strip():
            continue
        text = sheet if "{" in sheet else static_text(sheet)
        sheets.append(CSS(string=text, **options))
    return HTML(string=html, url_fetcher=fetcher, base_url=STATIC_SCHEME).write_pdf(
        stylesheets=sheets, font_config=fonts
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
