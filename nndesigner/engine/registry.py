"""Look-ups by name in the engine's registries, with one wording for unknown names."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TypeVar

T = TypeVar("T")


def check_name(name: str, known: Collection[str], kind: str) -> None:
    """ValueError "unknown <kind> '<name>' (known: ...)" when `name` is not in `known`."""
    if name not in known:
        raise ValueError(f"unknown {kind} '{name}' (known: {', '.join(known)})")


def lookup(registry: Mapping[str, T], name: str, kind: str) -> T:
    """registry[name], or the ValueError of `check_name`."""
    check_name(name, registry, kind)
    return registry[name]
