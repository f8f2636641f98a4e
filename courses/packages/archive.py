"""Opening an uploaded zip archive safely.

Every check happens before anything is stored: the upload's size, the number of entries,
their names (no absolute paths, ``..``, backslashes, drive letters, duplicates), their kinds
(no symbolic links, no encryption) and their unpacked size — from the headers, and again while
reading, since headers of a zip bomb lie.
"""

import re
import stat
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


class PackageError(Exception):
    """A refused package: ``message`` is for the person who uploaded it, ``code`` for code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Parsed:
    kind: str  # "scorm12" | "scorm2004" | "h5p"
    title: str
    launch: str  # the entry file, relative to the package root; "" for H5P
    mastery_score: int | None = None
    metadata: dict = field(default_factory=dict)


def _megabytes(size: int) -> str:
    return f"{size / MB:.0f}"


def limits() -> tuple[int, int, int]:
    """(upload bytes, unpacked bytes, files) from the settings."""
    return (
        settings.PACKAGE_MAX_UPLOAD_BYTES,
        settings.PACKAGE_MAX_UNPACKED_BYTES,
        settings.PACKAGE_MAX_FILES,
    )


def normalise_path(name: str) -> str:
    """A member name as a safe relative posix path, or PackageError.

    Refused: empty names, NUL and other control characters, backslashes, absolute paths,
    drive letters and ``..`` anywhere. ``.`` and empty segments are dropped, so the result
    never starts with ``/``, never holds ``..`` and normalising it again changes nothing.
    """
    if not name or any(ord(char) < 32 for char in name):
        raise PackageError(_("The archive has a file with an invalid name."), "bad_name")
    if "\\" in name:
        raise PackageError(
            _("The file name “%(name)s” uses backslashes: build the archive with “/”.")
            % {"name": name},
            "backslash",
        )
    if name.startswith("/") or _DRIVE.match(name):
        raise PackageError(
            _("The file “%(name)s” has an absolute path: the archive may only hold relative paths.")
            % {"name": name},
            "absolute",
        )
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PackageError(
            _("The file “%(name)s” points outside the package (“..”).") % {"name": name},
            "traversal",
        )
    if not parts:
        raise PackageError(_("The archive has a file with an invalid name."), "bad_name")
    return "/".join(parts)


class SafeArchive:
    """A checked zip archive. Use :meth:`open`; then ``names``, ``read()``, ``members()``."""

    def __init__(self, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], upload_size: int):
        self._zip = zf
        self._infos = infos
        self.upload_size = upload_size
        self._read_total = 0

    @classmethod
    def open(cls, file) -> "SafeArchive":
        max_upload, max_unpacked, max_files = limits()
        size = getattr(file, "size", None)
        if size is None:
            file.seek(0, 2)
            size = file.tell()
        if size > max_upload:
            raise PackageError(
                _("The file is %(size)s MB; packages may be at most %(limit)s MB.")
                % {"size": _megabytes(size), "limit": _megabytes(max_upload)},
                "upload_too_big",
            )
        file.seek(0)
        try:
            zf = zipfile.ZipFile(file)
            entries = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise PackageError(
                _("The file is not a zip archive: upload a .zip or .h5p package."), "not_zip"
            ) from None
        if len(entries) > max_files:
            raise PackageError(
                _("The archive holds %(count)s files; a package may hold at most %(limit)s.")
                % {"count": len(entries), "limit": max_files},
                "too_many_files",
            )
        infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in entries:
            name = normalise_path(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise PackageError(
                    _("The file “%(name)s” is a symbolic link; links are not allowed.")
                    % {"name": info.filename},
                    "symlink",
                )
            if info.flag_bits & 0x1:
                raise PackageError(
                    _("The file “%(name)s” is encrypted; upload an archive without a password.")
                    % {"name": info.filename},
                    "encrypted",
                )
            if info.is_dir():
                continue
            if name in infos:
                raise PackageError(
                    _("The archive holds “%(name)s” twice.") % {"name": name}, "duplicate"
                )
            infos[name] = info
            total += info.file_size
            if total > max_unpacked:
                raise PackageError(
                    _("Unpacked, the package would take more than %(limit)s MB.")
                    % {"limit": _megabytes(max_unpacked)},
                    "unpacked_too_big",
                )
        return cls(zf, infos, size)

    @property
    def names(self) -> set[str]:
        return set(self._infos)

    @property
    def unpacked_size(self) -> int:
        return sum(info.file_size for info in self._infos.values())

    def members(self) -> list[str]:
        """Member names in archive order."""
        return list(self._infos)

    def read(self, name: str) -> bytes:
        """A member's bytes, counted against the unpacked limit as they are inflated."""
        _max_upload, max_unpacked, _max_files = limits()
        info = self._infos[name]
        chunks = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > info.file_size or self._read_total > max_unpacked:
                        raise PackageError(
                            _("Unpacked, the package would take more than %(limit)s MB.")
                            % {"limit": _megabytes(max_unpacked)},
                            "unpacked_too_big",
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            raise PackageError(
                _("The file “%(name)s” in the archive is damaged.") % {"name": name}, "damaged"
            ) from None
        return b"".join(chunks)

    def close(self) -> None:
        self._zip.close()
