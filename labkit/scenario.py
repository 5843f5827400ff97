"""Named starting states for a lab: a built network, a bucket to secure, ...

Each service module registers its own scenarios with :func:`scenario`, next to
the snapshot code that reads the same resources back. A scenario may require
others (``rds`` builds on the network); :func:`build` runs each once, in order.
Builders only call boto3 through the lab, like a learner would, so a scenario is
reproducible from the lab's seed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import LabkitError

if TYPE_CHECKING:
    from .lab import Lab

__all__ = ["Scenario", "scenario", "registry", "names", "build"]


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    build: Callable[[Lab], None]
    requires: tuple[str, ...] = ()


_REGISTRY: dict[str, Scenario] = {}


def scenario(name: str, description: str, *, requires: tuple[str, ...] = ()):
    """Register a builder function as scenario ``name``.

    Example:
        >>> @scenario("my-bucket", "one empty bucket")          # doctest: +SKIP
        ... def _build(lab):
        ...     lab.client("s3").create_bucket(Bucket="my-bucket", ...)
    """

    def register(func: Callable[[Lab], None]) -> Callable[[Lab], None]:
        if name in _REGISTRY:
            raise LabkitError(f"scenario {name!r} is registered twice")
        _REGISTRY[name] = Scenario(name, description, func, tuple(requires))
        return func

    return register


def registry() -> dict[str, Scenario]:
    """Every scenario, after importing every service module (they register on import)."""
    from . import services

    services.load_all()
    return dict(sorted(_REGISTRY.items()))


def names() -> list[str]:
    return list(registry())


def get(name: str) -> Scenario:
    known = registry()
    if not isinstance(name, str) or name not in known:
        raise LabkitError(
            f"unknown scenario {name!r}. Valid scenarios: {', '.join(known)} "
            "(or None for an empty account)."
        )
    return known[name]


def plan(name: str) -> list[Scenario]:
    """The scenarios to build, dependencies first, each once."""
    ordered: list[Scenario] = []
    seen: set[str] = set()

    def visit(n: str, path: tuple[str, ...]) -> None:
        if n in path:
            raise LabkitError(f"scenario dependency cycle: {' -> '.join((*path, n))}")
        if n in seen:
            return
        sc = get(n)
        for dep in sc.requires:
            visit(dep, (*path, n))
        seen.add(n)
        ordered.append(sc)

    visit(name, ())
    return ordered


def build(lab: Lab, name: str) -> None:
    for sc in plan(name):
        sc.build(lab)
