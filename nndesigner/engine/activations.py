"""Activation functions: value and derivative side by side, in one registry.

The engine uses them for the forward and backward pass; the UI plots them from the same
registry, so what the user sees is what the network computes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.registry import lookup

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """One activation function.

    `value(z, alpha)` gives a = f(z); `derivative(z, alpha)` gives f'(z) element-wise.
    `joint` activations (softmax) couple the neurons that share them, so their backward
    pass is `vector_jacobian` rather than an element-wise product. `formula` is f written
    out and `note` says, for learners, its range, its use and how it behaves under
    gradient descent (the explain panel and the activation plot show them).
    """

    name: str
    title: str
    value: Callable[[Array, Array], Array]
    derivative: Callable[[Array, Array], Array]
    formula: str = ""
    note: str = ""
    uses_alpha: bool = False
    learns_alpha: bool = False
    default_alpha: float = 0.0
    joint: bool = False
    # Writes f'(z) into `out` from z, the output a = f(z) and alpha (the hot path).
    derivative_into: Callable[[Array, Array, Array, Array], object] | None = None
    # Writes f(z) into `out` without a temporary array (the training hot path).
    value_into: Callable[[Array, Array, Array], object] | None = None
    # The range f stays in, when it is bounded (the neuron maps' colours span it).
    bounds: tuple[float, float] | None = None

    def apply(self, z: Array, alpha: Array, out: Array) -> None:
        """out <- f(z), in place."""
        if self.value_into is not None:
            self.value_into(z, alpha, out)
        else:
            out[...] = self.value(z, alpha)

    def vector_jacobian(self, z: Array, a: Array, alpha: Array, grad_a: Array) -> Array:
        """dL/dz from dL/da: grad_a * f'(z), or for softmax a * (grad_a - sum(grad_a * a))."""
        if self.joint:
            return a * (grad_a - np.sum(grad_a * a, axis=1, keepdims=True))
        return grad_a * self.derivative(z, alpha)

    def backward(self, z: Array, a: Array, alpha: Array, grad_a: Array, out: Array) -> None:
        """out <- dL/dz (see `vector_jacobian`), written in place; `out` must not overlap
        `grad_a`."""
        if self.joint:
            out[...] = self.vector_jacobian(z, a, alpha, grad_a)
        elif self.derivative_into is not None:
            self.derivative_into(z, a, alpha, out)
            np.multiply(out, grad_a, out=out)
        else:
            np.multiply(grad_a, self.derivative(z, alpha), out=out)


def _sigmoid(z: Array, alpha: Array) -> Array:
    """1 / (1 + e^-z); see `_sigmoid_into`."""
    out = np.empty(np.shape(z))
    _sigmoid_into(np.asarray(z, dtype=float), alpha, out)
    return out


def _sigmoid_into(z: Array, alpha: Array, out: Array) -> None:
    """1 / (1 + e^-z) into `out`, computed from e = e^-|z| as 1 / (1 + e) for z >= 0 and
    e / (1 + e) below: it never overflows and keeps full precision where the sigmoid is
    tiny (z far below 0), as the compiled kernel does."""
    np.abs(z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    numerator = np.where(z >= 0, 1.0, out)
    out += 1.0
    np.divide(numerator, out, out=out)


def _sigmoid_derivative(z: Array, alpha: Array) -> Array:
    """s(z) (1 - s(z))."""
    s = _sigmoid(z, alpha)
    return s * (1.0 - s)


def _sigmoid_derivative_into(z: Array, a: Array, alpha: Array, out: Array) -> None:
    """a (1 - a) into `out`, from the output a = s(z)."""
    np.subtract(1.0, a, out=out)
    out *= a


def _tanh_derivative_into(z: Array, a: Array, alpha: Array, out: Array) -> None:
    """1 - a^2 into `out`, from the output a = tanh(z)."""
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)


def _softmax(z: Array, alpha: Array) -> Array:
    """e^z_k / sum_j e^z_j over each row, shifted by the row maximum for stability."""
    shifted = np.exp(z - np.max(z, axis=1, keepdims=True))
    return shifted / np.sum(shifted, axis=1, keepdims=True)


def _softmax_diagonal(z: Array, alpha: Array) -> Array:
    """The diagonal of the softmax Jacobian, a_k (1 - a_k), used only for plotting."""
    a = _softmax(z, alpha)
    return a * (1.0 - a)


def _leaky_value(z: Array, alpha: Array) -> Array:
    """z for z > 0, alpha z otherwise."""
    return np.where(z > 0, z, alpha * z)


def _leaky_derivative(z: Array, alpha: Array) -> Array:
    """1 for z > 0, alpha otherwise."""
    return np.where(z > 0, 1.0, alpha * np.ones_like(z))


ACTIVATIONS: dict[str, Activation] = {
    activation.name: activation
    for activation in (
        Activation(
            "linear",
            "Linear",
            formula="f(z) = z",
            note=(
                "a = z: every real number can come out. Used on output neurons for "
                "regression (predicting a quantity) and on inputs. Linear neurons alone, "
                "however many layers deep, still compute one straight-line map."
            ),
            value=lambda z, alpha: z.astype(float, copy=True),
            derivative=lambda z, alpha: np.ones_like(z, dtype=float),
            value_into=lambda z, alpha, out: np.copyto(out, z),
        ),
        Activation(
            "step",
            "Threshold (step)",
            formula="f(z) = 1 if z ≥ 0, else 0",
            note=(
                "Threshold: a = 1 when z ≥ 0, otherwise 0 — the original perceptron. Its "
                "slope is 0 everywhere (and undefined at 0), so backpropagation has "
                "nothing to follow; nndesigner passes the error straight through "
                "instead, which for a single step neuron is exactly the perceptron learning rule."
            ),
            value=lambda z, alpha: (z >= 0).astype(float),
            # Straight-through: a single step neuron then learns by the perceptron rule.
            derivative=lambda z, alpha: np.ones_like(z, dtype=float),
            bounds=(0.0, 1.0),
        ),
        Activation(
            "sigmoid",
            "Sigmoid",
            formula="f(z) = 1 / (1 + e^−z)",
            note=(
                "Squashes z into (0, 1), so an output reads as a probability: the usual "
                "choice for a yes/no output. Its slope is at most 0.25 and almost 0 once "
                "|z| > 5, so stacked sigmoid layers pass back ever smaller gradients "
                "(vanishing gradients) and saturated neurons all but stop learning."
            ),
            value=_sigmoid,
            derivative=_sigmoid_derivative,
            derivative_into=_sigmoid_derivative_into,
            value_into=_sigmoid_into,
            bounds=(0.0, 1.0),
        ),
        Activation(
            "tanh",
            "Tanh",
            formula="f(z) = tanh z = (e^z − e^−z) / (e^z + e^−z)",
            note=(
                "A sigmoid stretched to (−1, 1) and centred on 0, which often trains "
                "faster in hidden layers. For large |z| it saturates like the sigmoid: "
                "slopes near 0, vanishing gradients."
            ),
            value=lambda z, alpha: np.tanh(z),
            derivative=lambda z, alpha: 1.0 - np.tanh(z) ** 2,
            derivative_into=_tanh_derivative_into,
            value_into=lambda z, alpha, out: np.tanh(z, out=out),
            bounds=(-1.0, 1.0),
        ),
        Activation(
            "relu",
            "ReLU",
            formula="f(z) = max(0, z)",
            note=(
                "max(0, z): cheap, and its slope is 1 for every positive z, so gradients "
                "do not vanish — the default for hidden layers. A neuron whose z is "
                "negative on every row outputs 0 and receives no gradient: it has died "
                "and will not come back (dying ReLU)."
            ),
            value=lambda z, alpha: np.maximum(z, 0.0),
            derivative=lambda z, alpha: (z > 0).astype(z.dtype),
            # 1 where a = max(z, 0) > 0: the comparison is written straight as 0.0 / 1.0.
            derivative_into=lambda z, a, alpha, out: np.greater(a, 0.0, out=out),
            value_into=lambda z, alpha, out: np.maximum(z, 0.0, out=out),
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            formula="f(z) = z if z > 0, else α·z",
            note=(
                "Like ReLU, but negative z keeps a small slope alpha (0.01 unless set): "
                "a = z for z > 0, alpha · z otherwise. That small slope keeps a gradient "
                "flowing, so the neuron cannot die."
            ),
            value=_leaky_value,
            derivative=_leaky_derivative,
            uses_alpha=True,
            default_alpha=0.01,
        ),
        Activation(
            "prelu",
            "PReLU",
            formula="f(z) = z if z > 0, else α·z (α learned)",
            note=(
                "A leaky ReLU whose negative slope alpha is learned with the weights (it "
                "starts at 0.25), so each neuron finds out how leaky it should be."
            ),
            value=_leaky_value,
            derivative=_leaky_derivative,
            uses_alpha=True,
            learns_alpha=True,
            default_alpha=0.25,
        ),
        Activation(
            "softmax",
            "Softmax",
            value=_softmax,
            derivative=_softmax_diagonal,
            joint=True,
            formula="f(z)_k = e^z_k / Σ_m e^z_m over the softmax outputs",
            note=(
                "Turns the z values of all softmax outputs into probabilities that are "
                "positive and add up to 1; pair it with the cross-entropy cost to "
                "classify into several classes. It ties the output neurons together, so "
                "it is offered on outputs only."
            ),
            bounds=(0.0, 1.0),
        ),
    )
}


def alpha_gradient(z: Array, grad_a: Array) -> Array:
    """dL/dalpha for PReLU, per neuron: sum over rows of grad_a * min(z, 0)."""
    return np.sum(grad_a * np.minimum(z, 0.0), axis=0)


def get_activation(name: str) -> Activation:
    """The registered activation called `name`, or ValueError naming the known ones."""
    return lookup(ACTIVATIONS, name, "activation")
