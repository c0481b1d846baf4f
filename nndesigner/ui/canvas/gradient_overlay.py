"""The gradient flow view's key, over the canvas's bottom right corner: the log colour scale
the synapses and neurons are coloured on, and a bar chart of the mean |dCost/dw| of each
level, so gradients that vanish or explode towards the inputs show at a glance."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QGraphicsView, QLabel, QVBoxLayout

from nndesigner.engine.gradient_flow import GradientFlow
from nndesigner.ui.canvas.synapse_layer import GRADIENT_COLOURS
from nndesigner.ui.panels.colour_scale import ColourScale

MARGIN = 8
SIZE = (200, 130)


def power_of_ten(exponent: float) -> str:
    return f"1e{exponent:.0f}"


class GradientOverlay(QFrame):
    """Shown over `view` while the gradient flow view is on; follows its size."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.setObjectName("gradient-overlay")
        self.setStyleSheet("#gradient-overlay { background: rgba(255, 255, 255, 230);"
                           " border: 1px solid #bbbbbb; }")  # fmt: skip
        self.setFixedSize(*SIZE)
        self.title = QLabel("Gradients, log scale")
        self.scale = ColourScale(
            GRADIENT_COLOURS, label=power_of_ten, tip="Gradient colours: {low} to {high}"
        )
        self.bars_plot = pg.PlotWidget(background=None)
        self.bars_plot.setObjectName("gradient-levels")
        self.bars_plot.setMenuEnabled(False)
        self.bars_plot.setMouseEnabled(False, False)
        self.bars_plot.hideButtons()
        self.bars_plot.setLabel("left", "log10")
        self.bars_plot.setToolTip("Mean |dC/dw| of each level's synapses, levels from the inputs")
        self.bars = pg.BarGraphItem(x=[], y0=[], y1=[], width=0.6)
        self.bars_plot.addItem(self.bars)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.scale)
        layout.addWidget(self.bars_plot, 1)
        self.level_heights = np.empty(0)
        view.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        view = self.parentWidget()
        self.move(
            max(view.width() - self.width() - MARGIN, 0),
            max(view.height() - self.height() - MARGIN, 0),
        )

    def show_flow(self, flow: GradientFlow | None, scale: tuple[float, float] | None) -> None:
        """The key for `flow` on the canvas's scale (low, high powers of ten); hidden for
        None."""
        self.setVisible(flow is not None and scale is not None)
        if flow is None or scale is None:
            return
        low, high = scale
        self.scale.set_range(low, high)
        levels = flow.levels
        present = np.flatnonzero(~np.isnan(levels))
        with np.errstate(divide="ignore"):
            heights = np.clip(np.log10(levels[present]), low, high)
        heights[np.isnan(heights)] = high
        self.level_heights = heights
        positions = (heights - low) / (high - low)
        brushes = [pg.mkBrush(GRADIENT_COLOURS.map(float(p), mode="qcolor")) for p in positions]
        self.bars.setOpts(x=present + 1, y0=np.full(len(present), low), y1=heights,
                          brushes=brushes)  # fmt: skip
        self.bars_plot.setYRange(low, high, padding=0.05)
        self.bars_plot.setXRange(0.4, len(levels) + 0.6, padding=0)
        numbers = [(k, str(k)) for k in range(1, len(levels) + 1)]
        self.bars_plot.getAxis("bottom").setTicks([numbers])
        self._place()
        self.raise_()
