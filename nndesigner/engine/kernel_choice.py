"""Which kernel trains a network: NumPy's or the compiled one, chosen by shape.

The NumPy kernel pays a fixed cost per level and per call, then runs BLAS over each
level's dense box; the compiled kernel pays per row for every synapse that exists. The
choice compares the two costs estimated from the shape (constants fitted to
`benchmarks/kernel_crossover.py`; see the README's performance section).

numba is optional (the `fast` extra); until its machine code is ready (see
kernel_warm_up) "auto" trains with NumPy.
"""

from __future__ import annotations

import os

import numpy as np

from nndesigner.engine import kernel_warm_up
from nndesigner.engine.kernel import Kernel, NumpyKernel
from nndesigner.engine.network import CompiledNetwork, FlatParameters

CHOICES = ("auto", "numpy", "compiled")
# Forces a kernel for every run of the process (the CLI's --kernel sets it too).
CHOICE_VARIABLE = "NNDESIGNER_KERNEL"

# Cost model, seconds; fitted to `benchmarks/kernel_crossover.py` on the 2-core reference
# machine, one BLAS thread. A "curved" neuron's activation needs an exponential (tanh,
# sigmoid, softmax); the others cost a comparison or nothing.
NUMPY_PER_BATCH = 25e-6  # per batch: cost, optimizer call, the loop itself
NUMPY_PER_LEVEL = 13e-6  # per level and batch: the calls around the products
NUMPY_CELL_BATCH = 3.5e-9  # per dense weight cell and batch: optimizer step, row-vector products
NUMPY_CELL_ROW = 0.75e-9  # per dense weight cell and row: forward, backward, gradient
NUMPY_NEURON_ROW = 3e-9  # per neuron and row: activation and slope
NUMPY_CURVED_ROW = 17e-9  # more per curved neuron and row
COMPILED_PER_BATCH = 2e-6  # per batch: the loop and the cost
COMPILED_PARAMETER_BATCH = 8e-9  # per parameter and batch: step, and one row's latency
COMPILED_SYNAPSE_ROW = 1.1e-9  # per synapse and row: forward, backward, gradient
COMPILED_NEURON_ROW = 12e-9  # per neuron and row: bias, activation, slope
COMPILED_CURVED_ROW = 30e-9  # more per curved neuron and row


class KernelUnavailable(ValueError):
    """The kernel asked for cannot run here (unknown, numba missing, float32)."""


def default_choice() -> str:
    """The kernel choice of this process: $NNDESIGNER_KERNEL, or "auto"."""
    return os.environ.get(CHOICE_VARIABLE, "auto").strip().lower() or "auto"


CURVED = frozenset({"tanh", "sigmoid", "softmax"})


def _neurons(network: CompiledNetwork) -> tuple[int, int]:
    """Non-input neurons, and how many of them are curved (need an exponential)."""
    curved = sum(
        group.stop - group.start
        for level in network.levels
        for group in level.groups
        if group.activation.name in CURVED
    )
    return network.neuron_count - network.input_count, curved


def numpy_cost(network: CompiledNetwork, batch: int) -> float:
    """Estimated seconds per row of a training batch on the NumPy kernel."""
    cells = sum(level.weights.value.size for level in network.levels)
    neurons, curved = _neurons(network)
    per_batch = NUMPY_PER_BATCH + NUMPY_PER_LEVEL * len(network.levels)
    per_batch += NUMPY_CELL_BATCH * cells
    per_row = NUMPY_CELL_ROW * cells + NUMPY_NEURON_ROW * neurons + NUMPY_CURVED_ROW * curved
    return per_batch / batch + per_row


def compiled_cost(network: CompiledNetwork, batch: int) -> float:
    """Estimated seconds per row of a training batch on the compiled kernel."""
    synapses = sum(len(level.synapse_ids) for level in network.levels)
    neurons, curved = _neurons(network)
    per_batch = COMPILED_PER_BATCH + COMPILED_PARAMETER_BATCH * (synapses + neurons)
    per_row = (
        COMPILED_SYNAPSE_ROW * synapses
        + COMPILED_NEURON_ROW * neurons
        + COMPILED_CURVED_ROW * curved
    )
    return per_batch / batch + per_row


def prefers_compiled(network: CompiledNetwork, batch: int) -> bool:
    """Whether the compiled kernel is estimated faster for batches of `batch` rows."""
    return compiled_cost(network, batch) < numpy_cost(network, batch)


def compiled_would_pay(network: CompiledNetwork, flat: FlatParameters, batch: int) -> bool:
    """Whether "auto" wants the compiled kernel: float64, and estimated faster."""
    return flat.values.dtype == np.float64 and prefers_compiled(network, batch)


def make_kernel(
    network: CompiledNetwork, flat: FlatParameters, batch: int, choice: str | None = None,
    wait: bool = False,
) -> Kernel:  # fmt: skip
    """The kernel for training `network` (flattened into `flat`) in batches of `batch`.

    "numpy" and "compiled" force one ("compiled" waits for its compilation;
    KernelUnavailable without numba or for float32); "auto" takes the compiled kernel
    when it is estimated faster and ready (`wait`: compile now rather than use NumPy
    meanwhile); None is `default_choice()`."""
    choice = default_choice() if choice is None else choice
    if choice not in CHOICES:
        raise KernelUnavailable(f"unknown kernel '{choice}'; choose one of {', '.join(CHOICES)}")
    if choice == "compiled":
        if not kernel_warm_up.compiled_installed():
            raise KernelUnavailable("the compiled kernel needs numba: install nndesigner[fast]")
        if flat.values.dtype != np.float64:
            raise KernelUnavailable("the compiled kernel computes in float64 only")
        warm_up = kernel_warm_up.WARM_UP
        if not warm_up.wait():
            raise KernelUnavailable(f"the compiled kernel could not be compiled: {warm_up.error}")
    elif not (
        choice == "auto" and compiled_would_pay(network, flat, batch)
        and (kernel_warm_up.WARM_UP.wait() if wait else kernel_warm_up.WARM_UP.ready)
    ):  # fmt: skip
        return NumpyKernel(network)
    from nndesigner.engine.compiled_kernel import CompiledKernel

    return CompiledKernel(network, flat)
