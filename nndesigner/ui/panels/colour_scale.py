"""A colour scale legend: a gradient from the lowest to the highest value shown, with the
two ends and the middle written under it."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_HEIGHT = 8


class ColourScale(QWidget):
    """Paints `colours` across its width, labelled from `low` to `high`."""

    def __init__(
        self,
        colours: pg.ColorMap,
        parent: QWidget | None = None,
        label: Callable[[float], str] = "{:.3g}".format,
        tip: str = "Output colours: {low} (blue) to {high} (red)",
    ) -> None:
        super().__init__(parent)
        self.colours = colours
        self._label, self._tip = label, tip
        self.low, self.high = 0.0, 1.0
        self.setObjectName("colour-scale")
        self.setFixedHeight(BAR_HEIGHT + self.fontMetrics().height() + 4)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_range(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.setToolTip(self._tip.format(low=self._label(low), high=self._label(high)))
        self.update()

    def labels(self) -> tuple[str, str, str]:
        """The texts under the left end, the middle and the right end."""
        middle = (self.low + self.high) / 2
        return self._label(self.low), self._label(middle), self._label(self.high)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        margin = 24.0  # room for the end labels
        bar = QRectF(margin, 1, max(self.width() - 2 * margin, 1.0), BAR_HEIGHT)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for position, colour in zip(*self.colours.getStops(mode="qcolor"), strict=True):
            gradient.setColorAt(float(position), colour)
        painter.fillRect(bar, gradient)
        painter.setPen(QColor("#666666"))
        painter.drawRect(bar)
        text_top = bar.bottom() + 2
        height = self.fontMetrics().height()
        for text, x in zip(self.labels(), (bar.left(), bar.center().x(), bar.right()), strict=True):
            box = QRectF(x - margin, text_top, 2 * margin, height)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
