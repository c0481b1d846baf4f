"""A short note on each activation: its range, where it is used, and how it behaves
under gradient descent. Shown beside the activation plot and as tooltips."""

from __future__ import annotations

from nndesigner.engine.activations import ACTIVATIONS

NOTES: dict[str, str] = {
    "linear": (
        "a = z: every real number can come out. Used on output neurons for regression "
        "(predicting a quantity) and on inputs. Linear neurons alone, however many layers "
        "deep, still compute one straight-line map."
    ),
    "step": (
        "Threshold: a = 1 when z ≥ 0, otherwise 0 — the original perceptron. Its slope is 0 "
        "everywhere (and undefined at 0), so backpropagation has nothing to follow; "
        "nndesigner passes the error straight through instead, which for a single step "
        "neuron is exactly the perceptron learning rule."
    ),
    "sigmoid": (
        "Squashes z into (0, 1), so an output reads as a probability: the usual choice "
        "for a yes/no output. Its slope is at most 0.25 and almost 0 once |z| > 5, so "
        "stacked sigmoid layers pass back ever smaller gradients (vanishing gradients) "
        "and saturated neurons all but stop learning."
    ),
    "tanh": (
        "A sigmoid stretched to (−1, 1) and centred on 0, which often trains faster in "
        "hidden layers. For large |z| it saturates like the sigmoid: slopes near 0, "
        "vanishing gradients."
    ),
    "relu": (
        "max(0, z): cheap, and its slope is 1 for every positive z, so gradients do not "
        "vanish — the default for hidden layers. A neuron whose z is negative on every row "
        "outputs 0 and receives no gradient: it has died and will not come back (dying "
        "ReLU)."
    ),
    "leaky_relu": (
        "Like ReLU, but negative z keeps a small slope alpha (0.01 unless set): a = z for "
        "z > 0, alpha · z otherwise. That small slope keeps a gradient flowing, so the "
        "neuron cannot die."
    ),
    "prelu": (
        "A leaky ReLU whose negative slope alpha is learned with the weights (it starts at "
        "0.25), so each neuron finds out how leaky it should be."
    ),
    "softmax": (
        "Turns the z values of all softmax outputs into probabilities that are positive and "
        "add up to 1; pair it with the cross-entropy cost to classify into several classes. "
        "It ties the output neurons together, so it is offered on outputs only."
    ),
}


FORMULAS: dict[str, str] = {
    "linear": "f(z) = z",
    "step": "f(z) = 1 if z ≥ 0, else 0",
    "sigmoid": "f(z) = 1 / (1 + e^−z)",
    "tanh": "f(z) = tanh z = (e^z − e^−z) / (e^z + e^−z)",
    "relu": "f(z) = max(0, z)",
    "leaky_relu": "f(z) = z if z > 0, else α·z",
    "prelu": "f(z) = z if z > 0, else α·z (α learned)",
    "softmax": "f(z)_k = e^z_k / Σ_m e^z_m over the softmax outputs",
}


def note(name: str) -> str:
    """The note on activation `name` (every registered activation has one)."""
    return NOTES[name]


def tooltip(name: str) -> str:
    """Title and note, for a tooltip."""
    return f"<b>{ACTIVATIONS[name].title}</b><br>{NOTES[name]}"
