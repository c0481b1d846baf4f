"""The compiled kernel: the `Kernel` protocol over a `SynapseList`, with numba loops.

It needs numba (the `fast` extra); `kernel_choice` imports this module only when numba
is there. Besides the protocol it runs whole stretches of an epoch in one call
(`run_batches`), optimizer steps included, which is where small networks gain most.
"""

from __future__ import annotations

import numpy as np

from nndesigner.engine import compiled_loops
from nndesigner.engine.losses import Loss, get_loss
from nndesigner.engine.network import CompiledNetwork, FlatParameters, compile_network
from nndesigner.engine.optimizers import Adam, Momentum, Optimizer, Sgd
from nndesigner.engine.regularization import Penalty
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec
from nndesigner.engine.synapse_list import ACTIVATION_CODES, synapse_list

# Rows computed together: each synapse's weight and indices are read once per block.
ROW_BLOCK = 32

LOSS_CODES = {"half_squared_error": 0, "mse": 1, "binary_cross_entropy": 2, "cross_entropy": 3}


class CompiledKernel:
    """Forward and backward over the synapses that exist, ROW_BLOCK rows at a time, on
    `flat`'s arrays (float64 only)."""

    name = "compiled"

    def __init__(self, network: CompiledNetwork, flat: FlatParameters) -> None:
        if flat.values.dtype != np.float64:
            raise ValueError("the compiled kernel computes in float64 only")
        self.network = network
        self.flat = flat
        self.synapses = synapse_list(network, flat)
        softmax = np.flatnonzero(self.synapses.activation == ACTIVATION_CODES["softmax"])
        self._softmax = (int(softmax[0]), int(softmax[-1]) + 1) if len(softmax) else (0, 0)
        self._buffers: dict[int, tuple[np.ndarray, ...]] = {}
        self._no_state = np.zeros(0)

    def _block_buffers(self, rows: int) -> tuple[np.ndarray, ...]:
        """z, a, dCost/da and dCost/dz for blocks of min(rows, ROW_BLOCK) rows (neurons x
        rows): as narrow as the batch, so one row's numbers share cache lines."""
        width = max(1, min(rows, ROW_BLOCK))
        if width not in self._buffers:
            shape = (self.synapses.neuron_count, width)
            self._buffers[width] = tuple(np.zeros(shape) for _ in range(4))
        return self._buffers[width]

    def _structure(self) -> tuple:
        s = self.synapses
        return (s.first_in, s.source, s.weight, s.bias, s.alpha, s.alpha_constant, s.activation)

    def _loss(self, loss: Loss) -> tuple[int, bool]:
        code = LOSS_CODES[loss.name]
        return code, self.network.softmax_output and code == LOSS_CODES["cross_entropy"]

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        inputs = np.ascontiguousarray(inputs, dtype=np.float64)
        out = np.empty((len(inputs), len(self.synapses.output_columns)))
        compiled_loops.predict_rows(
            inputs, self.flat.values, *self._structure(), self.synapses.output_columns,
            *self._softmax, *self._block_buffers(len(inputs))[:2], out,
        )  # fmt: skip
        return out

    def loss_and_gradients(
        self, inputs: np.ndarray, targets: np.ndarray, loss: Loss, scale: float = 1.0
    ) -> float:
        code, fused = self._loss(loss)
        return compiled_loops.batch_gradients(
            np.ascontiguousarray(inputs, dtype=np.float64),
            np.ascontiguousarray(targets, dtype=np.float64),
            np.arange(len(inputs)),
            self.flat.values, self.flat.grads, *self._structure(),
            self.synapses.output_columns, self.synapses.others, *self._softmax, code, fused,
            float(scale), *self._block_buffers(len(inputs)),
        )  # fmt: skip

    def run_batches(
        self,
        inputs: np.ndarray,
        targets: np.ndarray,
        order: np.ndarray,
        batch: int,
        batches: range,
        costs: tuple[Loss, Penalty],
        optimizer: Optimizer,
    ) -> tuple[float, int, float]:
        """Batches `batches` of an epoch over rows `order`, each with its optimizer step
        on the data cost's and the penalty's gradients, exactly as the training loop
        would run them one by one. Returns the sum of batch data cost × batch rows, how
        many batches ran (fewer than asked when one's cost was not finite: that batch's
        step is not taken) and the last batch's data cost."""
        loss, penalty = costs
        code, fused = self._loss(loss)
        if isinstance(optimizer, Momentum):
            kind, state, steps = 1, (optimizer.velocity.flat, self._no_state), 0
            hyper = (optimizer.beta, 0.0, 0.0)
        elif isinstance(optimizer, Adam):
            kind, state, steps = 2, (optimizer.first.flat, optimizer.second.flat), optimizer.steps
            hyper = (optimizer.beta1, optimizer.beta2, optimizer.epsilon)
        else:
            kind, state, steps, hyper = 0, (self._no_state, self._no_state), 0, (0.0, 0.0, 0.0)
            # (SGD keeps no state: the two arrays only give numba its one signature.)
        total, done, cost = compiled_loops.train_batches(
            inputs, targets, order, batch, batches.start, batches.stop,
            self.flat.values, self.flat.grads, *self._structure(),
            self.synapses.output_columns, self.synapses.others,
            self.synapses.trainable_synapses, self.synapses.trainable_others, *self._softmax,
            code, fused, kind, float(optimizer.learning_rate), state, np.array(hyper), steps,
            penalty.l2, penalty.l1, *self._block_buffers(batch),
        )  # fmt: skip
        if kind == 2:
            optimizer.steps += done
        return total, done, cost


def warm_up() -> None:
    """Compile every loop (or load it from numba's cache) by running each once on a
    two-neuron network, so the first real run starts at full speed."""
    spec = NetworkSpec.from_records(
        (NeuronSpec("x", "input"), NeuronSpec("y", "output", "sigmoid")),
        (SynapseSpec("w", "x", "y", 0.5),),
    )
    network = compile_network(spec)
    flat = network.flatten()
    kernel = CompiledKernel(network, flat)
    inputs, targets = np.ones((2, 1)), np.ones((2, 1))
    loss = get_loss("half_squared_error")
    kernel.predict(inputs)
    kernel.loss_and_gradients(inputs, targets, loss)
    optimizer = Sgd(network.parameters(), 0.1, flat)
    penalty = Penalty.of(network, 0.1, 0.1)
    kernel.run_batches(inputs, targets, np.arange(2), 1, range(2), (loss, penalty), optimizer)
