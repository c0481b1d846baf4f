"""A run's parameters at chosen epochs, so training can be replayed afterwards.

Memory is bounded: at most LIMIT recordings, and at most MEMORY bytes of parameter values
in all (so a network of 1,000,000 parameters keeps 4); a network whose parameters fill
more than half of MEMORY (over 2,097,152 of them) keeps none. Recordings are made every
`stride` epochs; when the tape is full, every other one is dropped and the stride
doubles, so the recordings always span the whole run evenly, however long it is. The
recording of the run's `end` is always kept: the parameters the run finished with (with
early stopping, those of its best epoch, recorded under that epoch).
"""

from __future__ import annotations

import threading

import numpy as np

from nndesigner.engine.network import CompiledNetwork

LIMIT = 256
MEMORY = 32 * 2**20


def parameter_vector(network: CompiledNetwork) -> np.ndarray:
    """Every trainable value of `network`, in `parameters()` order, as one new array."""
    return np.concatenate([parameter.value.ravel() for parameter in network.parameters()])


def _structure(network: CompiledNetwork) -> tuple:
    """What a parameter vector's meaning depends on: the neurons, synapses, activations."""
    return (
        tuple(network.neuron_ids),
        tuple(
            (
                tuple(level.synapse_ids),
                tuple((g.start, g.stop, g.activation.name) for g in level.groups),
            )
            for level in network.levels
        ),
    )


class ParameterTape:
    """Parameter vectors by epoch, for one network's structure. The training thread
    records; the GUI thread reads once the run is over (a lock guards the recordings)."""

    def __init__(self, network: CompiledNetwork) -> None:
        self._structure = _structure(network)
        size = max(1, sum(p.value.size for p in network.parameters()))
        fits = int(MEMORY // (size * network.dtype.itemsize))
        self.capacity = min(fits, LIMIT) if fits >= 2 else 0
        self.stride = 1
        # The epoch whose parameters the run ended with (None while it runs).
        self.end: int | None = None
        self._recordings: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def due(self, epoch: int) -> bool:
        """Whether `epoch` falls on the stride (cheap: the training thread asks per epoch)."""
        return self.capacity > 0 and epoch % self.stride == 0

    def record(self, epoch: int, network: CompiledNetwork) -> None:
        """Keep the parameters `network` has after `epoch` (0: before training)."""
        if not self.capacity:
            return
        vector = parameter_vector(network)
        with self._lock:
            self._recordings[epoch] = vector
            while len(self._recordings) > self.capacity:
                self._thin()

    def finish(self, epoch: int, network: CompiledNetwork) -> None:
        """Record the parameters the run ended with, under `epoch`, as its end."""
        self.record(epoch, network)
        self.end = epoch

    def _thin(self) -> None:
        """Double the stride and keep the recordings on it, the last and the end."""
        self.stride *= 2
        kept = {max(self._recordings), self.end}
        self._recordings = {
            epoch: vector
            for epoch, vector in self._recordings.items()
            if epoch % self.stride == 0 or epoch in kept
        }

    @property
    def epochs(self) -> list[int]:
        """The recorded epochs, in order."""
        with self._lock:
            return sorted(self._recordings)

    def nearest(self, epoch: float) -> int:
        """The recorded epoch closest to `epoch`; ValueError on an empty tape."""
        epochs = self.epochs
        if not epochs:
            raise ValueError("the tape has no recordings")
        return min(epochs, key=lambda recorded: (abs(recorded - epoch), recorded))

    def matches(self, network: CompiledNetwork) -> bool:
        """Whether `network` has the structure the recordings are of."""
        return _structure(network) == self._structure

    def ends_with(self, network: CompiledNetwork) -> bool:
        """Whether `network` holds the parameters the run ended with (the design still
        has the run's weights: no undo, reset or edit since)."""
        if self.end is None or not self.matches(network):
            return False
        with self._lock:
            vector = self._recordings.get(self.end)
        return vector is not None and np.allclose(parameter_vector(network), vector, 1e-6, 1e-12)

    def network_at(self, epoch: int, network: CompiledNetwork) -> CompiledNetwork:
        """A copy of `network` (of the recorded structure) with the parameters recorded
        after `epoch`; KeyError when that epoch was not recorded."""
        with self._lock:
            vector = self._recordings[epoch]
        replayed = network.copy()
        offset = 0
        for parameter in replayed.parameters():
            size = parameter.value.size
            parameter.value[...] = vector[offset : offset + size].reshape(parameter.value.shape)
            offset += size
        return replayed

    def until(self, epoch: int) -> ParameterTape:
        """A new tape with the recordings up to and including `epoch` (to go on training
        from there), at the same stride; its end is still to come."""
        tape = object.__new__(ParameterTape)
        tape._structure, tape.capacity, tape.end = self._structure, self.capacity, None
        tape._lock = threading.Lock()
        with self._lock:
            tape._recordings = {e: v for e, v in self._recordings.items() if e <= epoch}
            tape.stride = self.stride
        return tape
