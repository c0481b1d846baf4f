"""Activation functions plotted from the engine's registry: a gallery of every activation
side by side, and one neuron's activation and derivative with a histogram of where its
pre-activations z fall over the training rows (saturated sigmoids and dead ReLUs show at
a glance)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from nndesigner.engine.activations import ACTIVATIONS, get_activation

VALUE_COLOUR = "#4e79a7"
DERIVATIVE_COLOUR = "#f28e2b"
HISTOGRAM_BRUSH = (120, 120, 120, 90)
GALLERY_COLUMNS = 4
Z_RANGE = 4.0
BINS = 30


def curve(name: str, alpha: float | None, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Value and derivative of activation `name` over the points `z`. Softmax is shown
    for one neuron against a rival at 0, where it equals the sigmoid."""
    activation = get_activation(name)
    alphas = np.full(len(z), activation.default_alpha if alpha is None else alpha)
    if activation.joint:
        pair = np.stack([z, np.zeros_like(z)], axis=1)
        value = activation.value(pair, np.zeros(2))[:, 0]
        return value, value * (1.0 - value)
    row = z[None, :]
    return activation.value(row, alphas)[0], activation.derivative(row, alphas)[0]


def tooltip(name: str) -> str:
    """An activation's title and note, for a tooltip."""
    activation = get_activation(name)
    return f"<b>{activation.title}</b><br>{activation.note}"


LEGEND_CARD = (255, 255, 255, 220)


class GalleryPlot(pg.GraphicsLayoutWidget):
    """Every activation side by side: a = f(z) and f'(z) dashed. Drawn once, with fixed
    ranges and no mouse interaction, so showing it again costs only a repaint."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("activation-gallery")
        self.setBackground("w")
        z = np.linspace(-Z_RANGE, Z_RANGE, 161)
        for index, (name, activation) in enumerate(ACTIVATIONS.items()):
            plot = self.addPlot(row=index // GALLERY_COLUMNS, col=index % GALLERY_COLUMNS)
            plot.setTitle(activation.title, size="8pt")
            plot.setToolTip(tooltip(name))
            plot.hideAxis("bottom")
            plot.hideAxis("left")
            value, derivative = curve(name, None, z)
            plot.plot(z, value, pen=pg.mkPen(VALUE_COLOUR, width=2))
            plot.plot(
                z, derivative, pen=pg.mkPen(DERIVATIVE_COLOUR, width=1, style=Qt.PenStyle.DashLine)
            )
            low = min(value.min(), derivative.min())
            high = max(value.max(), derivative.max())
            plot.setRange(xRange=(-Z_RANGE, Z_RANGE), yRange=(low, high), padding=0.08)
            plot.disableAutoRange()
            plot.setMouseEnabled(x=False, y=False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            # Painted once into a pixmap: showing the gallery again only copies it.
            plot.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class NeuronPlot(pg.PlotWidget):
    """One neuron: a = f(z), f'(z), and the histogram of its z values over the data. The
    plot is built once; showing another neuron only sets the title and the data."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("activation-neuron-plot")
        self.setBackground("w")
        self.plot_item = self.getPlotItem()
        self.plot_item.setLabel("bottom", "z = bias + Σ weight · input")
        # On a white card: the histogram bars and curves pass behind it, not through it.
        self.plot_item.addLegend(offset=(5, 5), brush=LEGEND_CARD)
        self.plot_item.showGrid(x=True, y=True, alpha=0.25)
        self.histogram = pg.BarGraphItem(x=[], height=[], width=1.0, brush=HISTOGRAM_BRUSH)
        self.plot_item.addItem(self.histogram)
        self.histogram_counts = np.zeros(0)
        self._value_curve = self.plot_item.plot(
            pen=pg.mkPen(VALUE_COLOUR, width=2), name="a = f(z)"
        )
        self._derivative_curve = self.plot_item.plot(
            pen=pg.mkPen(DERIVATIVE_COLOUR, width=1.5, style=Qt.PenStyle.DashLine), name="f'(z)"
        )
        self.title = ""

    def show_neuron(
        self, label: str, activation: str, alpha: float | None, pre_activations: np.ndarray | None
    ) -> None:
        """The curves of `activation` over a range that covers every z, and the histogram
        of the z values scaled so its tallest bar is 1."""
        title = f"{label}: {get_activation(activation).title}"
        if title != self.title:
            self.title = title
            self.plot_item.setTitle(title, size="10pt")
            self.plot_item.setToolTip(tooltip(activation))
        z_values = np.zeros(0) if pre_activations is None else np.asarray(pre_activations)
        z_values = z_values[np.isfinite(z_values)]
        low = min(-Z_RANGE, float(z_values.min()) if len(z_values) else 0.0)
        high = max(Z_RANGE, float(z_values.max()) if len(z_values) else 0.0)
        z = np.linspace(low, high, 241)
        value, derivative = curve(activation, alpha, z)
        self._value_curve.setData(z, value)
        self._derivative_curve.setData(z, derivative)
        if len(z_values):
            counts, edges = np.histogram(z_values, bins=BINS, range=(low, high))
            self.histogram_counts = counts
            peak = max(counts.max(), 1)
            self.histogram.setOpts(
                x=(edges[:-1] + edges[1:]) / 2, height=counts / peak, width=edges[1] - edges[0]
            )
        else:
            self.histogram_counts = np.zeros(0)
            self.histogram.setOpts(x=[], height=[], width=1.0)
