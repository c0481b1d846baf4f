"""The network document: the single mutable source of truth for a design.

Every mutation is validated first and either applies completely or raises `DesignError`
leaving the document unchanged; then exactly one past-tense signal is emitted per change.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from psygnal import Signal

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.engine.spec import Parameters
from nndesigner.model.entities import ROLES, Neuron, Synapse
from nndesigner.model.errors import DesignError

NEURON_FIELDS = {"role", "label", "activation", "bias", "alpha", "x", "y"}


class NetworkDocument:
    """Neurons and synapses of one design, validated on every change."""

    neuron_added = Signal(Neuron)
    neuron_removed = Signal(str)
    neuron_changed = Signal(Neuron)
    synapse_added = Signal(Synapse)
    synapse_removed = Signal(str)
    synapse_changed = Signal(Synapse)
    parameters_changed = Signal()

    def __init__(self) -> None:
        self._neurons: dict[str, Neuron] = {}
        self._synapses: dict[str, Synapse] = {}

    # ----- reading -------------------------------------------------------------------
    @property
    def neurons(self) -> list[Neuron]:
        return list(self._neurons.values())

    @property
    def synapses(self) -> list[Synapse]:
        return list(self._synapses.values())

    def neuron(self, neuron_id: str) -> Neuron:
        try:
            return self._neurons[neuron_id]
        except KeyError:
            raise DesignError(f"There is no neuron '{neuron_id}'.") from None

    def synapse(self, synapse_id: str) -> Synapse:
        try:
            return self._synapses[synapse_id]
        except KeyError:
            raise DesignError(f"There is no synapse '{synapse_id}'.") from None

    def neurons_with_role(self, role: str) -> list[Neuron]:
        return [neuron for neuron in self._neurons.values() if neuron.role == role]

    def synapses_of(self, neuron_id: str) -> list[Synapse]:
        """Every synapse that enters or leaves `neuron_id`."""
        return [s for s in self._synapses.values() if neuron_id in (s.source, s.target)]

    def new_id(self, prefix: str) -> str:
        """An id `prefix<N>` used by no neuron and no synapse."""
        for number in itertools.count(1):
            candidate = f"{prefix}{number}"
            if candidate not in self._neurons and candidate not in self._synapses:
                return candidate
        raise AssertionError("unreachable")

    # ----- neurons -------------------------------------------------------------------
    def add_neuron(self, neuron: Neuron) -> None:
        if neuron.id in self._neurons or neuron.id in self._synapses:
            raise DesignError(f"The id '{neuron.id}' is already used.")
        self._check_neuron(neuron)
        self._neurons[neuron.id] = neuron
        self.neuron_added.emit(neuron)

    def update_neuron(self, neuron_id: str, **changes: Any) -> Neuron:
        """Change some fields of a neuron; returns the new record."""
        unknown = set(changes) - NEURON_FIELDS
        if unknown:
            raise DesignError(f"A neuron has no property '{sorted(unknown)[0]}'.")
        updated = replace(self.neuron(neuron_id), **changes)
        self._check_neuron(updated)
        if updated.role == "input" and any(s.target == neuron_id for s in self._synapses.values()):
            raise DesignError("An input neuron cannot receive synapses; remove them first.")
        if updated.role == "output" and any(s.source == neuron_id for s in self._synapses.values()):
            raise DesignError("An output neuron cannot send synapses; remove them first.")
        self._neurons[neuron_id] = updated
        self.neuron_changed.emit(updated)
        return updated

    def remove_neuron(self, neuron_id: str) -> list[Synapse]:
        """Remove a neuron and its synapses; returns the removed synapses."""
        self.neuron(neuron_id)
        removed = self.synapses_of(neuron_id)
        for synapse in removed:
            self.remove_synapse(synapse.id)
        del self._neurons[neuron_id]
        self.neuron_removed.emit(neuron_id)
        return removed

    def _check_neuron(self, neuron: Neuron) -> None:
        if neuron.role not in ROLES:
            raise DesignError(
                f"'{neuron.role}' is not a neuron role (use input, hidden or output)."
            )
        if not neuron.label.strip():
            raise DesignError("A neuron needs a label.")
        if neuron.role != "input" and neuron.activation not in ACTIVATIONS:
            raise DesignError(
                f"'{neuron.activation}' is not an activation (known: {', '.join(ACTIVATIONS)})."
            )
        if neuron.activation == "softmax" and neuron.role != "output":
            raise DesignError("Softmax is only available on output neurons.")
        if neuron.role in ("input", "output"):
            for other in self._neurons.values():
                if (
                    other.id != neuron.id
                    and other.role == neuron.role
                    and other.label == neuron.label
                ):
                    raise DesignError(
                        f"Another {neuron.role} neuron is already labelled '{neuron.label}'."
                    )

    # ----- synapses ------------------------------------------------------------------
    def add_synapse(self, synapse: Synapse) -> None:
        if synapse.id in self._synapses or synapse.id in self._neurons:
            raise DesignError(f"The id '{synapse.id}' is already used.")
        source, target = self.neuron(synapse.source), self.neuron(synapse.target)
        if source.id == target.id:
            raise DesignError("A neuron cannot be connected to itself.")
        if target.role == "input":
            raise DesignError("A synapse cannot end on an input neuron.")
        if source.role == "output":
            raise DesignError("A synapse cannot start from an output neuron.")
        if any(s.source == source.id and s.target == target.id for s in self._synapses.values()):
            raise DesignError(f"'{source.label}' is already connected to '{target.label}'.")
        if self._reaches(target.id, source.id):
            raise DesignError(
                f"Connecting '{source.label}' to '{target.label}' would make a loop; "
                "networks here are feed-forward."
            )
        self._synapses[synapse.id] = synapse
        self.synapse_added.emit(synapse)

    def update_synapse(self, synapse_id: str, weight: float) -> Synapse:
        updated = replace(self.synapse(synapse_id), weight=float(weight))
        self._synapses[synapse_id] = updated
        self.synapse_changed.emit(updated)
        return updated

    def remove_synapse(self, synapse_id: str) -> Synapse:
        removed = self.synapse(synapse_id)
        del self._synapses[synapse_id]
        self.synapse_removed.emit(synapse_id)
        return removed

    def _reaches(self, start: str, goal: str) -> bool:
        """Whether a path of synapses leads from `start` to `goal`."""
        frontier, seen = [start], {start}
        while frontier:
            current = frontier.pop()
            if current == goal:
                return True
            for s in self._synapses.values():
                if s.source == current and s.target not in seen:
                    seen.add(s.target)
                    frontier.append(s.target)
        return False

    # ----- trained values ------------------------------------------------------------
    def parameters(self) -> Parameters:
        """Current weights, biases and alphas by id."""
        return Parameters(
            {s.id: s.weight for s in self._synapses.values()},
            {n.id: n.bias for n in self._neurons.values() if n.role != "input"},
            {n.id: n.alpha for n in self._neurons.values() if n.alpha is not None},
        )

    def set_parameters(self, parameters: Parameters) -> None:
        """Replace weights, biases and alphas at once (ids not in the document are refused)."""
        unknown = (set(parameters.weights) - set(self._synapses)) | (
            (set(parameters.biases) | set(parameters.alphas)) - set(self._neurons)
        )
        if unknown:
            raise DesignError(f"The trained values name '{sorted(unknown)[0]}', which is not here.")
        for synapse_id, weight in parameters.weights.items():
            self._synapses[synapse_id] = replace(self._synapses[synapse_id], weight=float(weight))
        for neuron_id, bias in parameters.biases.items():
            self._neurons[neuron_id] = replace(self._neurons[neuron_id], bias=float(bias))
        for neuron_id, alpha in parameters.alphas.items():
            self._neurons[neuron_id] = replace(self._neurons[neuron_id], alpha=float(alpha))
        self.parameters_changed.emit()
