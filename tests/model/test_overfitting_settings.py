"""The settings against overfitting: saved in version 3, older files read with defaults,
bad values refused with a sentence."""

import copy
import json
from dataclasses import replace

import pytest

from nndesigner.engine.training import TrainingSettings
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import design_from_dict, load_design, save_design
from tests.malformed_files import XOR

OVERFITTING = {
    "l2": 0.001,
    "l1": 0.0005,
    "early_stopping": 50,
    "target_cost": 0.01,
    "schedule": "plateau",
    "schedule_epochs": 30,
    "schedule_factor": 0.2,
}


def test_the_settings_round_trip_through_a_version_3_file(tmp_path):
    design = design_from_dict(copy.deepcopy(XOR))
    design.settings = replace(design.settings, **OVERFITTING)
    path = tmp_path / "regularised.nnd.json"
    save_design(design, path)
    saved = json.loads(path.read_text())
    assert saved["version"] == 3
    assert {key: saved["training"][key] for key in OVERFITTING} == OVERFITTING
    assert load_design(path).settings == design.settings


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_reads_with_the_new_settings_at_their_defaults(version):
    data = copy.deepcopy(XOR)
    data["version"] = version
    settings = design_from_dict(data).settings
    defaults = TrainingSettings()
    assert {key: getattr(settings, key) for key in OVERFITTING} == {
        key: getattr(defaults, key) for key in OVERFITTING
    }


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("l2", -1, "training/l2"),
        ("early_stopping", 2.5, "early_stopping"),
        ("schedule", "cosine", "training/schedule"),
        ("schedule_factor", 0, "training/schedule_factor"),
        ("schedule_epochs", 0, "training/schedule_epochs"),
    ],
)
def test_a_bad_value_in_a_file_is_a_plain_error(key, value, message):
    data = copy.deepcopy(XOR)
    data["version"] = 3
    data.setdefault("training", {})[key] = value
    with pytest.raises(DesignError, match=message):
        design_from_dict(data)


def test_a_hidden_neurons_dropout_round_trips_and_an_outputs_is_refused(tmp_path):
    design = design_from_dict(copy.deepcopy(XOR))
    design.document.update_neuron("h1", dropout=0.3)
    path = tmp_path / "dropout.nnd.json"
    save_design(design, path)
    entries = {n["id"]: n for n in json.loads(path.read_text())["neurons"]}
    assert entries["h1"]["dropout"] == 0.3 and "dropout" not in entries["h2"]
    assert load_design(path).document.neuron("h1").dropout == 0.3
    with pytest.raises(DesignError, match="hidden neurons only"):
        design.document.update_neuron("y", dropout=0.2)
    with pytest.raises(DesignError, match="below 1"):
        design.document.update_neuron("h2", dropout=1.0)
