"""The demo-data extension point.

Each app registers a loader in its ``AppConfig.ready()``; the ``load_demo`` command runs them in
order. The core never imports an app: an app that is removed simply contributes no demo data.
Every loader must be idempotent: running the command twice changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import import_string


@dataclass
class DemoAccount:
    role: str
    email: str
    password: str


@dataclass
class DemoContext:
    """What loaders share: a log line writer and the accounts to print at the end."""

    log: Callable[[str], None]
    accounts: list[DemoAccount] = field(default_factory=list)


Loader = Callable[[DemoContext], None]
_loaders: dict[str, tuple[int, str]] = {}


def register(name: str, loader_path: str, *, order: int = 100) -> None:
    """Register (or replace) the loader called ``name``, given by dotted path so that demo
    code is imported only when the demo is loaded; lower ``order`` runs first."""
    _loaders[name] = (order, loader_path)


def loaders() -> list[tuple[str, Loader]]:
    ordered = sorted(_loaders.items(), key=lambda item: (item[1][0], item[0]))
    return [(name, import_string(path)) for name, (_order, path) in ordered]
