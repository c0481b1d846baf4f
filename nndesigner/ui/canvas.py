"""The design canvas: a scene that draws the document's neurons and synapses.

Items hold ids, never the document; the scene redraws from document signals.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from nndesigner.engine.spec import Parameters
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse

NEURON_RADIUS = 24.0
ROLE_COLOURS = {"input": "#4e79a7", "hidden": "#9c9c9c", "output": "#e15759"}


def weight_pen(weight: float) -> QPen:
    """Blue for positive, red for negative weights; thicker for larger |weight|."""
    colour = QColor("#2c7bb6") if weight >= 0 else QColor("#d7191c")
    pen = QPen(colour, 1.0 + min(abs(weight), 4.0) * 1.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class NeuronItem(QGraphicsEllipseItem):
    """A circle with the neuron's label inside."""

    def __init__(self, neuron: Neuron) -> None:
        super().__init__(-NEURON_RADIUS, -NEURON_RADIUS, 2 * NEURON_RADIUS, 2 * NEURON_RADIUS)
        self.neuron_id = neuron.id
        self.setZValue(1)
        self.setPen(QPen(QColor("#333333"), 1.5))
        self._label = QGraphicsSimpleTextItem(self)
        self._label.setFont(QFont("Sans", 9))
        self.show_neuron(neuron)

    def show_neuron(self, neuron: Neuron) -> None:
        self.setPos(neuron.x, neuron.y)
        self.setBrush(QBrush(QColor(ROLE_COLOURS[neuron.role])))
        self._label.setText(neuron.label)
        bounds = self._label.boundingRect()
        self._label.setPos(-bounds.width() / 2, -bounds.height() / 2)
        self.setToolTip(
            f"{neuron.label} ({neuron.role}, {neuron.activation}), bias {neuron.bias:.3g}"
        )


class SynapseItem(QGraphicsLineItem):
    """A line from source to target, coloured and sized by weight."""

    def __init__(self, synapse: Synapse) -> None:
        super().__init__()
        self.synapse_id = synapse.id
        self.weight = synapse.weight
        self.show_weight(synapse.weight)

    def show_weight(self, weight: float) -> None:
        self.weight = weight
        self.setPen(weight_pen(weight))
        self.setToolTip(f"weight {weight:.4g}")


class NetworkScene(QGraphicsScene):
    """Keeps one item per neuron and synapse of the document, in sync with its signals."""

    def __init__(self, document: NetworkDocument) -> None:
        super().__init__()
        self.document = document
        self.neuron_items: dict[str, NeuronItem] = {}
        self.synapse_items: dict[str, SynapseItem] = {}
        for neuron in document.neurons:
            self._on_document_neuron_added(neuron)
        for synapse in document.synapses:
            self._on_document_synapse_added(synapse)
        document.neuron_added.connect(self._on_document_neuron_added)
        document.neuron_changed.connect(self._on_document_neuron_changed)
        document.neuron_removed.connect(self._on_document_neuron_removed)
        document.synapse_added.connect(self._on_document_synapse_added)
        document.synapse_changed.connect(self._on_document_synapse_changed)
        document.synapse_removed.connect(self._on_document_synapse_removed)
        document.parameters_changed.connect(self._on_document_parameters_changed)

    def _place_synapse(self, item: SynapseItem) -> None:
        synapse = self.document.synapse(item.synapse_id)
        source = self.neuron_items[synapse.source].pos()
        target = self.neuron_items[synapse.target].pos()
        item.setLine(QLineF(QPointF(source), QPointF(target)))

    def _on_document_neuron_added(self, neuron: Neuron) -> None:
        item = NeuronItem(neuron)
        self.neuron_items[neuron.id] = item
        self.addItem(item)

    def _on_document_neuron_changed(self, neuron: Neuron) -> None:
        self.neuron_items[neuron.id].show_neuron(neuron)
        for synapse in self.document.synapses_of(neuron.id):
            self._place_synapse(self.synapse_items[synapse.id])

    def _on_document_neuron_removed(self, neuron_id: str) -> None:
        self.removeItem(self.neuron_items.pop(neuron_id))

    def _on_document_synapse_added(self, synapse: Synapse) -> None:
        item = SynapseItem(synapse)
        self.synapse_items[synapse.id] = item
        self.addItem(item)
        self._place_synapse(item)

    def _on_document_synapse_changed(self, synapse: Synapse) -> None:
        self.synapse_items[synapse.id].show_weight(synapse.weight)

    def _on_document_synapse_removed(self, synapse_id: str) -> None:
        self.removeItem(self.synapse_items.pop(synapse_id))

    def _on_document_parameters_changed(self) -> None:
        for synapse in self.document.synapses:
            self.synapse_items[synapse.id].show_weight(synapse.weight)
        for neuron in self.document.neurons:
            self.neuron_items[neuron.id].show_neuron(neuron)

    def show_live_parameters(self, parameters: Parameters) -> None:
        """Recolour synapses from a training snapshot without touching the document."""
        for synapse_id, weight in parameters.weights.items():
            item = self.synapse_items.get(synapse_id)
            if item is not None:
                item.show_weight(weight)


class NetworkView(QGraphicsView):
    """The view onto the network scene."""

    def __init__(self, scene: NetworkScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(480, 360)
