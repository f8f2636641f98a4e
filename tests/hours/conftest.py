import pytest

from lms import extensions


@pytest.fixture
def slots():
    """The extension registry (``lms.extensions``) for a test to register providers in; put
    back as it was when the test ends."""
    saved = {slot: dict(named) for slot, named in extensions._providers.items()}
    yield extensions
    extensions._providers.clear()
    extensions._providers.update(saved)
