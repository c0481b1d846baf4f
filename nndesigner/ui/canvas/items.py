"""Graphics items for neurons and synapses. Items hold ids, never the document."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QStyle,
)

from nndesigner.engine.activations import get_activation
from nndesigner.model.entities import Neuron
from nndesigner.model.feature_inputs import is_feature
from nndesigner.ui.canvas.neuron_map_item import NeuronMapItem
from nndesigner.ui.plain_text import plain_tooltip

NEURON_RADIUS = 26.0
HANDLE_RADIUS = 6.0
ARROW_SIZE = 9.0
ROLE_COLOURS = {"input": "#6b9bd1", "hidden": "#b8b8b8", "output": "#ef8a8c"}
# A feature input (computed from columns, model/feature_inputs.py): its own colour, and
# "f(x)" where other neurons show their activation.
FEATURE_COLOUR = "#7cc7b2"
SELECTED = QColor("#f2a900")
CLICK_BAND = 10.0
STEP_COLOUR = "#1b7837"


def _outline(selected: bool) -> QPen:
    return QPen(SELECTED, 3.0) if selected else QPen(QColor("#333333"), 1.4)


def activation_glyph(name: str, width: float, height: float) -> QPainterPath:
    """The activation's curve over z in [-3, 3], scaled into a width x height box
    centred on (0, 0); drawn from the same registry the engine computes with."""
    path = QPainterPath()
    if name == "softmax":
        name = "sigmoid"  # softmax of (z, 0) along one axis is the sigmoid
    activation = get_activation(name)
    z = np.linspace(-3.0, 3.0, 41)[None, :]
    a = activation.value(z, np.full(z.shape[1], max(activation.default_alpha, 0.1)))[0]
    low, high = float(a.min()), float(a.max())
    span = high - low or 1.0
    for index, (zi, ai) in enumerate(zip(z[0], a, strict=True)):
        point = QPointF(zi / 6.0 * width, height / 2 - (ai - low) / span * height)
        if index:
            path.lineTo(point)
        else:
            path.moveTo(point)
    return path


class ConnectHandle(QGraphicsEllipseItem):
    """The knob on a neuron's right edge: drag from it to draw a synapse."""

    def __init__(self, parent: NeuronItem) -> None:
        super().__init__(
            -HANDLE_RADIUS, -HANDLE_RADIUS, 2 * HANDLE_RADIUS, 2 * HANDLE_RADIUS, parent
        )
        self.setPos(NEURON_RADIUS, 0)
        self.setBrush(QBrush(QColor("white")))
        self.setPen(QPen(QColor("#444444"), 1.2))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Drag to another neuron to connect")

    @property
    def neuron_id(self) -> str:
        return self.parentItem().neuron_id


class NoSelectionBox:
    """Mixin: skip Qt's dashed selection box; the items show selection in orange."""

    def paint(self, painter, option, widget=None) -> None:  # noqa: ANN001 (Qt override)
        option.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, option, widget)


class NeuronItem(NoSelectionBox, QGraphicsEllipseItem):
    """A circle coloured by role, with its label and a glyph of its activation."""

    def __init__(self, neuron: Neuron) -> None:
        radius = NEURON_RADIUS
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.neuron_id = neuron.id
        self.setZValue(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self._label = QGraphicsSimpleTextItem(self)
        self._label.setFont(QFont("Sans", 9))
        self._glyph = QGraphicsPathItem(self)
        self._glyph.setPen(QPen(QColor("#222222"), 1.4))
        self.map = NeuronMapItem(radius, self)
        self.map.show_image(None)
        self._handle: ConnectHandle | None = None
        self._activity: float | None = None
        self._fill: QColor | None = None
        # Step-mode values sit on a white card, so synapses and labels behind them do not
        # run through the numbers.
        self._step_card = QGraphicsRectItem(self)
        self._step_card.setBrush(QBrush(QColor(255, 255, 255, 235)))
        self._step_card.setPen(QPen(QColor(STEP_COLOUR), 1.0))
        self._step_text = QGraphicsSimpleTextItem(self._step_card)
        self._step_text.setFont(QFont("Sans", 8))
        self._step_text.setBrush(QBrush(QColor(STEP_COLOUR)))
        self._step_ring = QGraphicsEllipseItem(
            -radius - 5, -radius - 5, 2 * radius + 10, 2 * radius + 10, self
        )
        self._step_ring.setPen(QPen(QColor(STEP_COLOUR), 3.0))
        self.show_step("", False)
        self.setPen(_outline(False))
        self.show_neuron(neuron)

    def show_neuron(self, neuron: Neuron) -> None:
        self.setPos(neuron.x, neuron.y)
        self._role = neuron.role
        self._colour = (
            FEATURE_COLOUR
            if neuron.role == "input" and is_feature(neuron.label)
            else ROLE_COLOURS[neuron.role]
        )
        self.show_activity(self._activity)
        self._label.setText(neuron.label)
        bounds = self._label.boundingRect()
        self._label.setPos(-bounds.width() / 2, NEURON_RADIUS + 2)
        if neuron.role != "input":
            glyph = activation_glyph(neuron.activation, 30.0, 18.0)
        else:
            glyph = QPainterPath()
            if self._colour == FEATURE_COLOUR:
                glyph.addText(-11, 4, QFont("Serif", 10, italic=True), "f(x)")
        self._glyph.setPath(glyph)
        feature = self._colour == FEATURE_COLOUR
        self._glyph.setBrush(QBrush(QColor("#222222")) if feature else QBrush())
        self._glyph.setPen(QPen(Qt.PenStyle.NoPen) if feature else QPen(QColor("#222222"), 1.4))
        if neuron.role == "output" and self._handle is not None:
            handle, self._handle = self._handle, None
            handle.setParentItem(None)
            if handle.scene() is not None:
                handle.scene().removeItem(handle)
        elif neuron.role != "output" and self._handle is None:
            self._handle = ConnectHandle(self)
        alpha = f", alpha {neuron.alpha:.3g}" if neuron.alpha is not None else ""
        activation = f", {neuron.activation}" if neuron.role != "input" else ""
        if self._colour == FEATURE_COLOUR:
            activation = ", feature computed from columns"
        bias = "" if neuron.role == "input" else f"\nbias {neuron.bias:.6g}{alpha}"
        self.setToolTip(plain_tooltip(f"{neuron.label} ({neuron.role}{activation}){bias}"))

    def show_step(self, text: str, active: bool) -> None:
        """Step mode: `text` (a value or two) above the neuron, and a ring when the
        current phase works on it; empty text and False clear both."""
        self._step_text.setText(text)
        bounds = self._step_text.boundingRect()
        card = bounds.adjusted(-3, -2, 3, 2)
        self._step_card.setRect(card)
        self._step_card.setPos(-bounds.width() / 2, -NEURON_RADIUS - 10 - bounds.height())
        self._step_card.setVisible(bool(text))
        self._step_ring.setVisible(active)
        # A neuron showing values is drawn above its neighbours, card included.
        self.setZValue(3 if text or active else 2)

    @property
    def step_text(self) -> str:
        return self._step_text.text()

    @property
    def step_active(self) -> bool:
        return self._step_ring.isVisible()

    def show_activity(self, mean_activation: float | None) -> None:
        """Tint by mean activation: the role colour, darker as |a| grows towards 1; the
        plain role colour for None. Kept when the neuron is redrawn."""
        self._activity = mean_activation
        if self._fill is not None:
            self.setBrush(QBrush(self._fill))
            return
        strength = 0.0 if mean_activation is None else min(abs(mean_activation), 1.0)
        self.setBrush(QBrush(QColor(self._colour).darker(100 + int(90 * strength))))

    def show_fill(self, colour: QColor | None) -> None:
        """Fill with `colour` instead of the activity tint (the gradient flow view); None
        gives the tint back."""
        self._fill = colour
        self.show_activity(self._activity)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        if self.scene():
            self.scene().neuron_hovered.emit(self.neuron_id)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        if self.scene():
            self.scene().neuron_hovered.emit("")
        super().hoverLeaveEvent(event)

    def itemChange(self, change, value):  # noqa: N802, ANN001 (Qt override)
        scene = self.scene()
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and scene:
            return scene.snapped(value)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and scene:
            scene.neuron_item_moved(self)
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.setPen(_outline(bool(value)))
        return super().itemChange(change, value)


# Synapse items have no Python overrides: with tens of thousands of them, every call
# from Qt into Python during construction or selection would add up. The scene redraws
# the layer when the selection changes.
SYNAPSE_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
)
CLICK_PEN = QPen(Qt.GlobalColor.black, CLICK_BAND)


class SynapseItem(QGraphicsPathItem):
    """One synapse for clicking and selecting: an invisible band along the link.

    It paints nothing itself; the scene's SynapseLayer draws every synapse in a few
    batched calls, which keeps a repaint of thousands of synapses fast.
    """

    def __init__(self, synapse_id: str) -> None:
        super().__init__()
        self.synapse_id = synapse_id
        self.start = QPointF()
        self.end = QPointF()
        self.setZValue(1)
        self.setFlags(SYNAPSE_FLAGS)
        self.setPen(CLICK_PEN)

    def set_ends(self, source: QPointF, target: QPointF) -> None:
        """Run from the source circle's edge to the target circle's edge."""
        line = QLineF(source, target)
        length = line.length()
        path = QPainterPath()
        if length > 2 * NEURON_RADIUS:
            unit = QPointF(line.dx() / length, line.dy() / length)
            self.start = source + unit * NEURON_RADIUS
            self.end = target - unit * NEURON_RADIUS
            path.moveTo(self.start)
            path.lineTo(self.end)
        else:
            self.start = self.end = source
        self.setPath(path)
