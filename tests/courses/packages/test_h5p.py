"""Reading H5P packages: the project's sample is accepted, broken packages are refused with
a message that names what is wrong."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.packages.archive import PackageError, SafeArchive
from courses.packages.h5p import parse_h5p
from courses.packages.samples import build_zip

SAMPLE = Path(__file__).resolve().parents[3] / "courses" / "packages" / "samples" / "h5p"
LIBRARY = "H5P.VektorCheck-1.0"


def sample_files() -> dict[str, bytes]:
    return {
        path.relative_to(SAMPLE).as_posix(): path.read_bytes()
        for path in sorted(SAMPLE.rglob("*"))
        if path.is_file()
    }


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def parse(files: dict[str, bytes]):
    return parse_h5p(SafeArchive.open(zipped(files)))


def refusal(files: dict[str, bytes]) -> PackageError:
    with pytest.raises(PackageError) as caught:
        parse(files)
    return caught.value


def manifest(**changes) -> bytes:
    data = json.loads((SAMPLE / "h5p.json").read_text("utf-8"))
    data.update(changes)
    return json.dumps(data).encode()


def test_the_sample_is_read():
    parsed = parse_h5p(SafeArchive.open(io.BytesIO(build_zip("h5p"))))

    assert parsed.kind == "h5p"
    assert parsed.title == "Проверка: кто такой координатор добровольцев"
    assert parsed.launch == ""
    assert parsed.mastery_score is None
    assert parsed.metadata == {
        "mainLibrary": "H5P.VektorCheck",
        "libraries": [LIBRARY],
        "language": "ru",
    }


def test_versions_as_strings_and_libraries_of_libraries_are_followed():
    files = sample_files()
    files["h5p.json"] = manifest(
        preloadedDependencies=[
            {"machineName": "H5P.VektorCheck", "majorVersion": "1", "minorVersion": "0"}
        ]
    )
    library = json.loads(files[f"{LIBRARY}/library.json"])
    library["preloadedDependencies"] = [
        {"machineName": "FontAwesome", "majorVersion": 4, "minorVersion": 5}
    ]
    files[f"{LIBRARY}/library.json"] = json.dumps(library).encode()
    files["FontAwesome-4.5/library.json"] = json.dumps(
        {"machineName": "FontAwesome", "majorVersion": 4, "minorVersion": 5}
    ).encode()
    files["FontAwesome-4.5/fonts/fa.woff2"] = b"font"
    files["content/images/photo.JPG"] = b"\xff\xd8"

    parsed = parse(files)

    assert parsed.metadata["libraries"] == [LIBRARY, "FontAwesome-4.5"]


def test_a_package_without_h5p_json_is_refused():
    files = sample_files()
    del files["h5p.json"]

    error = refusal(files)

    assert error.code == "no_manifest"
    assert "h5p.json" in error.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("h5p.json", b'{"title": "x",'),
        ("h5p.json", b"[1, 2]"),
        ("h5p.json", b"\xff\xfe not utf-8"),
        ("content/content.json", b"{not json}"),
        (f"{LIBRARY}/library.json", b""),
    ],
    ids=["truncated", "not-an-object", "not-utf8", "content", "library"],
)
def test_malformed_json_is_refused_naming_the_file(name, data):
    files = sample_files()
    files[name] = data

    error = refusal(files)

    assert error.code == "bad_json"
    assert name in error.message


def test_missing_content_is_refused():
    files = sample_files()
    del files["content/content.json"]

    error = refusal(files)

    assert error.code == "no_content"
    assert "content/content.json" in error.message


def test_a_missing_library_folder_is_named():
    files = {name: data for name, data in sample_files().items() if not name.startswith(LIBRARY)}

    error = refusal(files)

    assert error.code == "missing_library"
    assert LIBRARY in error.message


def test_a_missing_library_of_a_library_is_named():
    files = sample_files()
    library = json.loads(files[f"{LIBRARY}/library.json"])
    library["preloadedDependencies"] = [
        {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
    ]
    files[f"{LIBRARY}/library.json"] = json.dumps(library).encode()

    error = refusal(files)

    assert error.code == "missing_library"
    assert "H5P.JoubelUI-1.3" in error.message


def test_a_missing_library_script_is_named():
    files = sample_files()
    del files[f"{LIBRARY}/vektor-check.js"]

    error = refusal(files)

    assert error.code == "missing_library_file"
    assert f"{LIBRARY}/vektor-check.js" in error.message


def test_the_main_library_must_be_a_dependency():
    files = sample_files()
    files["h5p.json"] = manifest(mainLibrary="H5P.MultiChoice")

    error = refusal(files)

    assert error.code == "main_not_in_dependencies"
    assert "H5P.MultiChoice" in error.message


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": ""}, "no_title"),
        ({"title": 5}, "no_title"),
        ({"mainLibrary": None}, "no_main"),
        ({"preloadedDependencies": None}, "bad_dependencies"),
        ({"preloadedDependencies": [{"machineName": "H5P.VektorCheck"}]}, "bad_dependencies"),
        (
            {
                "preloadedDependencies": [
                    {"machineName": "H5P.VektorCheck", "majorVersion": True, "minorVersion": 0}
                ]
            },
            "bad_dependencies",
        ),
    ],
    ids=["empty-title", "number-title", "no-main", "no-list", "no-versions", "bool-version"],
)
def test_h5p_json_fields_are_checked(changes, code):
    files = sample_files()
    files["h5p.json"] = manifest(**changes)

    assert refusal(files).code == code


@pytest.mark.parametrize(
    "name",
    [
        "content/index.html",
        "content/shell.php",
        "content/script.js",
        "content/styles.css",
        "notes",
        "__MACOSX/._h5p.json.exe",
        f"{LIBRARY}/page.html",
        ".htaccess",
    ],
)
def test_forbidden_file_types_are_refused_naming_the_file(name):
    files = sample_files()
    files[name] = b"<?php echo 1; ?>"

    error = refusal(files)

    assert error.code == "forbidden_file_type"
    assert name in error.message


def test_scripts_and_styles_are_allowed_in_library_folders():
    files = sample_files()
    files[f"{LIBRARY}/extra/helper.js"] = b"// helper"
    files[f"{LIBRARY}/extra/theme.CSS"] = b"/* theme */"

    assert parse(files).kind == "h5p"


def test_a_library_path_leaving_its_folder_is_refused():
    files = sample_files()
    library = json.loads(files[f"{LIBRARY}/library.json"])
    library["preloadedJs"] = [{"path": "../content/content.json"}]
    files[f"{LIBRARY}/library.json"] = json.dumps(library).encode()

    assert refusal(files).code == "traversal"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=20,
)
h5p_keys = st.sampled_from(
    ["title", "mainLibrary", "preloadedDependencies", "language", "machineName", "majorVersion"]
)
dependency = st.fixed_dictionaries(
    {},
    optional={
        "machineName": st.sampled_from(["H5P.VektorCheck", "H5P.Other", "", "../x"]) | st.text(),
        "majorVersion": st.sampled_from([1, "1", -1, "x"]) | json_values,
        "minorVersion": st.sampled_from([0, "0", 2.5]) | json_values,
    },
)
h5p_objects = st.dictionaries(h5p_keys | st.text(max_size=10), json_values, max_size=6) | (
    st.fixed_dictionaries(
        {
            "title": st.text() | json_values,
            "mainLibrary": st.sampled_from(["H5P.VektorCheck", "H5P.Other"]) | json_values,
            "preloadedDependencies": st.lists(dependency, max_size=3) | json_values,
        }
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=h5p_objects)
def test_any_h5p_json_is_read_or_refused_cleanly(document):
    files = sample_files()
    files["h5p.json"] = json.dumps(document).encode()

    try:
        parsed = parse(files)
    except PackageError as error:
        assert error.message
        assert error.code
    else:
        assert parsed.kind == "h5p"
        assert parsed.title.strip()
        assert parsed.metadata["mainLibrary"] == document["mainLibrary"]
