"""Reading a SCORM package's ``imsmanifest.xml`` (SCORM 1.2 and SCORM 2004).

The manifest is parsed with defusedxml: entity expansion (billion laughs) and external
entities (XXE) are refused. The package launches its default organization's first item that
refers to a resource; that resource's file must be in the archive.
"""

import posixpath
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from .archive import PackageError, Parsed, SafeArchive, normalise_path

MANIFEST = "imsmanifest.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
VERSIONS_2004 = ("CAM 1.3", "2004 2nd Edition", "2004 3rd Edition", "2004 4th Edition")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _version(root: Element) -> str:
    schemaversion = _text(_child(_child(root, "metadata"), "schemaversion"))
    if schemaversion == "1.2":
        return "scorm12"
    if schemaversion in VERSIONS_2004:
        return "scorm2004"
    namespaces = {element.tag.split("}", 1)[0] for element in root.iter() if "}" in element.tag}
    namespaces |= {key.split("}", 1)[0] for element in root.iter() for key in element.attrib}
    if not schemaversion:
        if any("adlcp_rootv1p2" in ns for ns in namespaces):
            return "scorm12"
        if any("adlcp_v1p3" in ns for ns in namespaces):
            return "scorm2004"
    raise PackageError(
        _("imsmanifest.xml names SCORM version “%(version)s”; SCORM 1.2 and 2004 are supported.")
        % {"version": schemaversion or "?"},
        "unsupported_version",
    )


def _first_launchable(items: list[Element]) -> Element | None:
    for item in items:
        if item.get("identifierref"):
            return item
        if found := _first_launchable(_children(item, "item")):
            return found
    return None


def _read_manifest(archive: SafeArchive) -> Element:
    if MANIFEST not in archive.names:
        raise PackageError(
            _("imsmanifest.xml is missing from the root of the archive."), "no_manifest"
        )
    try:
        return fromstring(archive.read(MANIFEST))
    except DefusedXmlException:
        raise PackageError(
            _("imsmanifest.xml uses XML entities or a DTD, which are not allowed."), "unsafe_xml"
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise PackageError(
            _("imsmanifest.xml is not well-formed XML (line %(line)s, column %(column)s).")
            % {"line": line, "column": column},
            "malformed_xml",
        ) from None


def parse_scorm(archive: SafeArchive) -> Parsed:
    root = _read_manifest(archive)
    if _local(root.tag) != "manifest":
        raise PackageError(
            _("imsmanifest.xml must have a <manifest> root element."), "malformed_manifest"
        )
    kind = _version(root)
    organizations = _child(root, "organizations")
    candidates = _children(organizations, "organization") if organizations is not None else []
    if not candidates:
        raise PackageError(
            _("imsmanifest.xml has no <organization>: nothing to launch."), "no_organization"
        )
    default = organizations.get("default") if organizations is not None else None
    organization = next((o for o in candidates if o.get("identifier") == default), candidates[0])
    item = _first_launchable(_children(organization, "item"))
    if item is None:
        raise PackageError(
            _("The organization in imsmanifest.xml has no item that refers to a resource."),
            "no_item",
        )
    resources = _child(root, "resources")
    resource = next(
        (
            r
            for r in (_children(resources, "resource") if resources is not None else [])
            if r.get("identifier") == item.get("identifierref")
        ),
        None,
    )
    if resource is None or not resource.get("href"):
        raise PackageError(
            _("imsmanifest.xml: the resource “%(ref)s” is missing or has no href.")
            % {"ref": item.get("identifierref")},
            "no_resource",
        )
    base = "".join(
        element.get(XML_BASE, "") for element in (root, resources, resource) if element is not None
    )
    href = posixpath.join(base, resource.get("href")) if base else resource.get("href")
    path, _sep, query = href.partition("?")
    path = normalise_path(path.partition("#")[0])
    if path not in archive.names:
        raise PackageError(
            _("The launch file “%(path)s” named in imsmanifest.xml is not in the archive.")
            % {"path": path},
            "launch_missing",
        )
    parameters = (item.get("parameters") or "").lstrip("?")
    query = "&".join(part for part in (query, parameters) if part)
    mastery = None
    if kind == "scorm12":
        raw = _text(_child(item, "masteryscore"))
        if raw:
            try:
                mastery = round(float(raw))
            except ValueError:
                mastery = -1
            if not 0 <= mastery <= 100:
                raise PackageError(
                    _("imsmanifest.xml: the mastery score must be a number from 0 to 100."),
                    "bad_mastery",
                )
    title = _text(_child(organization, "title")) or _text(_child(item, "title"))
    return Parsed(
        kind=kind,
        title=title[:255],
        launch=path + (f"?{query}" if query else ""),
        mastery_score=mastery,
        metadata={
            "schemaversion": _text(_child(_child(root, "metadata"), "schemaversion")),
            "identifier": root.get("identifier", ""),
            "organization": organization.get("identifier", ""),
            "item": item.get("identifier", ""),
        },
    )
