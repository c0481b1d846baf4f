"""The hot path: forward pass, backward pass and gradients of one batch.

`NumpyKernel` works on a `CompiledNetwork`'s arrays with one matrix product per level
and preallocated buffers; the training loop talks only to the `Kernel` protocol, so a
compiled kernel for tiny networks can be added beside it.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from nndesigner.engine.activations import alpha_gradient
from nndesigner.engine.dropout import DropoutDraws
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork, Level

# Rows predicted at once: big enough that the per-level overhead is paid rarely, small
# enough that the buffers stay in the cache.
PREDICT_ROWS = 4096


class Kernel(Protocol):
    """What the training loop needs from an implementation of the hot path."""

    name: str  # "numpy" or "compiled"

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Output activations, one column per output neuron in spec order."""
        ...

    def loss_and_gradients(
        self, inputs: np.ndarray, targets: np.ndarray, loss: Loss, scale: float = 1.0
    ) -> float:
        """The batch's cost; fills every parameter's `grad` with scale * dCost/dparameter
        (entries outside a parameter's mask are left for the optimizer to ignore). The
        backward pass is linear in the output gradient, so `scale` costs one product on
        the outputs and lets plain SGD pass the learning rate instead of scaling every
        gradient afterwards."""
        ...


class _LevelViews:
    """One level's slices of the batch buffers, cut once per batch size so the hot loop
    makes no new view objects."""

    def __init__(self, level: Level, buffers: _Buffers, z: np.ndarray, grad_z: np.ndarray):
        a, grad_a = buffers.activations, buffers.grad_activations
        self.level = level
        self.weights = level.weights.value
        self.bias = level.bias.value
        self.weight_grad = level.weights.grad
        self.bias_grad = level.bias.grad
        # Column sums as a product with a row of ones: a BLAS call, faster than a reduction.
        self.ones = np.ones(len(z), z.dtype)
        self.z = z
        self.block = a[:, level.start : level.stop]
        # While training with dropout: this batch's mask and the activations it hid.
        self.mask: np.ndarray | None = None
        self.raw: np.ndarray | None = None
        self.sources = a[:, level.source_start : level.source_stop]
        self.sources_t = self.sources.T
        self.upstream = grad_a[:, level.start : level.stop]
        # A level of linear neurons only has dCost/dZ = dCost/dA: the same memory serves.
        self.linear = [group.activation.name for group in level.groups] == ["linear"]
        self.grad_z = self.upstream if self.linear else grad_z
        self.groups = [
            (
                group.activation,
                z[:, group.start : group.stop],
                a[:, level.start + group.start : level.start + group.stop],
                level.alpha[group.start : group.stop],
                grad_a[:, level.start + group.start : level.start + group.stop],
                self.grad_z[:, group.start : group.stop],
            )
            for group in level.groups
        ]
        self.first_back = max(level.source_start, buffers.input_count)
        self.passes_back = self.first_back < level.source_stop
        self.grad_sources = grad_a[:, self.first_back : level.source_stop]
        self.weights_back = level.weights.value[self.first_back - level.source_start :].T
        # One neuron back-propagates an outer product: a broadcast product beats a matrix call.
        self.outer = level.width == 1


class _Buffers:
    """Per-batch-size arrays: activations A and dCost/dA (rows x neurons), and per level
    the pre-activations Z and dCost/dZ (rows x level width), with each level's views.

    All are stored neuron-major (Fortran order): a level's block of columns is then one
    contiguous run of memory, so element-wise work on it is a single flat loop, and the
    BLAS products read and write those blocks without copies (measured faster than
    row-major on both the small and the medium benchmark networks).

    `exclusive` holds when the levels' back-propagated source ranges split the hidden
    columns without overlap (any layered network): each level then writes its part of
    dCost/dA outright, with no zeroing and no accumulation.
    """

    def __init__(self, network: CompiledNetwork, rows: int) -> None:
        self.input_count = network.input_count
        dtype = network.dtype
        self.activations = np.empty((rows, network.neuron_count), dtype, order="F")
        self.grad_activations = np.empty((rows, network.neuron_count), dtype, order="F")
        self.inputs = self.activations[:, : network.input_count]
        self.outputs = self.activations[:, network.output_start :]
        self.grad_hidden = self.grad_activations[:, : network.output_start]
        self.grad_outputs = self.grad_activations[:, network.output_start :]
        self.z = [np.empty((rows, level.width), dtype, order="F") for level in network.levels]
        self.grad_z = [np.empty((rows, level.width), dtype, order="F") for level in network.levels]
        self.levels = [
            _LevelViews(level, self, z, grad_z)
            for level, z, grad_z in zip(network.levels, self.z, self.grad_z, strict=True)
        ]
        self.levels_backwards = self.levels[::-1]
        written = np.zeros(network.output_start, int)
        for views in self.levels:
            if views.passes_back:
                written[views.first_back : views.level.source_stop] += 1
        self.exclusive = bool(np.all(written[network.input_count :] == 1))


class NumpyKernel:
    """Vectorised forward and backward over the compiled levels."""

    name = "numpy"

    def __init__(self, network: CompiledNetwork) -> None:
        self.network = network
        # Set by a training run whose network has dropout: `loss_and_gradients` then
        # drops (inverted dropout, dropout.py); nothing else ever does.
        self.dropout: DropoutDraws | None = None
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

    def _forward(self, inputs: np.ndarray, dropping: bool = False) -> _Buffers:
        """Fill A level by level: Z = A[:, s0:s1] @ W + b, A[:, t0:t1] = act(Z); while
        `dropping`, A of a level with dropout is multiplied by its mask (the activations
        it hid kept for the backward pass)."""
        buffers = self._buffers_for(len(inputs))
        buffers.inputs[...] = inputs
        for views in buffers.levels:
            np.matmul(views.sources, views.weights, out=views.z)
            np.add(views.z, views.bias, out=views.z)
            for activation, z, a, alpha, _, _ in views.groups:
                activation.apply(z, alpha, a)
            rates = views.level.dropout
            if dropping and rates is not None and self.dropout is not None:
                views.raw = views.block.copy()
                views.mask = self.dropout.draw(rates, len(inputs))
                views.block *= views.mask
        return buffers

    def neuron_values(self, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the pre-activations Z and activations A of every neuron (rows x
        neurons, columns in `network.neuron_ids` order); for inputs z = a = the input."""
        activations = self._forward(np.asarray(inputs, dtype=float)).activations.copy()
        pre_activations = activations.copy()
        for level, z in zip(self.network.levels, self._buffers_for(len(inputs)).z, strict=True):
            pre_activations[:, level.start : level.stop] = z
        return pre_activations, activations

    def pre_activation_gradients(self, rows: int) -> np.ndarray:
        """dCost/dz of every non-input neuron (rows x neurons, `network.neuron_ids`
        order; input columns are 0) from the last `loss_and_gradients` on `rows` rows."""
        buffers = self._buffers_for(rows)
        grads = np.zeros((rows, self.network.neuron_count))
        for views in buffers.levels:
            grads[:, views.level.start : views.level.stop] = views.grad_z
        return grads

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Outputs in blocks of PREDICT_ROWS rows, so predicting a million rows needs
        buffers for a block, not for every row at once."""
        inputs = np.asarray(inputs, dtype=float)
        if len(inputs) <= PREDICT_ROWS:
            return self._forward(inputs).activations[:, self.network.output_columns]
        outputs = np.empty((len(inputs), len(self.network.output_columns)))
        for start in range(0, len(inputs), PREDICT_ROWS):
            block = self._forward(inputs[start : start + PREDICT_ROWS])
            outputs[start : start + PREDICT_ROWS] = block.activations[
                :, self.network.output_columns
            ]
        return outputs

    def loss_and_gradients(
        self, inputs: np.ndarray, targets: np.ndarray, loss: Loss, scale: float = 1.0
    ) -> float:
        buffers = self._forward(inputs, dropping=True)
        if self._target_order is not None:
            ordered = np.empty_like(targets)
            ordered[:, self._target_order] = targets
            targets = ordered
        outputs = buffers.outputs
        if not buffers.exclusive:
            buffers.grad_hidden[...] = 0.0
        last = buffers.levels[-1]
        fused = self.network.softmax_output and loss.name == "cross_entropy"
        if fused:
            # Softmax with cross-entropy: dCost/dz = (a - y) / rows, without the detour
            # through dCost/da = -y / a.
            cost = loss.value(targets, outputs)
            np.subtract(outputs, targets, out=last.grad_z)
            last.grad_z *= scale / len(targets)
        else:
            cost = loss.value_and_gradient(targets, outputs, buffers.grad_outputs, scale)
        exclusive = buffers.exclusive
        for views in buffers.levels_backwards:
            grad_z = views.grad_z
            if views.mask is not None:  # dCost/dA through the mask, and A as it was
                views.upstream *= views.mask
                views.block[...] = views.raw
                views.mask = views.raw = None
            if not views.linear and not (fused and views is last):
                for activation, z, a, alpha, upstream, group_grad_z in views.groups:
                    activation.backward(z, a, alpha, upstream, group_grad_z)
            np.matmul(views.sources_t, grad_z, out=views.weight_grad)
            np.matmul(views.ones, grad_z, out=views.bias_grad)
            if views.level.alpha_parameter is not None:
                views.level.alpha_parameter.grad[:] = alpha_gradient(views.z, views.upstream)
            if views.passes_back:
                product = np.multiply if views.outer else np.matmul
                if exclusive:
                    product(grad_z, views.weights_back, out=views.grad_sources)
                else:
                    views.grad_sources += product(grad_z, views.weights_back)
        return cost
