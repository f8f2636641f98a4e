"""The project's own sample packages (sources under ``samples/``), zipped on demand for the
tests and the demo data."""

import io
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"


def build_zip(name: str) -> bytes:
    """The sample folder ``name`` ("scorm12", "scorm2004", "h5p") as a zip archive."""
    folder = SAMPLES / name
    if not folder.is_dir():
        raise ValueError(f"no sample package {name!r}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
