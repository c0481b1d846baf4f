"""The live cost curve: one persistent pyqtgraph curve fed with every epoch's cost."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from nndesigner.engine.training import EpochRecord


class CostPlot(pg.PlotWidget):
    """Cost against epoch; `append` adds records, `clear_curve` starts over."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("cost-plot")
        self.setLabel("bottom", "epoch")
        self.setLabel("left", "cost")
        self.showGrid(x=True, y=True, alpha=0.3)
        self.setMinimumHeight(180)
        self.curve = self.plot(pen=pg.mkPen("#e15759", width=2))
        self._epochs: list[int] = []
        self._costs: list[float] = []

    def append(self, records: list[EpochRecord]) -> None:
        self._epochs += [record.epoch for record in records]
        self._costs += [record.training_loss for record in records]
        self.curve.setData(np.asarray(self._epochs), np.asarray(self._costs))

    def clear_curve(self) -> None:
        self._epochs, self._costs = [], []
        self.curve.setData([], [])
