"""One item that draws every synapse in a few batched calls.

Geometry (each synapse's line and arrowhead strokes) is cached and rebuilt only when
neurons move or synapses come and go; styling (which pen each synapse takes, from its
weight) is regrouped with NumPy when weights change, which during training happens
several times a second.

While the gradient flow view is on, the synapses are coloured by their position on its
log scale of |dCost/dw| (GRADIENT_COLOURS, in GRADIENT_STEPS steps) instead.

Level of detail: only synapses whose bounding box meets the exposed area are drawn, and
of those at most `LINE_BUDGET`, the strongest by |weight| (beyond that, lines overlap
on every pixel); a recolour of a 50,000-synapse network then stays near 50 ms.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from nndesigner.ui.canvas.items import ARROW_SIZE, SELECTED, SynapseItem

POSITIVE = QColor("#2c7bb6")
NEGATIVE = QColor("#d7191c")
# A weight of exactly 0 (a new synapse before training) is neither blue nor red.
ZERO = QColor("#9a9a9a")
SIGN_COLOURS = ((1.0, POSITIVE), (-1.0, NEGATIVE), (0.0, ZERO))
ARROW_DETAIL = 0.45
CRISP_LINES_ABOVE = 2000
LINE_BUDGET = 5_000
# Small gradients pale grey, large ones dark red: a faded synapse learns little.
GRADIENT_COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(225, 225, 225), (253, 141, 60), (165, 0, 38)])
GRADIENT_STEPS = 8


def pen_widths(weights: np.ndarray) -> np.ndarray:
    """Stroke width per synapse: 1 + 1.2 min(|w|, 4), rounded to half pixels."""
    return np.round((1.0 + np.minimum(np.abs(weights), 4.0) * 1.2) * 2) / 2


def strongest(indices: np.ndarray, weights: np.ndarray, budget: int) -> np.ndarray:
    """`indices` unchanged when there are at most `budget`, else the `budget` of them
    whose |weight| is largest."""
    if len(indices) <= budget:
        return indices
    return indices[np.argpartition(-np.abs(weights[indices]), budget)[:budget]]


def arrow_wings(ends: np.ndarray) -> list[tuple[QLineF, QLineF]]:
    """Per line (x1, y1, x2, y2): the two strokes of its arrowhead, ARROW_SIZE long at
    25 degrees either side of the line, ending at (x2, y2)."""
    angles = np.arctan2(ends[:, 3] - ends[:, 1], ends[:, 2] - ends[:, 0])
    tips = ends[:, 2:]
    spread = np.radians(25.0)
    wings = []
    for side in (-spread, spread):
        offsets = np.column_stack([np.cos(angles + side), np.sin(angles + side)]) * ARROW_SIZE
        wings.append((tips - offsets).tolist())
    return [
        (QLineF(lx, ly, tx, ty), QLineF(rx, ry, tx, ty))
        for (lx, ly), (rx, ry), (tx, ty) in zip(wings[0], wings[1], tips.tolist(), strict=True)
    ]


class SynapseLayer(QGraphicsItem):
    """Draws all synapses: one drawLines call per pen, arrowheads when zoomed in enough to
    see them, selected synapses highlighted on top."""

    def __init__(self, synapse_items: dict[str, SynapseItem]) -> None:
        super().__init__()
        self._items = synapse_items
        self._ids: list[str] = []
        self._lines: list[QLineF] = []
        self._wings: list[tuple[QLineF, QLineF]] = []
        # The weight each synapse shows (the document's, or live ones while training).
        self._shown_weights: dict[str, float] = {}
        # Per synapse id its position in [0, 1] on the gradient scale; None: by weight.
        self._gradient_positions: dict[str, float] | None = None
        self._positions = np.empty(0)
        # Per drawn synapse: bounding box (left, top, right, bottom) and weight.
        self._boxes = np.empty((0, 4))
        self._weights = np.empty(0)
        self._selected: list[QLineF] = []
        self._bounds = QRectF()
        self._geometry_dirty = True
        self._style_dirty = True
        self.drawn_count = 0
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
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

    def show_weights(self, weights: dict[str, float]) -> None:
        """Show these synapses with these weights (others keep theirs); redrawn once, at
        the next paint."""
        self._shown_weights.update(weights)
        self._style_dirty = True
        self.update()

    def show_gradients(self, positions: dict[str, float] | None) -> None:
        """Colour by these positions on the gradient scale (synapses without one at 0), or
        by weight again for None."""
        self._gradient_positions = positions
        self._style_dirty = True
        self.update()

    @property
    def gradient_positions(self) -> dict[str, float] | None:
        """What the synapses are coloured by: positions on the gradient scale, or None."""
        return self._gradient_positions

    def weight_of(self, synapse_id: str) -> float:
        return self._shown_weights[synapse_id]

    def _rebuild_geometry(self) -> None:
        self._ids, self._lines = [], []
        for synapse_id, item in self._items.items():
            if item.start == item.end:
                continue
            self._ids.append(synapse_id)
            self._lines.append(QLineF(item.start, item.end))
        ends = np.array([(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in self._lines], float)
        ends = ends.reshape(-1, 4)
        self._wings = arrow_wings(ends)
        self._boxes = np.column_stack(
            [
                np.minimum(ends[:, 0], ends[:, 2]),
                np.minimum(ends[:, 1], ends[:, 3]),
                np.maximum(ends[:, 0], ends[:, 2]),
                np.maximum(ends[:, 1], ends[:, 3]),
            ]
        )
        if len(ends):
            left, top = self._boxes[:, :2].min(axis=0)
            right, bottom = self._boxes[:, 2:].max(axis=0)
            self._bounds = QRectF(left, top, right - left, bottom - top).adjusted(-12, -12, 12, 12)
        else:
            self._bounds = QRectF()
        self._geometry_dirty = False
        self._style_dirty = True

    def _rebuild_style(self) -> None:
        """Read every synapse's weight and which synapses are selected."""
        shown = self._shown_weights
        self._weights = np.fromiter(map(shown.__getitem__, self._ids), float, len(self._ids))
        if self._gradient_positions is not None:
            known = self._gradient_positions
            self._positions = np.array([known.get(i, 0.0) for i in self._ids], float)
        scene = self.scene()
        selected = scene.selectedItems() if scene is not None else []
        selected_ids = {item.synapse_id for item in selected if isinstance(item, SynapseItem)}
        self._selected = [
            line for line, i in zip(self._lines, self._ids, strict=True) if i in selected_ids
        ]
        self._style_dirty = False

    def _visible(self, exposed: QRectF) -> np.ndarray:
        """Indices of the synapses whose bounding box meets `exposed`, at most
        LINE_BUDGET of them (the strongest): where more lines than that cross one view,
        they overlap on every pixel and the strong ones are what can be seen."""
        boxes = self._boxes
        meets = (
            (boxes[:, 2] >= exposed.left())
            & (boxes[:, 0] <= exposed.right())
            & (boxes[:, 3] >= exposed.top())
            & (boxes[:, 1] <= exposed.bottom())
        )
        return strongest(np.flatnonzero(meets), self._weights, LINE_BUDGET)

    def _pens(self, drawn: np.ndarray) -> list[tuple[QPen, list[int]]]:
        """The drawn synapses grouped by pen: by sign and |weight|, or by step on the
        gradient scale (wider as the gradient grows)."""
        if self._gradient_positions is not None:
            top = GRADIENT_STEPS - 1
            steps = np.minimum((self._positions[drawn] * GRADIENT_STEPS).astype(int), top)
            return [
                (
                    QPen(GRADIENT_COLOURS.map(step / top, mode="qcolor"),
                         1.5 + 0.4 * step),
                    drawn[steps == step].tolist(),
                )
                for step in np.unique(steps)
            ]  # fmt: skip
        weights = self._weights[drawn]
        signs, widths = np.sign(weights), pen_widths(weights)
        return [
            (QPen(colour, float(width)), drawn[(signs == sign) & (widths == width)].tolist())
            for sign, colour in SIGN_COLOURS
            for width in np.unique(widths[signs == sign])
        ]

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        if self._geometry_dirty:
            self._rebuild_geometry()
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:  # noqa: ANN001 (Qt override)
        if self._geometry_dirty:
            self._rebuild_geometry()
        if self._style_dirty:
            self._rebuild_style()
        # Zoomed in, Qt caches only the part in view; its exposedRect is the whole item.
        device = painter.device()
        in_view, _ = painter.worldTransform().inverted()
        shown = in_view.mapRect(QRectF(0, 0, device.width(), device.height()))
        drawn = self._visible(option.exposedRect.intersected(shown))
        self.drawn_count = len(drawn)
        if len(drawn) > CRISP_LINES_ABOVE:
            # A dense mesh: crisp lines draw several times faster and look the same.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        for pen, chosen in self._pens(drawn):
            painter.setPen(pen)
            painter.drawLines([self._lines[i] for i in chosen])
            if detail >= ARROW_DETAIL:
                painter.drawLines([stroke for i in chosen for stroke in self._wings[i]])
        if self._selected:
            painter.setPen(QPen(SELECTED, 4.0))
            painter.drawLines(self._selected)
