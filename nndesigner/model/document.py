"""The network document: the single mutable source of truth for a design.

Every mutation is validated first and either applies completely or raises `DesignError`
leaving the document unchanged; then exactly one past-tense signal is emitted per change,
followed (once per operation) by `edited` unless only canvas positions changed, so derived
results (model/results.py) know when they are out of date.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from typing import Any

from psygnal import Signal

from nndesigner.engine.activations import ACTIVATIONS
from nndesigner.engine.spec import Parameters
from nndesigner.model.entities import ROLES, Neuron, Synapse
from nndesigner.model.errors import DesignError

NEURON_FIELDS = {"role", "label", "activation", "bias", "alpha", "x", "y", "dropout"}
POSITION_FIELDS = {"x", "y"}


def _inserted(mapping: dict, key: str, value: object, index: int | None) -> dict:
    """`mapping` with `key` added at position `index` (at the end when None)."""
    if index is None or index >= len(mapping):
        mapping[key] = value
        return mapping
    items = list(mapping.items())
    items.insert(index, (key, value))
    return dict(items)


class NetworkDocument:
    """Neurons and synapses of one design, validated on every change."""

    neuron_added = Signal(Neuron)
    neuron_removed = Signal(str)
    neuron_changed = Signal(Neuron)
    synapse_added = Signal(Synapse)
    synapse_removed = Signal(str)
    synapse_changed = Signal(Synapse)
    parameters_changed = Signal()
    # After every change but a move: what the network computes, or its labels, changed.
    edited = Signal()

    def __init__(self) -> None:
        self._neurons: dict[str, Neuron] = {}
        self._synapses: dict[str, Synapse] = {}
        # neuron id -> {linked neuron id: synapse id}, kept in step with _synapses.
        self._outgoing: dict[str, dict[str, str]] = {}
        self._incoming: dict[str, dict[str, str]] = {}

    # ----- reading -------------------------------------------------------------------
    @property
    def neurons(self) -> list[Neuron]:
        return list(self._neurons.values())

    @property
    def synapses(self) -> list[Synapse]:
        return list(self._synapses.values())

    @property
    def synapse_ids(self) -> tuple[str, ...]:
        """Every synapse's id, in the document's order."""
        return tuple(self._synapses)

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
        ids = [
            *self._incoming.get(neuron_id, {}).values(),
            *self._outgoing.get(neuron_id, {}).values(),
        ]
        return [self._synapses[synapse_id] for synapse_id in ids]

    def index_of(self, item_id: str) -> int:
        """The position of a neuron or synapse in the document's order."""
        order = self._neurons if item_id in self._neurons else self._synapses
        return list(order).index(item_id)

    def new_id(self, prefix: str) -> str:
        """An id `prefix<N>` used by no neuron and no synapse."""
        return self.new_ids(prefix, 1)[0]

    def new_ids(self, prefix: str, count: int) -> list[str]:
        """`count` distinct ids `prefix<N>` used by no neuron and no synapse."""
        found: list[str] = []
        for number in itertools.count(1):
            if len(found) == count:
                return found
            candidate = f"{prefix}{number}"
            if candidate not in self._neurons and candidate not in self._synapses:
                found.append(candidate)
        raise AssertionError("unreachable")

    # ----- neurons -------------------------------------------------------------------
    def add_neuron(self, neuron: Neuron, index: int | None = None) -> None:
        """Add a neuron at the end, or at `index` in the document's order."""
        if neuron.id in self._neurons or neuron.id in self._synapses:
            raise DesignError(f"The id '{neuron.id}' is already used.")
        self._check_neuron(neuron)
        self._neurons = _inserted(self._neurons, neuron.id, neuron, index)
        self._outgoing[neuron.id] = {}
        self._incoming[neuron.id] = {}
        self.neuron_added.emit(neuron)
        self.edited.emit()

    def checked_update(self, neuron_id: str, **changes: Any) -> Neuron:
        """The neuron as it would be after `changes`; DesignError if that is not allowed.
        Nothing changes (the UI uses this before pushing an undo command)."""
        unknown = set(changes) - NEURON_FIELDS
        if unknown:
            raise DesignError(f"A neuron has no property '{sorted(unknown)[0]}'.")
        updated = replace(self.neuron(neuron_id), **changes)
        self._check_neuron(updated)
        if updated.role == "input" and self._incoming[neuron_id]:
            raise DesignError("An input neuron cannot receive synapses; remove them first.")
        if updated.role == "output" and self._outgoing[neuron_id]:
            raise DesignError("An output neuron cannot send synapses; remove them first.")
        return updated

    def update_neuron(self, neuron_id: str, **changes: Any) -> Neuron:
        """Change some fields of a neuron; returns the new record."""
        updated = self.checked_update(neuron_id, **changes)
        self._neurons[neuron_id] = updated
        self.neuron_changed.emit(updated)
        if not set(changes) <= POSITION_FIELDS:
            self.edited.emit()
        return updated

    def relabel(self, labels: dict[str, str]) -> None:
        """Give several neurons new labels at once (so two labels may swap); the result
        is checked as a whole, then each changed neuron signals once."""
        updated = {i: replace(self.neuron(i), label=label) for i, label in labels.items()}
        for role in ("input", "output"):
            final = [updated.get(n.id, n).label for n in self._neurons.values() if n.role == role]
            counts = Counter(final)
            clash = next((label for label in final if counts[label] > 1), None)
            if clash is not None:
                raise DesignError(f"Another {role} neuron is already labelled '{clash}'.")
        if any(not n.label.strip() for n in updated.values()):
            raise DesignError("A neuron needs a label.")
        for neuron_id, neuron in updated.items():
            self._neurons[neuron_id] = neuron
            self.neuron_changed.emit(neuron)
        self.edited.emit()

    def remove_neuron(self, neuron_id: str) -> list[Synapse]:
        """Remove a neuron and its synapses; returns the removed synapses."""
        self.neuron(neuron_id)
        removed = self.synapses_of(neuron_id)
        for synapse in removed:
            self._drop_synapse(synapse.id)
        del self._neurons[neuron_id], self._outgoing[neuron_id], self._incoming[neuron_id]
        self.neuron_removed.emit(neuron_id)
        self.edited.emit()
        return removed

    def add_neurons(self, neurons: list[Neuron]) -> None:
        """Add neurons at the end, checked as `add_neuron` checks one, in time linear in
        their number (as loading a file needs). On a problem nothing is added."""
        labels = {(n.role, n.label) for n in self._neurons.values() if n.role != "hidden"}
        ids: set[str] = set()
        for neuron in neurons:
            if neuron.id in self._neurons or neuron.id in self._synapses or neuron.id in ids:
                raise DesignError(f"The id '{neuron.id}' is already used.")
            self._check_fields(neuron)
            if neuron.role != "hidden":
                if (neuron.role, neuron.label) in labels:
                    raise DesignError(
                        f"Another {neuron.role} neuron is already labelled '{neuron.label}'."
                    )
                labels.add((neuron.role, neuron.label))
            ids.add(neuron.id)
        for neuron in neurons:
            self._neurons[neuron.id] = neuron
            self._outgoing[neuron.id] = {}
            self._incoming[neuron.id] = {}
            self.neuron_added.emit(neuron)
        if neurons:
            self.edited.emit()

    def _check_neuron(self, neuron: Neuron) -> None:
        self._check_fields(neuron)
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

    def _check_fields(self, neuron: Neuron) -> None:
        """A neuron's role, label and activation on their own."""
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
        if not 0.0 <= neuron.dropout < 1.0:
            raise DesignError("A dropout rate must be at least 0 and below 1.")
        if neuron.dropout and neuron.role != "hidden":
            raise DesignError("Dropout is for hidden neurons only.")

    # ----- synapses ------------------------------------------------------------------
    def connection_problem(self, source_id: str, target_id: str) -> str | None:
        """Why a synapse from `source_id` to `target_id` is not allowed, or None if it is."""
        problem = self._link_problem(source_id, target_id)
        if problem is None and self._reaches(target_id, source_id):
            return self._loop_problem(source_id, target_id)
        return problem

    def _loop_problem(self, source_id: str, target_id: str) -> str:
        source, target = self._neurons[source_id], self._neurons[target_id]
        return (
            f"Connecting '{source.label}' to '{target.label}' would make a loop; "
            "networks here are feed-forward."
        )

    def _link_problem(self, source_id: str, target_id: str) -> str | None:
        """`connection_problem` but for loops."""
        if source_id not in self._neurons or target_id not in self._neurons:
            missing = target_id if source_id in self._neurons else source_id
            return f"There is no neuron '{missing}'."
        source, target = self._neurons[source_id], self._neurons[target_id]
        if source_id == target_id:
            return "A neuron cannot be connected to itself."
        if target.role == "input":
            return "A synapse cannot end on an input neuron."
        if source.role == "output":
            return "A synapse cannot start from an output neuron."
        if target_id in self._outgoing[source_id]:
            return f"'{source.label}' is already connected to '{target.label}'."
        return None

    def add_synapse(self, synapse: Synapse, index: int | None = None) -> None:
        """Add a synapse at the end, or at `index` in the document's order."""
        if synapse.id in self._synapses or synapse.id in self._neurons:
            raise DesignError(f"The id '{synapse.id}' is already used.")
        problem = self.connection_problem(synapse.source, synapse.target)
        if problem is not None:
            raise DesignError(problem)
        self._synapses = _inserted(self._synapses, synapse.id, synapse, index)
        self._outgoing[synapse.source][synapse.target] = synapse.id
        self._incoming[synapse.target][synapse.source] = synapse.id
        self.synapse_added.emit(synapse)
        self.edited.emit()

    def add_synapses(self, synapses: list[Synapse]) -> None:
        """Add synapses at the end, checked as `add_synapse` checks one but with a single
        loop check for them all: linear in their number, as loading a file needs. On a
        problem nothing is added."""
        added: list[Synapse] = []
        try:
            for synapse in synapses:
                if synapse.id in self._synapses or synapse.id in self._neurons:
                    raise DesignError(f"The id '{synapse.id}' is already used.")
                problem = self._link_problem(synapse.source, synapse.target)
                if problem is not None:
                    raise DesignError(problem)
                self._synapses[synapse.id] = synapse
                self._outgoing[synapse.source][synapse.target] = synapse.id
                self._incoming[synapse.target][synapse.source] = synapse.id
                added.append(synapse)
            looping = self._looping_link()
            if looping is not None:
                raise DesignError(self._loop_problem(*looping))
        except DesignError:
            for synapse in added:
                del self._synapses[synapse.id]
                del self._outgoing[synapse.source][synapse.target]
                del self._incoming[synapse.target][synapse.source]
            raise
        for synapse in added:
            self.synapse_added.emit(synapse)
        if added:
            self.edited.emit()

    def _looping_link(self) -> tuple[str, str] | None:
        """A (source, target) of a synapse on a loop, if there is a loop: what Kahn's
        order cannot place."""
        waiting = {i: len(sources) for i, sources in self._incoming.items()}
        ready = [i for i, count in waiting.items() if not count]
        while ready:
            for target in self._outgoing[ready.pop()]:
                waiting[target] -= 1
                if not waiting[target]:
                    ready.append(target)
        stuck = {i for i, count in waiting.items() if count}
        if not stuck:
            return None
        # Every neuron left has a source left: walking back from one meets the loop.
        walked: dict[str, int] = {}
        neuron_id = next(iter(stuck))
        while neuron_id not in walked:
            walked[neuron_id] = len(walked)
            neuron_id = next(s for s in self._incoming[neuron_id] if s in stuck)
        order = list(walked)
        return order[walked[neuron_id] + 1], order[walked[neuron_id]]

    def update_synapse(self, synapse_id: str, weight: float) -> Synapse:
        updated = replace(self.synapse(synapse_id), weight=float(weight))
        self._synapses[synapse_id] = updated
        self.synapse_changed.emit(updated)
        self.edited.emit()
        return updated

    def remove_synapse(self, synapse_id: str) -> Synapse:
        removed = self._drop_synapse(synapse_id)
        self.edited.emit()
        return removed

    def _drop_synapse(self, synapse_id: str) -> Synapse:
        """Remove a synapse and say so, leaving `edited` to the whole operation."""
        removed = self.synapse(synapse_id)
        del self._synapses[synapse_id]
        del self._outgoing[removed.source][removed.target]
        del self._incoming[removed.target][removed.source]
        self.synapse_removed.emit(synapse_id)
        return removed

    def _reaches(self, start: str, goal: str) -> bool:
        """Whether a path of synapses leads from `start` to `goal`."""
        return goal in self.reachable([start])

    def reachable(self, starts: list[str], backwards: bool = False) -> set[str]:
        """`starts` and every neuron a path of synapses leads to from them (or, with
        `backwards`, from which a path leads to them)."""
        links = self._incoming if backwards else self._outgoing
        frontier, seen = list(starts), set(starts)
        while frontier:
            for following in links[frontier.pop()]:
                if following not in seen:
                    seen.add(following)
                    frontier.append(following)
        return seen

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
        self.edited.emit()
