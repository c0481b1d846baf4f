"""Turns the user's requests (drops, drags, menu actions, inspector edits) into undo
commands on the document. Every request is checked first, so a pushed command never fails."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from nndesigner.model.building import (
    LayerOptions,
    columns,
    feature_inputs_growth,
    full_links,
    grown_column,
    new_neurons,
)
from nndesigner.model.categories import input_labels_of
from nndesigner.model.data_import import ImportPlan, input_categories, output_plan
from nndesigner.model.data_mapping import map_columns
from nndesigner.model.dataset import Table
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Synapse
from nndesigner.model.errors import DesignError
from nndesigner.model.layer_placement import place_layer
from nndesigner.model.layout import arranged_positions
from nndesigner.model.new_design import starting_settings
from nndesigner.ui.canvas.scene import NetworkScene
from nndesigner.ui.commands import (
    AddNeuronCommand,
    AddSynapseCommand,
    CompositeCommand,
    RelabelCommand,
    RemoveItemsCommand,
    SetDesignFieldCommand,
    UpdateNeuronsCommand,
    UpdateSynapsesCommand,
)
from nndesigner.ui.data_dialog import DataImport


class Editor(QObject):
    """The document's editing operations, each one undo step."""

    status_changed = Signal(str)

    def __init__(self, document: NetworkDocument, scene: NetworkScene, stack: QUndoStack) -> None:
        super().__init__()
        self.document = document
        self.scene = scene
        self.stack = stack

    def add_neuron(self, role: str, position: QPointF) -> str:
        """Add a neuron of `role` at `position`; returns its id."""
        (neuron,) = new_neurons(self.document, role, [(position.x(), position.y())])
        self.stack.push(AddNeuronCommand(self.document, neuron))
        return neuron.id

    def connect(self, source_id: str, target_id: str) -> bool:
        problem = self.document.connection_problem(source_id, target_id)
        if problem is not None:
            self.status_changed.emit(f"Not connected: {problem}")
            return False
        synapse = Synapse(self.document.new_id("s"), source_id, target_id, 0.0)
        self.stack.push(AddSynapseCommand(self.document, synapse))
        return True

    def move(self, positions: dict[str, dict[str, float]]) -> None:
        text = "Move neuron" if len(positions) == 1 else f"Move {len(positions)} neurons"
        self.stack.push(UpdateNeuronsCommand(self.document, positions, text))

    def delete_selection(self) -> None:
        neurons = self.scene.selected_neuron_ids()
        synapses = self.scene.selected_synapse_ids()
        if neurons or synapses:
            self.stack.push(RemoveItemsCommand(self.document, neurons, synapses))

    def update_neurons(self, neuron_ids: list[str], **changes: object) -> str | None:
        """Apply `changes` to every neuron; the reason as text when refused."""
        try:
            for neuron_id in neuron_ids:
                self.document.checked_update(neuron_id, **changes)
        except DesignError as error:
            self.status_changed.emit(str(error))
            return str(error)
        current = [self.document.neuron(i) for i in neuron_ids]
        if all(all(getattr(n, k) == v for k, v in changes.items()) for n in current):
            return None
        names = ", ".join(changes)
        self.stack.push(
            UpdateNeuronsCommand(
                self.document, {i: dict(changes) for i in neuron_ids}, f"Change {names}"
            )
        )
        return None

    def update_synapses(self, synapse_ids: list[str], weight: float) -> None:
        if all(self.document.synapse(i).weight == weight for i in synapse_ids):
            return
        weights = dict.fromkeys(synapse_ids, weight)
        self.stack.push(UpdateSynapsesCommand(self.document, weights, "Change weight"))

    def _link_commands(self, links: list[tuple[str, str]]) -> list[QUndoCommand]:
        """One AddSynapseCommand per (source, target) link, with fresh ids."""
        ids = self.document.new_ids("s", len(links))
        return [
            AddSynapseCommand(self.document, Synapse(synapse_id, source, target, 0.0))
            for synapse_id, (source, target) in zip(ids, links, strict=True)
        ]

    def add_layer(self, options: LayerOptions) -> list[str]:
        """A new column, placed and linked as `place_layer` says, as one undo step."""
        document = self.document
        placement = place_layer(document, options, self.scene.selected_neuron_ids())
        added = new_neurons(document, options.role, placement.positions, options.activation)
        parts: list[QUndoCommand] = []
        if placement.moved:
            parts.append(UpdateNeuronsCommand(document, placement.moved, ""))
        if placement.replaced:
            parts.append(RemoveItemsCommand(document, [], placement.replaced))
        parts += [AddNeuronCommand(document, n) for n in added]
        senders = [s for s in placement.sources if document.neuron(s).role != "output"]
        links = [(s, t.id) for t in added for s in senders]
        links += [(t.id, target) for t in added for target in placement.targets]
        parts += self._link_commands(links)
        text = f"Add layer of {options.count} {options.role} neurons"
        self.stack.push(CompositeCommand(text, parts))
        return [n.id for n in added]

    def change_column(self, column: list[str], change: int) -> None:
        """One more neuron at the foot of `column`, linked like the column's neurons
        (`change` 1), or its bottom neuron removed with its synapses (-1); one undo step."""
        document = self.document
        if not column or not set(column) <= {n.id for n in document.neurons}:
            return  # the column changed since its buttons were drawn
        if change > 0:
            growth = grown_column(document, column)
            parts = [AddNeuronCommand(document, growth.neuron), *self._link_commands(growth.links)]
            self.stack.push(CompositeCommand(f"Add neuron '{growth.neuron.label}'", parts))
        else:
            removal = RemoveItemsCommand(document, [column[-1]], [])
            removal.setText(f"Remove neuron '{document.neuron(column[-1]).label}'")
            self.stack.push(removal)

    def add_feature_inputs(self) -> int:
        """The Playground's feature inputs the design lacks (`feature_inputs_growth`),
        linked as its first two inputs are, as one undo step; returns how many."""
        growths = feature_inputs_growth(self.document)
        if not growths:
            self.status_changed.emit(
                "Feature inputs need two input neurons that read columns, and are all there."
            )
            return 0
        parts: list[QUndoCommand] = [AddNeuronCommand(self.document, g.neuron) for g in growths]
        parts += self._link_commands([link for g in growths for link in g.links])
        self.stack.push(CompositeCommand(f"Add {len(growths)} feature inputs", parts))
        return len(growths)

    def connect_selected(self) -> int:
        """Fully connect each column of the selection to the next; returns synapses added."""
        groups = columns(self.document, self.scene.selected_neuron_ids())
        if len(groups) < 2:
            self.status_changed.emit("Select neurons in at least two columns to connect them.")
            return 0
        links = []
        for sources, targets in zip(groups, groups[1:], strict=False):
            links += full_links(self.document, sources, targets)
        if links:
            text = f"Connect {len(links)} pairs"
            self.stack.push(CompositeCommand(text, self._link_commands(links)))
        return len(links)

    def use_data(self, design: Design, table: Table) -> bool:
        """Train `design` on a generated table (target: its last column)."""
        plan = ImportPlan(tuple(table.header[:-1]), (table.header[-1],))
        settings = design.settings
        data = DataImport(
            table, plan, settings.standardize_inputs, settings.validation_split,
            settings.split_seed, settings.missing,
        )  # fmt: skip
        return self.import_data(design, data)

    def import_data(self, design: Design, data: DataImport) -> bool:
        """Train `design` on the imported table: input and output neurons relabelled or
        created to match its columns (softmax outputs named by the classes of a class
        column), and the options taken into the settings, all as one undo step. An empty
        design loading a CSV takes the starting settings of `nndesigner new`."""
        plan = data.plan
        # A network made for a CSV starts as `nndesigner new` starts one.
        made_here = not self.document.neurons and data.table.generator is None
        settings = replace(
            starting_settings("tanh") if made_here else design.settings,
            standardize_inputs=data.standardize,
            validation_split=data.validation_split,
            split_seed=data.split_seed,
            missing=data.missing,
        )
        outputs = output_plan(data.table, plan)
        try:
            categories = input_categories(data.table, plan)
        except DesignError as error:
            self.status_changed.emit(str(error))
            return False
        if outputs.loss is not None:
            settings = replace(settings, loss=outputs.loss)
        # Regressions train on standardised targets; classifiers cannot.
        settings = replace(
            settings,
            standardize_outputs=outputs.activation == "linear" and data.standardize_targets,
        )
        try:
            mapping = map_columns(
                self.document,
                input_labels_of(list(plan.inputs), categories),
                list(outputs.labels),
                outputs.activation,
            )
        except DesignError as error:
            self.status_changed.emit(str(error))
            return False
        parts: list[QUndoCommand] = [
            AddNeuronCommand(self.document, n) for n in mapping.new_neurons
        ]
        if mapping.relabel:
            parts.append(RelabelCommand(self.document, mapping.relabel, "Relabel"))
        parts.append(SetDesignFieldCommand(design, "categories", categories, ""))
        parts.append(SetDesignFieldCommand(design, "data", data.table, ""))
        parts.append(SetDesignFieldCommand(design, "settings", settings, ""))
        self.stack.push(CompositeCommand(f"Load {data.table.path}", parts))
        if mapping.changes_network:
            nothing_linked = not self.document.synapses
            self.status_changed.emit(
                "Input and output neurons now match the data's columns."
                + (" Link them: Add layer (Ctrl+L) puts hidden neurons between." * nothing_linked)
            )
        return True

    def auto_arrange(self) -> None:
        positions = {
            neuron_id: {"x": x, "y": y}
            for neuron_id, (x, y) in arranged_positions(self.document).items()
        }
        self.stack.push(UpdateNeuronsCommand(self.document, positions, "Arrange"))
