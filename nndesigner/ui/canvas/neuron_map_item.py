"""A neuron's map (its activation over the input plane) painted inside its circle, under
its activation glyph, leaving a ring of the role colour around it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem

RING = 4.0


class NeuronMapItem(QGraphicsItem):
    """Paints `image` clipped to a circle of `radius - RING`; nothing without one."""

    def __init__(self, radius: float, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        inner = radius - RING
        self._rect = QRectF(-inner, -inner, 2 * inner, 2 * inner)
        self._clip = QPainterPath()
        self._clip.addEllipse(self._rect)
        self.image: QImage | None = None
        self.setZValue(-1)  # under the glyph, over the circle's fill
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def show_image(self, image: QImage | None) -> None:
        self.image = image
        self.setVisible(image is not None)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001
        if self.image is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipPath(self._clip)
        painter.drawImage(self._rect, self.image)
        painter.restore()
