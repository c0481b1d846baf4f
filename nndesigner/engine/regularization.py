"""Weight penalties: L2 (weight decay) and L1 on a network's synapse weights.

The cost minimised is the data cost plus

    penalty = (λ₂ / 2) · Σ w² + λ₁ · Σ |w|

over synapse weights only (biases and PReLU alphas are not penalised), so its gradient
adds λ₂ · w + λ₁ · sign(w) to each weight's. Cells of a level's weight matrix that hold
no synapse are 0 and stay 0, so they add nothing to either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.network import CompiledNetwork, Parameter


@dataclass(frozen=True)
class Penalty:
    """λ₂ (`l2`) and λ₁ (`l1`) over the weight matrices `weights` (read when used, so
    they may be flattened after this is made)."""

    l2: float
    l1: float
    weights: tuple[Parameter, ...]

    @classmethod
    def of(cls, network: CompiledNetwork, l2: float, l1: float) -> Penalty:
        return cls(float(l2), float(l1), tuple(level.weights for level in network.levels))

    @property
    def active(self) -> bool:
        return self.l2 != 0.0 or self.l1 != 0.0

    def value(self) -> float:
        """(λ₂ / 2) · Σ w² + λ₁ · Σ |w| at the current weights."""
        if not self.active:
            return 0.0
        squares = sum(float(np.vdot(p.value, p.value)) for p in self.weights)
        absolutes = sum(float(np.abs(p.value).sum()) for p in self.weights)
        return 0.5 * self.l2 * squares + self.l1 * absolutes

    def add_gradients(self, scale: float) -> None:
        """grad += scale · (λ₂ · w + λ₁ · sign(w)) on every weight matrix (`scale` is the
        optimizer's gradient scale, as the kernels apply it to the data gradients)."""
        if not self.active:
            return
        for parameter in self.weights:
            if self.l2:
                parameter.grad += (scale * self.l2) * parameter.value
            if self.l1:
                parameter.grad += (scale * self.l1) * np.sign(parameter.value)
