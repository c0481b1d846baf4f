"""The + and − buttons under each column of hidden neurons: one more neuron in that
layer, linked like its neighbours, or one fewer (the bottom one, with its synapses)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
)

from nndesigner.model.building import hidden_columns
from nndesigner.model.document import NetworkDocument
from nndesigner.ui.canvas.items import NEURON_RADIUS

BUTTON_RADIUS = 9.0
# Below the bottom neuron's label, one button either side of the column's axis.
BUTTON_DROP = NEURON_RADIUS + 30.0
BUTTON_SPREAD = 13.0
GROW, SHRINK = 1, -1


class ColumnButton(QGraphicsEllipseItem):
    """A small round button; a left click asks the scene to grow or shrink `column`."""

    def __init__(self, column: list[str], change: int) -> None:
        radius = BUTTON_RADIUS
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.column = column
        self.change = change
        self.setZValue(4)
        self.setBrush(QBrush(QColor("white")))
        self.setPen(QPen(QColor("#777777"), 1.2))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        sign = QGraphicsSimpleTextItem("+" if change == GROW else "−", self)
        sign.setFont(QFont("Sans", 10, QFont.Weight.Bold))
        bounds = sign.boundingRect()
        sign.setPos(-bounds.width() / 2, -bounds.height() / 2)
        self.setToolTip(
            "Add a neuron to this layer" if change == GROW else "Remove this layer's bottom neuron"
        )

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.contains(event.pos()):
            self.scene().column_change_requested.emit(self.column, self.change)
        event.accept()


class ColumnButtons:
    """One pair of buttons under every hidden column, rebuilt by `refresh`. It holds no
    reference to the scene (the scene holds it; a cycle through a Qt object is one the
    garbage collector must not take apart)."""

    def __init__(self) -> None:
        self.buttons: list[ColumnButton] = []

    def refresh(self, scene: QGraphicsScene, document: NetworkDocument) -> None:
        for button in self.buttons:
            scene.removeItem(button)
        self.buttons = []
        for column in hidden_columns(document):
            bottom = document.neuron(column[-1])
            x = sum(document.neuron(i).x for i in column) / len(column)
            for change, offset in ((SHRINK, -BUTTON_SPREAD), (GROW, BUTTON_SPREAD)):
                button = ColumnButton(column, change)
                button.setPos(x + offset, bottom.y + BUTTON_DROP)
                scene.addItem(button)
                self.buttons.append(button)
