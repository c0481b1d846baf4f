"""Undo commands: the only way the UI changes the document. One command per gesture."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from nndesigner.engine.spec import Parameters
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse


class SetParametersCommand(QUndoCommand):
    """Replace all weights, biases and alphas (e.g. with the result of training)."""

    def __init__(self, document: NetworkDocument, new: Parameters, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._old = document.parameters()
        self._new = new

    def redo(self) -> None:
        self._document.set_parameters(self._new)

    def undo(self) -> None:
        self._document.set_parameters(self._old)


class CompositeCommand(QUndoCommand):
    """Several commands as one undo step. It keeps its parts itself (Qt-parented Python
    commands can lose their Python half), redoing them in order and undoing in reverse."""

    def __init__(self, text: str, parts: list[QUndoCommand]) -> None:
        super().__init__(text)
        self.parts = parts

    def redo(self) -> None:
        for part in self.parts:
            part.redo()

    def undo(self) -> None:
        for part in reversed(self.parts):
            part.undo()


class AddNeuronCommand(QUndoCommand):
    def __init__(self, document: NetworkDocument, neuron: Neuron) -> None:
        super().__init__(f"Add {neuron.role} neuron '{neuron.label}'")
        self._document = document
        self._neuron = neuron

    def redo(self) -> None:
        self._document.add_neuron(self._neuron)

    def undo(self) -> None:
        self._document.remove_neuron(self._neuron.id)


class AddSynapseCommand(QUndoCommand):
    def __init__(self, document: NetworkDocument, synapse: Synapse) -> None:
        super().__init__("Connect neurons")
        self._document = document
        self._synapse = synapse

    def redo(self) -> None:
        self._document.add_synapse(self._synapse)

    def undo(self) -> None:
        self._document.remove_synapse(self._synapse.id)


class RemoveItemsCommand(QUndoCommand):
    """Remove neurons (with all their synapses) and synapses; undo puts each back in place."""

    def __init__(
        self, document: NetworkDocument, neuron_ids: list[str], synapse_ids: list[str]
    ) -> None:
        super().__init__("Delete")
        self._document = document
        synapses = set(synapse_ids)
        for neuron_id in neuron_ids:
            synapses |= {s.id for s in document.synapses_of(neuron_id)}
        self._neurons = sorted(
            ((document.index_of(i), document.neuron(i)) for i in neuron_ids), key=lambda p: p[0]
        )
        self._synapses = sorted(
            ((document.index_of(i), document.synapse(i)) for i in synapses), key=lambda p: p[0]
        )

    def redo(self) -> None:
        for _, synapse in reversed(self._synapses):
            self._document.remove_synapse(synapse.id)
        for _, neuron in reversed(self._neurons):
            self._document.remove_neuron(neuron.id)

    def undo(self) -> None:
        for index, neuron in self._neurons:
            self._document.add_neuron(neuron, index)
        for index, synapse in self._synapses:
            self._document.add_synapse(synapse, index)


class UpdateNeuronsCommand(QUndoCommand):
    """Change fields of one or more neurons (moves, inspector edits)."""

    def __init__(self, document: NetworkDocument, changes: dict[str, dict], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._new = changes
        self._old = {
            neuron_id: {field: getattr(document.neuron(neuron_id), field) for field in fields}
            for neuron_id, fields in changes.items()
        }

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)

    def _apply(self, values: dict[str, dict]) -> None:
        for neuron_id, fields in values.items():
            self._document.update_neuron(neuron_id, **fields)


class RelabelCommand(QUndoCommand):
    """Give several neurons new labels in one step."""

    def __init__(self, document: NetworkDocument, labels: dict[str, str], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._new = labels
        self._old = {i: document.neuron(i).label for i in labels}

    def redo(self) -> None:
        self._document.relabel(self._new)

    def undo(self) -> None:
        self._document.relabel(self._old)


class UpdateSynapsesCommand(QUndoCommand):
    """Set the weight of one or more synapses."""

    def __init__(self, document: NetworkDocument, weights: dict[str, float], text: str) -> None:
        super().__init__(text)
        self._document = document
        self._new = weights
        self._old = {i: document.synapse(i).weight for i in weights}

    def redo(self) -> None:
        for synapse_id, weight in self._new.items():
            self._document.update_synapse(synapse_id, weight)

    def undo(self) -> None:
        for synapse_id, weight in self._old.items():
            self._document.update_synapse(synapse_id, weight)


class SetDesignFieldCommand(QUndoCommand):
    """Set one field of the design outside the network (training settings, data,
    preprocessing, history); the design's own signal tells the panels."""

    def __init__(self, design: Design, field: str, value: object, text: str) -> None:
        super().__init__(text)
        self._design = design
        self._field = field
        self._old = getattr(design, field)
        self._new = value

    def redo(self) -> None:
        setattr(self._design, self._field, self._new)

    def undo(self) -> None:
        setattr(self._design, self._field, self._old)
