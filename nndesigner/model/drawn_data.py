"""Data drawn by hand on the plane of a two-input design: points added one click at a
time with a target value, erased with a brush.

A drawn table (dataset.drawn_table) has three columns, the two inputs' and the
output's; a design file saves its points as its data, so they come back with the file.
"""

from __future__ import annotations

import numpy as np

from nndesigner.model.dataset import Table, drawn_table
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError

NEEDS_PLANE = "Drawing points needs a network of two inputs (read from two columns) and one output."


def drawing_columns(design: Design) -> tuple[str, str, str]:
    """The columns a drawn point fills: the two raw inputs', then the output's;
    DesignError saying why the design cannot be drawn on."""
    raw = design.raw_input_labels()
    outputs = design.document.neurons_with_role("output")
    plain_columns = len(raw) == 2 and not set(raw) & set(design.categories)
    if not plain_columns or len(outputs) != 1 or outputs[0].activation == "softmax":
        raise DesignError(NEEDS_PLANE)
    return raw[0], raw[1], outputs[0].label


def drawn_points(design: Design) -> np.ndarray:
    """The points the design's data has in its drawing columns (n x 3), complete rows
    only: where a drawing starts (none without data)."""
    columns = drawing_columns(design)
    table = design.data
    if table is None or not set(columns) <= set(table.header):
        return np.zeros((0, 3))
    rows = table.numeric_columns(list(columns), allow_missing=True)
    return rows[np.isfinite(rows).all(axis=1)]


def with_point(design: Design, x: float, y: float, target: float) -> Table:
    """The design's data with one more point: (x, y) with `target`."""
    rows = np.vstack([drawn_points(design), [[x, y, target]]])
    return drawn_table(drawing_columns(design), rows)


def without_points_near(
    design: Design, path: np.ndarray, radius: tuple[float, float]
) -> Table | None:
    """The design's data without the points within the brush along `path` (k x 2 plane
    points): inside the ellipse of half-axes `radius` around any of them. None when
    no point is that close."""
    points = drawn_points(design)
    path = np.asarray(path, dtype=float).reshape(-1, 2)
    scaled = (points[:, None, :2] - path[None, :, :]) / np.asarray(radius, dtype=float)
    near = (scaled**2).sum(axis=2).min(axis=1, initial=np.inf) <= 1.0
    if not near.any():
        return None
    return drawn_table(drawing_columns(design), points[~near])
