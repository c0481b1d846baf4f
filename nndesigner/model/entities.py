"""The immutable records a design is made of; the document replaces them on change."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("input", "hidden", "output")


@dataclass(frozen=True, slots=True)
class Neuron:
    """A neuron: role, user label, activation, bias, alpha (leaky ReLU, PReLU) and position."""

    id: str
    role: str
    label: str
    activation: str = "sigmoid"
    bias: float = 0.0
    alpha: float | None = None
    x: float = 0.0
    y: float = 0.0
    # A hidden neuron's dropout rate while training, in [0, 1).
    dropout: float = 0.0


@dataclass(frozen=True, slots=True)
class Synapse:
    """A weighted link from neuron `source` to neuron `target`."""

    id: str
    source: str
    target: str
    weight: float = 0.0
