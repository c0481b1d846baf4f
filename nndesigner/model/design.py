"""A design: the document plus its training settings and data source."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from nndesigner.engine.training import TrainingSettings
from nndesigner.model.dataset import Table
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError

SETTING_NAMES = {f.name for f in fields(TrainingSettings)}


@dataclass
class Design:
    """What one window or one CLI run works on."""

    document: NetworkDocument
    settings: TrainingSettings = field(default_factory=TrainingSettings)
    data: Table | None = None

    def data_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and targets: the columns named by the input and output neurons' labels."""
        if self.data is None:
            raise DesignError("No data is loaded.")
        inputs = [n.label for n in self.document.neurons_with_role("input")]
        outputs = [n.label for n in self.document.neurons_with_role("output")]
        return self.data.numeric_columns(inputs), self.data.numeric_columns(outputs)


def settings_from_dict(values: dict) -> TrainingSettings:
    """TrainingSettings from the `training` dict of a file, ignoring unknown keys."""
    return TrainingSettings(**{k: v for k, v in values.items() if k in SETTING_NAMES})


def data_path_from_dict(values: dict, design_path: Path) -> Path | None:
    """The `training.data` CSV path, relative to the design file's folder."""
    data = values.get("data")
    return None if not data else (design_path.parent / data)
