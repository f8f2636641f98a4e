"""Reading an H5P package (a ``.h5p`` file is a zip archive).

What the player needs is checked before anything is stored: ``h5p.json`` at the root (a JSON
object with a title, the main library and the preloaded dependencies, the main library among
them), ``content/content.json`` (a JSON object), and for every preloaded dependency — and
the dependencies of those libraries in turn — its folder ``<machineName>-<major>.<minor>/``
with a ``library.json`` and the scripts and styles it lists. Only the file types of H5P
core's default whitelist are accepted; ``.js`` and ``.css`` only inside library folders.
"""

import json
import re
from collections import deque

from django.utils.translation import gettext as _

from .archive import PackageError, Parsed, SafeArchive, normalise_path

H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"
# H5P core's default content whitelist (H5PCore::$defaultContentWhitelist).
CONTENT_EXTENSIONS = frozenset(
    {
        *("json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg"),
        *("eot", "ttf", "woff", "woff2", "otf"),
        *("webm", "mp4", "ogg", "mp3", "m4a", "wav"),
        *("txt", "pdf", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"),
        *("xml", "csv", "diff", "patch", "swf", "md", "textile", "vtt", "webvtt"),
    }
)
# H5P core's default library whitelist extras (H5PCore::$defaultLibraryWhitelistExtras).
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
MACHINE_NAME = re.compile(r"^[\w.-]{1,255}$")
LIBRARY_FOLDER = re.compile(r"^[\w.-]+-\d+\.\d+$")


def _load_json(archive: SafeArchive, name: str, *, missing: str, missing_code: str) -> dict:
    """A JSON object read from the archive, or PackageError naming the file."""
    if name not in archive.names:
        raise PackageError(missing, missing_code)
    data = archive.read(name)
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PackageError(
            _("“%(name)s” is not UTF-8 text.") % {"name": name}, "bad_json"
        ) from None
    except json.JSONDecodeError as error:
        raise PackageError(
            _("“%(name)s” is not valid JSON (line %(line)s, column %(column)s).")
            % {"name": name, "line": error.lineno, "column": error.colno},
            "bad_json",
        ) from None
    except (ValueError, RecursionError):
        raise PackageError(
            _("“%(name)s” is not valid JSON.") % {"name": name}, "bad_json"
        ) from None
    if not isinstance(value, dict):
        raise PackageError(
            _("“%(name)s” must hold a JSON object ({…}).") % {"name": name}, "bad_json"
        )
    return value


def _version(value: object) -> int | None:
    """A major or minor version: a non-negative integer, or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


def _dependencies(value: object, *, source: str) -> list[tuple[str, int, int]]:
    """``preloadedDependencies`` as (machineName, major, minor) triples, or PackageError."""
    if not isinstance(value, list):
        raise PackageError(
            _("“%(name)s” must list its libraries in “preloadedDependencies”.") % {"name": source},
            "bad_dependencies",
        )
    found = []
    for item in value:
        if isinstance(item, dict):
            name = item.get("machineName")
            major = _version(item.get("majorVersion"))
            minor = _version(item.get("minorVersion"))
            if isinstance(name, str) and MACHINE_NAME.match(name) and None not in (major, minor):
                found.append((name, major, minor))
                continue
        raise PackageError(
            _(
                "“%(name)s” has a dependency without a valid machineName, majorVersion "
                "and minorVersion."
            )
            % {"name": source},
            "bad_dependencies",
        )
    return found


def _folder(name: str, major: int, minor: int) -> str:
    return f"{name}-{major}.{minor}"


def _library_files(library: dict, folder: str, archive: SafeArchive) -> None:
    """Every script and style a library preloads must be in its folder."""
    for key in ("preloadedJs", "preloadedCss"):
        entries = library.get(key, [])
        if not isinstance(entries, list):
            entries = [entries]
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str) or not path:
                raise PackageError(
                    _("“%(name)s” lists a file in “%(key)s” without a path.")
                    % {"name": f"{folder}/library.json", "key": key},
                    "bad_library",
                )
            full = normalise_path(f"{folder}/{path}")
            if full not in archive.names:
                raise PackageError(
                    _("The library “%(library)s” needs the file “%(name)s”, which is missing.")
                    % {"library": folder, "name": full},
                    "missing_library_file",
                )


def _libraries(archive: SafeArchive, dependencies: list[tuple[str, int, int]]) -> list[str]:
    """The folders of every library the content needs, following library dependencies."""
    seen: list[str] = []
    queue = deque((dependency, "h5p.json") for dependency in dependencies)
    while queue:
        (name, major, minor), needed_by = queue.popleft()
        folder = _folder(name, major, minor)
        if folder in seen:
            continue
        seen.append(folder)
        manifest = f"{folder}/library.json"
        missing = _(
            "The library “%(library)s” needed by “%(source)s” is missing: the package must "
            "contain its folder “%(library)s/” with a library.json."
        ) % {"library": folder, "source": needed_by}
        library = _load_json(archive, manifest, missing=missing, missing_code="missing_library")
        declared = library.get("machineName")
        if declared is not None and declared != name:
            raise PackageError(
                _("“%(name)s” describes the library “%(declared)s”, not “%(library)s”.")
                % {"name": manifest, "declared": declared, "library": name},
                "bad_library",
            )
        _library_files(library, folder, archive)
        if "preloadedDependencies" in library:
            for dependency in _dependencies(library["preloadedDependencies"], source=manifest):
                queue.append((dependency, manifest))
    return seen


def _check_file_types(archive: SafeArchive, library_folders: set[str]) -> None:
    """Only H5P's whitelisted file types; scripts and styles only inside library folders."""
    for name in sorted(archive.names):
        top = name.split("/", 1)[0]
        in_library = "/" in name and (top in library_folders or LIBRARY_FOLDER.match(top))
        allowed = LIBRARY_EXTENSIONS if in_library else CONTENT_EXTENSIONS
        base = name.rsplit("/", 1)[-1]
        extension = base.rsplit(".", 1)[-1].lower() if "." in base else ""
        if extension not in allowed:
            raise PackageError(
                _(
                    "The file “%(name)s” is of a type H5P packages may not contain. "
                    "Allowed: %(allowed)s (and .js, .css inside library folders)."
                )
                % {"name": name, "allowed": ", ".join(sorted(CONTENT_EXTENSIONS))},
                "forbidden_file_type",
            )


def parse_h5p(archive: SafeArchive) -> Parsed:
    """The package's title and libraries, or PackageError with a message for the uploader."""
    manifest = _load_json(
        archive,
        H5P_JSON,
        missing=_("The package has no h5p.json at its root: this is not an H5P package."),
        missing_code="no_manifest",
    )
    title = manifest.get("title")
    if not isinstance(title, str) or not title.strip():
        raise PackageError(_("h5p.json has no title."), "no_title")
    main_library = manifest.get("mainLibrary")
    if not isinstance(main_library, str) or not main_library:
        raise PackageError(_("h5p.json does not name its main library (mainLibrary)."), "no_main")
    if "preloadedDependencies" not in manifest:
        raise PackageError(
            _("h5p.json does not list the libraries it needs (preloadedDependencies)."),
            "bad_dependencies",
        )
    dependencies = _dependencies(manifest["preloadedDependencies"], source=H5P_JSON)
    if main_library not in {name for name, _major, _minor in dependencies}:
        raise PackageError(
            _("The main library “%(library)s” is not among the dependencies in h5p.json.")
            % {"library": main_library},
            "main_not_in_dependencies",
        )
    _load_json(
        archive,
        CONTENT_JSON,
        missing=_("The package has no content/content.json: the H5P content is missing."),
        missing_code="no_content",
    )
    libraries = _libraries(archive, dependencies)
    _check_file_types(archive, set(libraries))
    language = manifest.get("language")
    return Parsed(
        kind="h5p",
        title=title.strip()[:255],
        launch="",
        mastery_score=None,
        metadata={
            "mainLibrary": main_library,
            "libraries": libraries,
            "language": language if isinstance(language, str) else "und",
        },
    )
