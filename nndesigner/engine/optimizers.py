"""Gradient-descent update rules, applied in place to a network's parameters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.network import FlatParameters, Parameter
from nndesigner.engine.registry import lookup


class Optimizer:
    """Base: `step()` moves every parameter against its gradient, keeping masks.

    `flat` is what `CompiledNetwork.flatten` returned for these parameters; an optimizer
    may then update everything in one call. `step` expects the gradients scaled by
    `gradient_scale` (the kernel's `scale`): 1 unless an optimizer says otherwise.
    `title` is its name for people.
    """

    title = ""

    def __init__(
        self,
        parameters: list[Parameter],
        learning_rate: float,
        flat: FlatParameters | None = None,
    ) -> None:
        self.parameters = parameters
        self.learning_rate = learning_rate
        self.flat = flat

    @property
    def gradient_scale(self) -> float:
        return 1.0

    def step(self) -> None:
        for index, parameter in enumerate(self.parameters):
            change = self._change(index, parameter.grad)
            if parameter.mask is not None:
                change *= parameter.mask
            parameter.value -= change

    def _change(self, index: int, grad: np.ndarray) -> np.ndarray:
        raise NotImplementedError


def _state_arrays(parameters: list[Parameter], flat: FlatParameters | None) -> StateArrays:
    """Zeroed per-parameter state (a velocity, a moment): with `flat`, views into one
    array laid out like `flat.values`, which the compiled kernel updates directly."""
    if flat is None:
        return StateArrays(None, [np.zeros_like(p.value) for p in parameters])
    whole = np.zeros_like(flat.values)
    views, offset = [], 0
    for parameter in parameters:
        size = parameter.value.size
        views.append(whole[offset : offset + size].reshape(parameter.value.shape))
        offset += size
    return StateArrays(whole, views)


@dataclass(frozen=True)
class StateArrays:
    """An optimizer's state for every parameter, and the one array behind it (or None)."""

    flat: np.ndarray | None
    views: list[np.ndarray]


class Sgd(Optimizer):
    """w <- w - lr * mask * g, in place. The gradients arrive already multiplied by the
    learning rate (`gradient_scale`), so the step is one subtraction (and a mask product
    for sparse parameters) over the flat parameters."""

    title = "SGD"

    @property
    def gradient_scale(self) -> float:
        return self.learning_rate

    def step(self) -> None:
        if self.flat is not None:
            values, grads, mask = self.flat.values, self.flat.grads, self.flat.mask
            if mask is not None:
                np.multiply(grads, mask, out=grads)
            np.subtract(values, grads, out=values)
            return
        for parameter in self.parameters:
            if not parameter.dense:
                parameter.grad *= parameter.mask
            parameter.value -= parameter.grad


class Momentum(Optimizer):
    """v <- beta v + g;  w <- w - lr v  (beta = 0.9)."""

    title = "Momentum"

    def __init__(
        self,
        parameters: list[Parameter],
        learning_rate: float,
        flat: FlatParameters | None = None,
        beta: float = 0.9,
    ):
        super().__init__(parameters, learning_rate, flat)
        self.beta = beta
        self.velocity = _state_arrays(parameters, flat)

    def _change(self, index: int, grad: np.ndarray) -> np.ndarray:
        velocity = self.velocity.views[index]
        velocity *= self.beta
        velocity += grad
        return self.learning_rate * velocity


class Adam(Optimizer):
    """m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;  w <- w - lr m^ / (sqrt(v^) + eps)."""

    title = "Adam"

    def __init__(
        self,
        parameters: list[Parameter],
        learning_rate: float,
        flat: FlatParameters | None = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
    ):
        super().__init__(parameters, learning_rate, flat)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.first = _state_arrays(parameters, flat)
        self.second = _state_arrays(parameters, flat)
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        super().step()

    def _change(self, index: int, grad: np.ndarray) -> np.ndarray:
        first, second = self.first.views[index], self.second.views[index]
        first *= self.beta1
        first += (1.0 - self.beta1) * grad
        second *= self.beta2
        second += (1.0 - self.beta2) * grad**2
        first_hat = first / (1.0 - self.beta1**self.steps)
        second_hat = second / (1.0 - self.beta2**self.steps)
        return self.learning_rate * first_hat / (np.sqrt(second_hat) + self.epsilon)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": Sgd,
    "momentum": Momentum,
    "adam": Adam,
}


def make_optimizer(
    name: str,
    parameters: list[Parameter],
    learning_rate: float,
    flat: FlatParameters | None = None,
) -> Optimizer:
    """The optimizer called `name` over `parameters`; ValueError for an unknown name."""
    return lookup(OPTIMIZERS, name, "optimizer")(parameters, learning_rate, flat)
