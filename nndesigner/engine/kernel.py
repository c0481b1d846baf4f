"""The hot path: forward pass, backward pass and gradients of one batch.

`NumpyKernel` works on a `CompiledNetwork`'s arrays with one matrix product per level
and preallocated buffers; the training loop talks only to the `Kernel` protocol, so a
compiled kernel for tiny networks can be added beside it.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from nndesigner.engine.activations import alpha_gradient
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork


class Kernel(Protocol):
    """What the training loop needs from an implementation of the hot path."""

    def neuron_values(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the pre-activations Z and activations A of every neuron (rows x
        neurons, columns in `network.neuron_ids` order); for inputs z = a = the input."""
        activations = self._forward(np.asarray(inputs, dtype=float)).copy()
        pre_activations = activations.copy()
        for level, z in zip(self.network.levels, self._buffers_for(len(inputs)).z, strict=True):
            pre_activations[:, level.start : level.stop] = z
        return pre_activations, activations

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Output activations, one column per output neuron in spec order."""
        ...

    def loss_and_gradients(self, inputs: np.ndarray, targets: np.ndarray, loss: Loss) -> float:
        """The batch's cost; fills every parameter's `grad` with dCost/dparameter."""
        ...


class _Buffers:
    """Per-batch-size arrays: activations A and dCost/dA (rows x neurons), and per level
    the pre-activations Z and dCost/dZ (rows x level width)."""

    def __init__(self, network: CompiledNetwork, rows: int) -> None:
        self.activations = np.empty((rows, network.neuron_count))
        self.grad_activations = np.empty((rows, network.neuron_count))
        self.z = [np.empty((rows, level.width)) for level in network.levels]
        self.grad_z = [np.empty((rows, level.width)) for level in network.levels]


class NumpyKernel:
    """Vectorised forward and backward over the compiled levels."""

    def __init__(self, network: CompiledNetwork) -> None:
        self.network = network
        self._buffers: dict[int, _Buffers] = {}
        order = network.output_columns - network.output_start
        self._target_order = None if np.array_equal(order, np.arange(len(order))) else order

    def _buffers_for(self, rows: int) -> _Buffers:
        """Buffers for a batch of `rows`, allocated once per batch size."""
        if rows not in self._buffers:
            if len(self._buffers) > 4:
                self._buffers.clear()
            self._buffers[rows] = _Buffers(self.network, rows)
        return self._buffers[rows]

    def _forward(self, inputs: np.ndarray) -> np.ndarray:
        """Fill A level by level: Z = A[:, s0:s1] @ W + b, A[:, t0:t1] = act(Z)."""
        net = self.network
        buffers = self._buffers_for(len(inputs))
        activations = buffers.activations
        activations[:, : net.input_count] = inputs
        for level, z in zip(net.levels, buffers.z, strict=True):
            np.matmul(
                activations[:, level.source_start : level.source_stop], level.weights.value, out=z
            )
            z += level.bias.value
            for group in level.groups:
                activations[:, level.start + group.start : level.start + group.stop] = (
                    group.activation.value(
                        z[:, group.start : group.stop], level.alpha[group.start : group.stop]
                    )
                )
        return activations

    def neuron_values(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the pre-activations Z and activations A of every neuron (rows x
        neurons, columns in `network.neuron_ids` order); for inputs z = a = the input."""
        activations = self._forward(np.asarray(inputs, dtype=float)).copy()
        pre_activations = activations.copy()
        for level, z in zip(self.network.levels, self._buffers_for(len(inputs)).z, strict=True):
            pre_activations[:, level.start : level.stop] = z
        return pre_activations, activations

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        return self._forward(np.asarray(inputs, dtype=float))[:, self.network.output_columns].copy()

    def loss_and_gradients(self, inputs: np.ndarray, targets: np.ndarray, loss: Loss) -> float:
        net = self.network
        activations = self._forward(inputs)
        buffers = self._buffers_for(len(inputs))
        grad_a = buffers.grad_activations
        if self._target_order is not None:
            ordered = np.empty_like(targets)
            ordered[:, self._target_order] = targets
            targets = ordered
        outputs = activations[:, net.output_start :]
        cost = loss.value(targets, outputs)
        grad_a[:, : net.output_start] = 0.0
        grad_a[:, net.output_start :] = loss.gradient(targets, outputs)
        for level, z, grad_z in zip(
            reversed(net.levels), reversed(buffers.z), reversed(buffers.grad_z), strict=True
        ):
            for group in level.groups:
                lo, hi = group.start, group.stop
                grad_z[:, lo:hi] = group.activation.vector_jacobian(
                    z[:, lo:hi],
                    activations[:, level.start + lo : level.start + hi],
                    level.alpha[lo:hi],
                    grad_a[:, level.start + lo : level.start + hi],
                )
            sources = activations[:, level.source_start : level.source_stop]
            np.matmul(sources.T, grad_z, out=level.weights.grad)
            level.weights.grad *= level.weights.mask
            np.sum(grad_z, axis=0, out=level.bias.grad)
            if level.alpha_parameter is not None:
                upstream = grad_a[:, level.start : level.stop]
                level.alpha_parameter.grad[:] = (
                    alpha_gradient(z, upstream) * level.alpha_parameter.mask
                )
            first = max(level.source_start, net.input_count)
            if first < level.source_stop:
                grad_a[:, first : level.source_stop] += (
                    grad_z @ level.weights.value[first - level.source_start :].T
                )
        return cost
