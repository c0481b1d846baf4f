"""One item that draws every synapse in a few batched calls.

Geometry (each synapse's line and arrowhead strokes) is cached and rebuilt only when
neurons move or synapses come and go; styling (which pen each synapse takes, from its
weight) is regrouped with NumPy when weights change, which during training happens
several times a second.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from nndesigner.ui.canvas.items import SELECTED, SynapseItem

POSITIVE = QColor("#2c7bb6")
NEGATIVE = QColor("#d7191c")
ARROW_DETAIL = 0.45
CRISP_LINES_ABOVE = 2000


def pen_widths(weights: np.ndarray) -> np.ndarray:
    """Stroke width per synapse: 1 + 1.2 min(|w|, 4), rounded to half pixels."""
    return np.round((1.0 + np.minimum(np.abs(weights), 4.0) * 1.2) * 2) / 2


class SynapseLayer(QGraphicsItem):
    """Draws all synapses: one drawLines call per pen, arrowheads when zoomed in enough to
    see them, selected synapses highlighted on top."""

    def __init__(self, synapse_items: dict[str, SynapseItem]) -> None:
        super().__init__()
        self._items = synapse_items
        self._ids: list[str] = []
        self._lines: list[QLineF] = []
        self._wings: list[tuple[QLineF, QLineF]] = []
        self._groups: dict[tuple[bool, float], tuple[list[QLineF], list[QLineF]]] = {}
        self._selected: list[QLineF] = []
        self._bounds = QRectF()
        self._geometry_dirty = True
        self._style_dirty = True
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # Repaints that change nothing here (panning, exposing, other items moving) blit
        # a cached picture instead of drawing every synapse again.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def refresh(self, geometry: bool = True) -> None:
        """Mark what changed; the rebuild happens once, when Qt next asks for the bounds
        or a paint (many refreshes in a row cost one rebuild)."""
        if geometry and not self._geometry_dirty:
            self.prepareGeometryChange()
            self._geometry_dirty = True
        self._style_dirty = True
        self.update()

    def _rebuild_geometry(self) -> None:
        self._ids, self._lines, self._wings = [], [], []
        bounds = QRectF()
        for synapse_id, item in self._items.items():
            if item.start == item.end:
                continue
            self._ids.append(synapse_id)
            self._lines.append(QLineF(item.start, item.end))
            self._wings.append(item.arrow_wings())
            bounds = bounds.united(QRectF(item.start, item.end).normalized())
        self._bounds = bounds.adjusted(-12, -12, 12, 12)
        self._geometry_dirty = False
        self._style_dirty = True

    def _rebuild_style(self) -> None:
        items = [self._items[i] for i in self._ids]
        weights = np.array([item.weight for item in items], dtype=float)
        positive = weights >= 0
        widths = pen_widths(weights)
        self._groups = {}
        for sign in (True, False):
            for width in np.unique(widths[positive == sign]):
                chosen = np.flatnonzero((positive == sign) & (widths == width))
                lines = [self._lines[i] for i in chosen]
                wings = [stroke for i in chosen for stroke in self._wings[i]]
                self._groups[(sign, float(width))] = (lines, wings)
        self._selected = [
            line for line, item in zip(self._lines, items, strict=True) if item.isSelected()
        ]
        self._style_dirty = False

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        if self._geometry_dirty:
            self._rebuild_geometry()
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:  # noqa: ANN001 (Qt override)
        if self._geometry_dirty:
            self._rebuild_geometry()
        if self._style_dirty:
            self._rebuild_style()
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < ARROW_DETAIL and len(self._lines) > CRISP_LINES_ABOVE:
            # Zoomed out on a big network: thin crisp lines draw several times faster.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for (positive, width), (lines, wings) in self._groups.items():
            painter.setPen(QPen(POSITIVE if positive else NEGATIVE, width))
            painter.drawLines(lines)
            if detail >= ARROW_DETAIL:
                painter.drawLines(wings)
        if self._selected:
            painter.setPen(QPen(SELECTED, 4.0))
            painter.drawLines(self._selected)
