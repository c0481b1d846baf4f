"""The cost landscape drawn: a curve over one weight or a heat map over two, the current
point, and the gradient-descent step from it ("travelling down the slope")."""

from __future__ import annotations

import pyqtgraph as pg

from nndesigner.model.landscape import Landscape

CURVE_COLOUR = "#4e79a7"
POINT_COLOUR = "#d62728"
STEP_COLOUR = "#1b7837"
HINT = "Select one synapse (or two, with Ctrl) to see the cost as its weight changes."


class LandscapePlot(pg.PlotWidget):
    """Cost against one weight, or a heat map of the cost over two weights."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("landscape-plot")
        self.setBackground("w")
        self.setMinimumHeight(180)
        self.landscape: Landscape | None = None
        self.show_hint(HINT)

    def show_hint(self, text: str) -> None:
        self.landscape = None
        self.clear()
        self.setTitle(text, size="9pt")
        self.getPlotItem().hideAxis("left")
        self.getPlotItem().hideAxis("bottom")

    def show_landscape(self, landscape: Landscape, names: list[str]) -> None:
        """Draw `landscape`; `names` label its axes (one per weight)."""
        self.landscape = landscape
        self.clear()
        item = self.getPlotItem()
        item.showAxis("left")
        item.showAxis("bottom")
        item.setLabel("bottom", f"weight of {names[0]}")
        start, end = landscape.current, landscape.step
        if len(landscape.axes) == 1:
            self.setTitle("Cost · red: now, green: after one step", size="9pt")
            item.setLabel("left", "cost")
            self.plot(landscape.axes[0], landscape.costs, pen=pg.mkPen(CURVE_COLOUR, width=2))
            start_point = (start[0], landscape.current_cost)
            end_point = (end[0], landscape.step_cost)
        else:
            self.setTitle("Cost, darker lower<br>red: now · green: one step", size="9pt")
            item.setLabel("left", f"weight of {names[1]}")
            image = pg.ImageItem(landscape.costs)
            image.setColorMap(pg.colormap.get("viridis"))
            first, second = landscape.axes
            image.setRect(first[0], second[0], first[-1] - first[0], second[-1] - second[0])
            self.addItem(image)
            start_point, end_point = tuple(start), tuple(end)
        self.plot(*zip(start_point, end_point, strict=True), pen=pg.mkPen(STEP_COLOUR, width=2))
        self.plot([end_point[0]], [end_point[1]], pen=None, symbol="t1", symbolBrush=STEP_COLOUR)
        self.plot([start_point[0]], [start_point[1]], pen=None, symbol="o",
                  symbolBrush=POINT_COLOUR)  # fmt: skip
