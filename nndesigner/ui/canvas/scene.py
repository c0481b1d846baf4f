"""The scene keeps one item per neuron and synapse, in step with the document's signals."""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtWidgets import QGraphicsScene

from nndesigner.engine.gradient_flow import GradientFlow, log_positions
from nndesigner.engine.neuron_maps import NeuronMaps
from nndesigner.engine.spec import Parameters
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.ui.canvas.column_buttons import ColumnButtons
from nndesigner.ui.canvas.items import NeuronItem, SynapseItem
from nndesigner.ui.canvas.synapse_layer import GRADIENT_COLOURS, SynapseLayer
from nndesigner.ui.plane_colours import map_images
from nndesigner.ui.throttle import Throttle

GRID = 20.0
SCENE_REACH = 100_000.0


class NetworkScene(QGraphicsScene):
    """Draws the document; redraws only from its signals."""

    snap_to_grid = False
    neuron_hovered = Signal(str)
    # A neuron item came (a drop, a new layer, undo of a delete), by neuron id.
    neuron_placed = Signal(str)
    # A column's + or − button: (the column's neuron ids top to bottom, +1 or -1).
    column_change_requested = Signal(list, int)

    def __init__(self, document: NetworkDocument) -> None:
        super().__init__()
        self.document = document
        self.neuron_items: dict[str, NeuronItem] = {}
        self.synapse_items: dict[str, SynapseItem] = {}
        # Long diagonal synapses make Qt's BSP index slower than a plain list here.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        # A fixed, generous area: the view then never re-centres as neurons come, go or
        # move, so everything stays where the user put it.
        self.setSceneRect(-SCENE_REACH, -SCENE_REACH, 2 * SCENE_REACH, 2 * SCENE_REACH)
        self.synapse_layer = SynapseLayer(self.synapse_items)
        self.addItem(self.synapse_layer)
        self.selectionChanged.connect(self._on_selection_changed)
        self.column_buttons = ColumnButtons()
        self._place_column_buttons = Throttle(0.0, self._refresh_column_buttons, self)
        for neuron in document.neurons:
            self._on_document_neuron_added(neuron)
        for synapse in document.synapses:
            self._on_document_synapse_added(synapse)
        self._connections = [
            (document.neuron_added, self._on_document_neuron_added),
            (document.neuron_changed, self._on_document_neuron_changed),
            (document.neuron_removed, self._on_document_neuron_removed),
            (document.synapse_added, self._on_document_synapse_added),
            (document.synapse_changed, self._on_document_synapse_changed),
            (document.synapse_removed, self._on_document_synapse_removed),
            (document.parameters_changed, self._on_document_parameters_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._refresh_column_buttons()

    def _refresh_column_buttons(self) -> None:
        self.column_buttons.refresh(self, self.document)

    def _on_selection_changed(self) -> None:
        # Qt also reports the selection emptied while it tears the scene down.
        if shiboken6.isValid(self.synapse_layer):
            self.synapse_layer.refresh(geometry=False)

    def detach(self) -> None:
        """Stop following the document and stop emitting (before the scene is dropped)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self._place_column_buttons.cancel()
        self.blockSignals(True)

    # ----- queries used by the view and the editor -------------------------------------
    def selected_neuron_ids(self) -> list[str]:
        return [i.neuron_id for i in self.selectedItems() if isinstance(i, NeuronItem)]

    def selected_synapse_ids(self) -> list[str]:
        return [i.synapse_id for i in self.selectedItems() if isinstance(i, SynapseItem)]

    def moved_neurons(self) -> dict[str, dict[str, float]]:
        """Neurons whose item stands somewhere other than the document says."""
        moved = {}
        for neuron_id, item in self.neuron_items.items():
            neuron = self.document.neuron(neuron_id)
            if (item.x(), item.y()) != (neuron.x, neuron.y):
                moved[neuron_id] = {"x": item.x(), "y": item.y()}
        return moved

    def snapped(self, point: QPointF) -> QPointF:
        """`point` on the nearest GRID crossing when snapping is on, else unchanged."""
        if not self.snap_to_grid:
            return point
        return QPointF(round(point.x() / GRID) * GRID, round(point.y() / GRID) * GRID)

    def network_rect(self, neuron_ids: list[str] | None = None) -> QRectF:
        """The neurons' area (of `neuron_ids`, or all) with a margin for their labels."""
        items = (
            self.neuron_items.values()
            if neuron_ids is None
            else [self.neuron_items[i] for i in neuron_ids if i in self.neuron_items]
        )
        rect = QRectF()
        for item in items:
            rect = rect.united(item.sceneBoundingRect())
        return rect.adjusted(-40, -40, 40, 40)

    # ----- following item moves and the document ---------------------------------------
    def neuron_item_moved(self, item: NeuronItem) -> None:
        for synapse in self.document.synapses_of(item.neuron_id):
            self._place_synapse(synapse)
        self.synapse_layer.refresh()

    def _place_synapse(self, synapse: Synapse) -> None:
        item = self.synapse_items.get(synapse.id)
        source = self.neuron_items.get(synapse.source)
        target = self.neuron_items.get(synapse.target)
        if item is not None and source is not None and target is not None:
            item.set_ends(source.pos(), target.pos())

    def _on_document_neuron_added(self, neuron: Neuron) -> None:
        item = NeuronItem(neuron)
        self.neuron_items[neuron.id] = item
        self.addItem(item)
        self.neuron_placed.emit(neuron.id)
        self._place_column_buttons.request()

    def _on_document_neuron_changed(self, neuron: Neuron) -> None:
        self.neuron_items[neuron.id].show_neuron(neuron)
        self._place_column_buttons.request()

    def _on_document_neuron_removed(self, neuron_id: str) -> None:
        self.removeItem(self.neuron_items.pop(neuron_id))
        self._place_column_buttons.request()

    def _on_document_synapse_added(self, synapse: Synapse) -> None:
        item = SynapseItem(synapse.id)
        self.synapse_items[synapse.id] = item
        self.addItem(item)
        self._place_synapse(synapse)
        self.synapse_layer.show_weights({synapse.id: synapse.weight})
        self.synapse_layer.refresh()

    def _on_document_synapse_changed(self, synapse: Synapse) -> None:
        self.synapse_layer.show_weights({synapse.id: synapse.weight})
        self.synapse_layer.refresh(geometry=False)

    def _on_document_synapse_removed(self, synapse_id: str) -> None:
        self.removeItem(self.synapse_items.pop(synapse_id))
        self.synapse_layer.refresh()

    def _on_document_parameters_changed(self) -> None:
        self.synapse_layer.show_weights(self.document.parameters().weights)
        for neuron in self.document.neurons:
            self.neuron_items[neuron.id].show_neuron(neuron)
        self.synapse_layer.refresh(geometry=False)

    def show_activity(self, mean_activations: dict[str, float]) -> None:
        """Tint each neuron by its mean activation; neurons without one plainly."""
        for neuron_id, item in self.neuron_items.items():
            item.show_activity(mean_activations.get(neuron_id))

    def show_maps(self, maps: NeuronMaps | None) -> None:
        """Each neuron's map inside its circle (None: no maps); neurons without one
        (inputs, neurons added since) show none."""
        images = (
            {}
            if maps is None
            else dict(zip(maps.ids, map_images(maps.values, np.array(maps.levels)), strict=True))
        )
        for neuron_id, item in self.neuron_items.items():
            item.map.show_image(images.get(neuron_id))

    def show_gradients(self, flow: GradientFlow | None) -> tuple[float, float] | None:
        """Synapses by |dC/dw| and neurons by |delta| on one log scale (gradient_flow.py),
        returning its (low, high) powers of ten; None shows weights and activity again."""
        if flow is None:
            self.synapse_layer.show_gradients(None)
            for item in self.neuron_items.values():
                item.show_fill(None)
            return None
        synapse_ids, neuron_ids = list(flow.synapses), list(flow.neurons)
        values = np.array([*flow.synapses.values(), *flow.neurons.values()], float)
        positions, low, high = log_positions(values)
        split = len(synapse_ids)
        self.synapse_layer.show_gradients(
            dict(zip(synapse_ids, positions[:split].tolist(), strict=True))
        )
        neuron_positions = dict(zip(neuron_ids, positions[split:].tolist(), strict=True))
        for neuron_id, item in self.neuron_items.items():
            position = neuron_positions.get(neuron_id)
            colour = None if position is None else GRADIENT_COLOURS.map(position, mode="qcolor")
            item.show_fill(colour)
        return low, high

    def show_step(self, active: tuple[str, ...], shown: dict[str, str]) -> None:
        """Step mode: values on the neurons that have them, rings on the active ones."""
        for neuron_id, item in self.neuron_items.items():
            item.show_step(shown.get(neuron_id, ""), neuron_id in active)

    def clear_step(self) -> None:
        self.show_step((), {})

    def show_live_parameters(self, parameters: Parameters) -> None:
        """Recolour synapses from trained values without touching the document."""
        self.synapse_layer.show_weights(parameters.weights)
