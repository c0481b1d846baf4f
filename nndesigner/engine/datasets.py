"""Seeded generators of the two-dimensional classics, for seeing a network bend its
decision boundary: xor, circles, moons, spiral, blobs (classes 0/1 in column `label`)
and plane (a regression target in column `y`). Inputs are columns `x1`, `x2`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.registry import lookup

Generator = Callable[[np.random.Generator, int, float], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Dataset:
    """Rows of inputs (x1, x2) and one target column named `target`."""

    name: str
    inputs: np.ndarray
    targets: np.ndarray
    target: str
    classification: bool

    @property
    def header(self) -> tuple[str, ...]:
        return ("x1", "x2", self.target)


def _halves(rows: int) -> tuple[int, int]:
    return rows // 2, rows - rows // 2


def _xor(rng: np.random.Generator, rows: int, noise: float):
    """Points in [-1, 1]^2; class 1 where x1 and x2 have opposite signs."""
    points = rng.uniform(-1, 1, (rows, 2))
    labels = (points[:, 0] * points[:, 1] < 0).astype(float)
    return points + rng.normal(0, noise * 0.5, points.shape), labels


def _circles(rng: np.random.Generator, rows: int, noise: float):
    """An inner disc (class 1) inside a ring (class 0)."""
    inner, outer = _halves(rows)
    angle = rng.uniform(0, 2 * np.pi, rows)
    radius = np.concatenate([rng.uniform(0, 0.5, inner), rng.uniform(0.7, 1.0, outer)])
    points = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    labels = np.concatenate([np.ones(inner), np.zeros(outer)])
    return points + rng.normal(0, noise * 0.3, points.shape), labels


def _moons(rng: np.random.Generator, rows: int, noise: float):
    """Two interleaving half circles."""
    upper, lower = _halves(rows)
    t_upper = rng.uniform(0, np.pi, upper)
    t_lower = rng.uniform(0, np.pi, lower)
    points = np.concatenate(
        [
            np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1),
            np.stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1),
        ]
    )
    labels = np.concatenate([np.zeros(upper), np.ones(lower)])
    return points + rng.normal(0, noise * 0.3, points.shape), labels


def _spiral(rng: np.random.Generator, rows: int, noise: float):
    """Two spirals wound around each other, one and three quarter turns each."""
    first, second = _halves(rows)
    parts = []
    for count, offset in ((first, 0.0), (second, np.pi)):
        t = np.sqrt(rng.uniform(0, 1, count)) * 3.5 * np.pi
        radius = t / (3.5 * np.pi)
        parts.append(np.stack([radius * np.cos(t + offset), radius * np.sin(t + offset)], axis=1))
    points = np.concatenate(parts)
    labels = np.concatenate([np.zeros(first), np.ones(second)])
    return points + rng.normal(0, noise * 0.1, points.shape), labels


def _blobs(rng: np.random.Generator, rows: int, noise: float):
    """Two Gaussian blobs around (-0.5, -0.5) and (0.5, 0.5)."""
    first, second = _halves(rows)
    spread = 0.2 + noise * 0.5
    points = np.concatenate(
        [rng.normal(-0.5, spread, (first, 2)), rng.normal(0.5, spread, (second, 2))]
    )
    return points, np.concatenate([np.zeros(first), np.ones(second)])


def _plane(rng: np.random.Generator, rows: int, noise: float):
    """y = 2 x1 - x2 + 0.5 plus Gaussian noise (a regression)."""
    points = rng.uniform(-1, 1, (rows, 2))
    return points, 2 * points[:, 0] - points[:, 1] + 0.5 + rng.normal(0, noise, rows)


GENERATORS: dict[str, Generator] = {
    "xor": _xor,
    "circles": _circles,
    "moons": _moons,
    "spiral": _spiral,
    "blobs": _blobs,
    "plane": _plane,
}


def dataset_note(name: str) -> str:
    """One sentence on what dataset `name` is (its generator's description)."""
    return " ".join((lookup(GENERATORS, name, "dataset").__doc__ or "").split())


def make_dataset(name: str, rows: int = 400, noise: float = 0.1, seed: int = 0) -> Dataset:
    """`rows` rows of dataset `name` with `noise` (0 = clean), shuffled, reproducible."""
    if rows < 2:
        raise ValueError("a dataset needs at least 2 rows")
    rng = np.random.default_rng(seed)
    inputs, targets = lookup(GENERATORS, name, "dataset")(rng, rows, noise)
    order = rng.permutation(rows)
    classification = name != "plane"
    return Dataset(
        name,
        inputs[order],
        targets[order, None],
        "label" if classification else "y",
        classification,
    )
