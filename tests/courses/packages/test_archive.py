"""Uploaded archives are checked before anything is stored: each malicious or broken package
is refused with its own message, and leaves no row and no file behind."""

import random
import stat
import zipfile

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from courses.models import ContentPackage
from courses.packages.archive import PackageError, normalise_path
from courses.packages.services import package_import

from .helpers import MANIFEST_12, scorm12_files, stored_files, upload, zip_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the product's default language is Russian)."""
    with translation.override("en"):
        yield


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _encrypted() -> bytes:
    """An archive whose secret.txt is flagged as encrypted (zipfile cannot write one)."""
    data = bytearray(zip_of(scorm12_files(**{"secret.txt": "тайна"})))
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"secret.txt"))
    data[central + 8] |= 0x1
    return bytes(data)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<manifest><metadata><schemaversion>&lol2;</schemaversion></metadata></manifest>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<manifest><metadata><schemaversion>&xxe;</schemaversion></metadata></manifest>"""


def _duplicate() -> bytes:
    import io
    import warnings

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in scorm12_files().items():
                archive.writestr(name, content)
            archive.writestr("index.html", "<p>другой</p>")
    return buffer.getvalue()


CASES = {
    "zip slip": (zip_of(scorm12_files(**{"../evil.html": "x"})), "traversal", "«..»"),
    "deep zip slip": (
        zip_of(scorm12_files(**{"css/../../evil.html": "x"})),
        "traversal",
        "css/../../evil.html",
    ),
    "absolute path": (zip_of(scorm12_files(**{"/etc/evil": "x"})), "absolute", "/etc/evil"),
    "drive letter": (zip_of(scorm12_files(**{"C:/evil": "x"})), "absolute", "C:/evil"),
    "backslash": (zip_of(scorm12_files(**{"css\\evil.css": "x"})), "backslash", "css\\evil"),
    "symlink": (zip_of(scorm12_files(), infos=[_symlink("link")]), "symlink", "link"),
    "encrypted": (_encrypted(), "encrypted", "secret.txt"),
    "duplicate names": (_duplicate(), "duplicate", "index.html"),
    "not a zip": (b"%PDF-1.7 not a zip at all", "not_zip", "zip"),
    "missing manifest": (zip_of({"index.html": "<p>"}), "no_manifest", "imsmanifest.xml"),
    "malformed xml": (
        zip_of({"imsmanifest.xml": "<manifest><metadata>", "index.html": "x"}),
        "malformed_xml",
        "imsmanifest.xml",
    ),
    "billion laughs": (
        zip_of({"imsmanifest.xml": BILLION_LAUGHS, "index.html": "x"}),
        "unsafe_xml",
        "",
    ),
    "xxe": (zip_of({"imsmanifest.xml": XXE, "index.html": "x"}), "unsafe_xml", ""),
    "launch file missing": (
        zip_of({"imsmanifest.xml": MANIFEST_12.format(href="start.html"), "index.html": "x"}),
        "launch_missing",
        "start.html",
    ),
    "launch outside": (
        zip_of({"imsmanifest.xml": MANIFEST_12.format(href="../index.html"), "index.html": "x"}),
        "traversal",
        "",
    ),
    "unsupported version": (
        zip_of(
            {
                "imsmanifest.xml": MANIFEST_12.format(href="index.html").replace(
                    "<schemaversion>1.2", "<schemaversion>1.1"
                ),
                "index.html": "x",
            }
        ),
        "unsupported_version",
        "1.1",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_packages_are_refused_and_leave_nothing(case):
    data, code, detail = CASES[case]
    with pytest.raises(PackageError) as refused:
        package_import(file=upload(data), title="Плохой пакет")
    assert refused.value.code == code
    assert refused.value.message
    if detail:
        assert detail.strip("«»") in refused.value.message or detail in refused.value.message
    assert not ContentPackage.objects.exists()
    assert stored_files() == []


def test_too_many_files(settings):
    settings.PACKAGE_MAX_FILES = 5
    files = scorm12_files(**{f"page{n}.html": "x" for n in range(10)})
    with pytest.raises(PackageError) as refused:
        package_import(file=upload(zip_of(files)))
    assert refused.value.code == "too_many_files"
    assert "5" in refused.value.message
    assert not ContentPackage.objects.exists() and stored_files() == []


def test_oversized_upload(settings):
    settings.PACKAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    noise = random.Random(9).randbytes(2 * 1024 * 1024)  # incompressible
    data = zip_of(scorm12_files(**{"video.bin": noise}))
    assert len(data) > 1024 * 1024
    with pytest.raises(PackageError) as refused:
        package_import(file=upload(data))
    assert refused.value.code == "upload_too_big"
    assert "1 MB" in refused.value.message and "2 MB" in refused.value.message
    assert not ContentPackage.objects.exists() and stored_files() == []


def test_zip_bomb_over_the_unpacked_limit(settings):
    settings.PACKAGE_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    data = zip_of(scorm12_files(**{"bomb.txt": b"\0" * (20 * 1024 * 1024)}))
    assert len(data) < 100 * 1024  # a small upload
    with pytest.raises(PackageError) as refused:
        package_import(file=upload(data))
    assert refused.value.code == "unpacked_too_big"
    assert "5 MB" in refused.value.message
    assert not ContentPackage.objects.exists() and stored_files() == []


def test_a_bomb_whose_headers_lie_is_stopped_while_reading(settings):
    """The header claims a tiny file; inflating it stops at the claimed size (CRC fails)."""
    settings.PACKAGE_MAX_UNPACKED_BYTES = 5 * 1024 * 1024
    data = bytearray(zip_of(scorm12_files(**{"bomb.txt": b"\0" * (20 * 1024 * 1024)})))
    # Patch the sizes of bomb.txt in its central directory entry to 10 bytes.
    marker = data.rfind(b"PK\x01\x02", 0, data.rfind(b"bomb.txt"))
    data[marker + 24 : marker + 28] = (10).to_bytes(4, "little")
    with pytest.raises(PackageError) as refused:
        package_import(file=upload(bytes(data)))
    assert refused.value.code in ("unpacked_too_big", "damaged")
    assert not ContentPackage.objects.exists() and stored_files() == []


def test_a_failed_write_removes_the_files_written(monkeypatch):
    from django.core.files.storage import FileSystemStorage

    calls = []
    original = FileSystemStorage.save

    def failing_save(self, name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, name, content, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", failing_save)
    with pytest.raises(OSError):
        package_import(file=upload(zip_of(scorm12_files(**{"a.css": "x"}))))
    assert len(calls) == 2
    assert not ContentPackage.objects.exists() and stored_files() == []


SEGMENT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8
)


@given(st.lists(st.one_of(SEGMENT, st.sampled_from(["..", ".", "", "\\", "C:", "/"])), max_size=6))
def test_normalised_paths_stay_inside_the_package(segments):
    name = "/".join(segments)
    try:
        path = normalise_path(name)
    except PackageError as error:
        assert error.message and error.code
        return
    parts = path.split("/")
    assert ".." not in parts and "" not in parts and "." not in parts
    assert not path.startswith("/") and "\\" not in path
    assert normalise_path(path) == path
    import posixpath

    assert posixpath.normpath(posixpath.join("/base", path)).startswith("/base/")
