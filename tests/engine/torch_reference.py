"""One full-batch gradient step computed independently with PyTorch autograd."""

from __future__ import annotations

import numpy as np

from nndesigner.engine.spec import NetworkSpec, Parameters
from tests.engine.random_dag import synapse_records

TORCH_ACTIVATIONS = {
    "linear": lambda torch, z, alpha: z,
    "sigmoid": lambda torch, z, alpha: torch.sigmoid(z),
    "tanh": lambda torch, z, alpha: torch.tanh(z),
    "relu": lambda torch, z, alpha: torch.relu(z),
    "leaky_relu": lambda torch, z, alpha: torch.where(z > 0, z, alpha * z),
    "prelu": lambda torch, z, alpha: torch.where(z > 0, z, alpha * z),
}
TORCH_DEFAULT_ALPHA = {"leaky_relu": 0.01, "prelu": 0.25}


def torch_sgd_step(
    spec: NetworkSpec, inputs: np.ndarray, targets: np.ndarray, loss: str, learning_rate: float,
    l2: float = 0.0, l1: float = 0.0,
) -> Parameters:  # fmt: skip
    """Forward neuron by neuron in float64, the loss plus (l2/2)·Σw² + l1·Σ|w| over the
    synapse weights, autograd, then w - lr * dL/dw."""
    import torch

    weights = {
        s.id: torch.tensor(s.weight, dtype=torch.float64, requires_grad=True)
        for s in synapse_records(spec)
    }
    biases = {
        n.id: torch.tensor(n.bias, dtype=torch.float64, requires_grad=True)
        for n in spec.neurons
        if n.role != "input"
    }
    alphas = {
        n.id: torch.tensor(
            n.alpha if n.alpha is not None else TORCH_DEFAULT_ALPHA[n.activation],
            dtype=torch.float64,
            requires_grad=n.activation == "prelu",
        )
        for n in spec.neurons
        if n.activation in TORCH_DEFAULT_ALPHA and n.role != "input"
    }
    x = torch.tensor(inputs, dtype=torch.float64)
    values = {neuron_id: x[:, k] for k, neuron_id in enumerate(spec.ids_with_role("input"))}
    by_id = {n.id: n for n in spec.neurons}
    pre_activation = {}
    pending = [n.id for n in spec.neurons if n.role != "input"]
    while pending:
        for neuron_id in list(pending):
            sources = [s for s in synapse_records(spec) if s.target == neuron_id]
            if not all(s.source in values for s in sources):
                continue
            z = biases[neuron_id] + sum(weights[s.id] * values[s.source] for s in sources)
            pre_activation[neuron_id] = z
            activation = by_id[neuron_id].activation
            if activation != "softmax":
                values[neuron_id] = TORCH_ACTIVATIONS[activation](torch, z, alphas.get(neuron_id))
            pending.remove(neuron_id)
    outputs = spec.ids_with_role("output")
    if all(by_id[o].activation == "softmax" for o in outputs):
        stacked = torch.softmax(torch.stack([pre_activation[o] for o in outputs], dim=1), dim=1)
    else:
        stacked = torch.stack([values[o] for o in outputs], dim=1)
    y = torch.tensor(targets, dtype=torch.float64)
    rows = len(inputs)
    if loss == "half_squared_error":
        cost = 0.5 * ((y - stacked) ** 2).sum() / rows
    elif loss == "mse":
        cost = ((y - stacked) ** 2).sum() / rows
    elif loss == "cross_entropy":
        cost = -(y * torch.log(stacked)).sum() / rows
    else:
        raise ValueError(loss)
    for weight in weights.values():
        cost = cost + 0.5 * l2 * weight**2 + l1 * torch.abs(weight)
    cost.backward()

    def stepped(tensors: dict) -> dict[str, float]:
        return {
            key: float(t.detach() - learning_rate * t.grad)
            if t.grad is not None
            else float(t.detach())
            for key, t in tensors.items()
        }

    return Parameters(stepped(weights), stepped(biases), stepped(alphas))
