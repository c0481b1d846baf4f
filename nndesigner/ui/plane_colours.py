"""The colours of values over the input plane, shared by the decision boundary and the
neuron maps on the canvas: low values blue, high values red; pale for the plane under
the data points, stronger for the small maps inside neurons, strong for the points."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage

PLANE_COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(146, 197, 222), (247, 247, 247), (244, 165, 130)])
MAP_COLOURS = pg.ColorMap([0.0, 0.5, 1.0], [(67, 147, 195), (247, 247, 247), (214, 96, 77)])
POINT_COLOURS = pg.ColorMap([0.0, 1.0], [(33, 102, 172), (178, 24, 43)])
_MAP_TABLE = MAP_COLOURS.getLookupTable(nPts=256, alpha=False).astype(np.uint8)


def map_images(values: np.ndarray, levels: np.ndarray) -> list[QImage]:
    """Each values[k] (values[k][i, j] at (x[i], y[j])) as an image in MAP_COLOURS with x
    to the right and y upwards, coloured by where each value lies in levels[k] = (low,
    high): clipped at the ends, non-finite values in the top colour. All maps at once."""
    low, high = levels[:, 0, None, None], levels[:, 1, None, None]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a diverged run's values
        scaled = (values.transpose(0, 2, 1)[:, ::-1] - low) * (255 / (high - low))
    scaled[~np.isfinite(scaled)] = 255
    indices = np.clip(scaled, 0, 255).astype(np.uint8)
    pixels = np.ascontiguousarray(_MAP_TABLE[indices])
    _, height, width = indices.shape
    return [  # each image owns its pixels, which `pixels` only lends
        QImage(block.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        for block in pixels
    ]
