import pytest

from courses.signals import course_completed


@pytest.fixture
def received():
    """The keyword arguments of every ``course_completed`` sent during the test."""
    calls = []

    def handler(sender, **kwargs):
        calls.append(kwargs)

    course_completed.connect(handler)
    yield calls
    course_completed.disconnect(handler)
