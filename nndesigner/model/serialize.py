"""Read and write the JSON formats: designs (`nndesigner-design`) and weights
(`nndesigner-weights`). Version 2 adds the categorical inputs' mapping
(`preprocessing.categories`); version 3 the training settings against overfitting (weight
penalties, early stopping, the target cost, learning-rate schedules, the test split) and
each hidden neuron's dropout rate. Older files are read as they are, the newer settings
at their defaults. The README documents the semantics; the schema ships beside this
module and every file is validated against it on load."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from nndesigner.engine.preprocessing import Preprocessing, Standardization
from nndesigner.engine.training import TrainingSettings
from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.dataset import read_table, table_of_source
from nndesigner.model.design import SETTING_NAMES, Design, TrainingHistory
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.errors import DesignError
from nndesigner.model.feature_inputs import features_record
from nndesigner.model.file_checks import (
    MAX_EPOCHS,
    MAX_FILE_BYTES,
    MAX_GENERATED_ROWS,
    MAX_NEURONS,
    MAX_SEED,
    MAX_SYNAPSES,
    check_strings,
    parse_float,
    parse_int,
    regular_file,
    whole,
)

DESIGN_FORMAT = "nndesigner-design"
WEIGHTS_FORMAT = "nndesigner-weights"
VERSION = 3
READ_VERSIONS = (1, 2, 3)
# The preprocessing keys a training run writes (categories come with the data).
FITTED = {"inputs", "outputs", "fill"}
SCHEMA_PATH = Path(__file__).parent / "schemas" / "nndesigner.schema.json"


@cache
def schema() -> dict:
    """The shipped JSON Schema for both formats."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _fast_validator() -> Callable[[Any], Any]:
    """The schema compiled to Python code: about 50x quicker on a large valid file."""
    import fastjsonschema

    return fastjsonschema.compile(schema())


def _standardization_to_dict(standardization: Standardization | None) -> dict | None:
    if standardization is None:
        return None
    return {"mean": standardization.mean.tolist(), "std": standardization.std.tolist()}


def _standardization_from_dict(data: dict | None, count: int, what: str) -> Standardization | None:
    if data is None:
        return None
    if len(data["mean"]) != count or len(data["std"]) != count:
        raise DesignError(
            f"preprocessing.{what} must list {count} means and stds, one per {what[:-1]} neuron."
        )
    return Standardization(np.array(data["mean"], dtype=float), np.array(data["std"], dtype=float))


def design_to_dict(design: Design, file_format: str = DESIGN_FORMAT) -> dict:
    """The JSON-ready dict of `design`; the design flavour adds canvas positions."""
    neurons = []
    for neuron in design.document.neurons:
        entry: dict[str, Any] = {
            "id": neuron.id,
            "role": neuron.role,
            "label": neuron.label,
            "activation": neuron.activation,
            "bias": neuron.bias,
        }
        if neuron.alpha is not None:
            entry["alpha"] = neuron.alpha
        if neuron.dropout:
            entry["dropout"] = neuron.dropout
        if file_format == DESIGN_FORMAT:
            entry["position"] = [neuron.x, neuron.y]
        neurons.append(entry)
    synapses = [
        {"id": s.id, "from": s.source, "to": s.target, "weight": s.weight}
        for s in design.document.synapses
    ]
    # What was fitted (inputs, outputs, fill) is written once trained, while it fits the
    # neurons (not after inputs or outputs were added); the categories as soon as there
    # are some.
    preprocessing: dict[str, Any] | None = None
    document = design.document
    counts = [len(document.neurons_with_role(role)) for role in ("input", "output")]
    if design.preprocessing is not None and design.preprocessing.fits(*counts):
        fill = design.preprocessing.fill
        preprocessing = {
            "inputs": _standardization_to_dict(design.preprocessing.inputs),
            "outputs": _standardization_to_dict(design.preprocessing.outputs),
            "fill": None if fill is None else fill.tolist(),
        }
    if design.categories:
        preprocessing = preprocessing or {}
        preprocessing["categories"] = {k: list(v) for k, v in design.categories.items()}
    if features := features_record(design.input_labels()):
        preprocessing = {**(preprocessing or {}), **features}
    training: dict[str, Any] = dataclasses.asdict(design.settings)
    training["data"] = design.data_source
    training.update(dataclasses.asdict(design.history))
    return {
        "format": file_format,
        "version": VERSION,
        "neurons": neurons,
        "synapses": synapses,
        "preprocessing": preprocessing,
        "training": training,
    }


def _validate(data: Any) -> None:
    """Check format, version and the schema, with a sentence for the first problem."""
    if not isinstance(data, dict) or data.get("format") not in (DESIGN_FORMAT, WEIGHTS_FORMAT):
        raise DesignError("This is not an nndesigner design or weights file.")
    if data.get("version") not in READ_VERSIONS:
        raise DesignError(
            f"This file has format version {data.get('version')!r}; "
            f"this nndesigner reads versions {READ_VERSIONS[0]} to {VERSION}."
        )
    import fastjsonschema

    try:
        _fast_validator()(data)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    # Invalid: jsonschema picks the most relevant problem for the message.
    import jsonschema

    problem = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema()).iter_errors(data)
    )
    if problem is not None:
        where = "/".join(str(part) for part in problem.absolute_path) or "the top level"
        raise DesignError(f"The file is invalid at {where}: {problem.message}.")


# The settings that count something: (lowest, highest).
COUNTS = {"epochs": (1, MAX_EPOCHS), "batch_size": (1, 10**9), "seed": (0, MAX_SEED),
          "split_seed": (0, MAX_SEED), "test_seed": (0, MAX_SEED),
          "early_stopping": (0, MAX_EPOCHS),
          "schedule_epochs": (1, MAX_EPOCHS)}  # fmt: skip


def _settings_of(training: dict) -> dict:
    """The settings a file's `training` holds, counts as ints (3.0 is 3). A file from
    before `split_seed` split its validation rows with the training `seed`: it keeps
    validating on the same rows."""
    settings = {k: v for k, v in training.items() if k in SETTING_NAMES}
    for name, (low, high) in COUNTS.items():
        if settings.get(name) is not None:
            settings[name] = whole(settings[name], f"training.{name}", low, high)
    if "split_seed" not in settings and "seed" in settings:
        settings["split_seed"] = settings["seed"]
    return settings


def _generator_of(source: dict) -> dict:
    """A generated dataset's settings, its counts checked (drawn points as they are:
    the schema and `drawn_table` check them)."""
    if "drawn" in source:
        return source
    return {
        **source,
        "rows": whole(source["rows"], "training.data.rows", 2, MAX_GENERATED_ROWS),
        "seed": whole(source["seed"], "training.data.seed", 0, MAX_SEED),
    }


def _neuron_of(entry: dict) -> Neuron:
    x, y = entry.get("position", (0.0, 0.0))
    return Neuron(
        id=entry["id"],
        role=entry["role"],
        label=entry["label"],
        activation=entry.get("activation", "linear" if entry["role"] == "input" else "sigmoid"),
        bias=float(entry.get("bias", 0.0)),
        alpha=entry.get("alpha"),
        x=float(x),
        y=float(y),
        dropout=float(entry.get("dropout", 0.0)),
    )


def design_from_dict(data: Any, folder: Path | None = None) -> Design:
    """A design from a parsed file; DesignError naming the first problem."""
    _validate(data)
    for key, limit in (("neurons", MAX_NEURONS), ("synapses", MAX_SYNAPSES)):
        if len(data[key]) > limit:
            raise DesignError(f"The file has {len(data[key]):,} {key}; the limit is {limit:,}.")
    document = NetworkDocument()
    has_weights = True
    document.add_neurons([_neuron_of(entry) for entry in data["neurons"]])
    has_weights &= all("bias" in e or e["role"] == "input" for e in data["neurons"])
    document.add_synapses(
        [
            Synapse(entry["id"], entry["from"], entry["to"], float(entry.get("weight", 0.0)))
            for entry in data["synapses"]
        ]
    )
    has_weights &= all("weight" in entry for entry in data["synapses"])
    preprocessing = None
    stored = data.get("preprocessing") or {}
    categories = {k: tuple(v) for k, v in stored.get("categories", {}).items()}
    if FITTED.intersection(stored):
        inputs = len(document.neurons_with_role("input"))
        outputs = len(document.neurons_with_role("output"))
        fill = data["preprocessing"].get("fill")
        if fill is not None and len(fill) != inputs:
            raise DesignError(f"preprocessing.fill must list {inputs} values, one per input.")
        preprocessing = Preprocessing(
            _standardization_from_dict(data["preprocessing"].get("inputs"), inputs, "inputs"),
            _standardization_from_dict(data["preprocessing"].get("outputs"), outputs, "outputs"),
            None if fill is None else np.array(fill, dtype=float),
        )
    training = dict(data.get("training") or {})
    if isinstance(training.get("data"), dict):
        training["data"] = _generator_of(training["data"])
    history = TrainingHistory(
        whole(training.get("epochs_run", 0), "training.epochs_run", 0, MAX_EPOCHS),
        training.get("training_loss"),
        training.get("validation_loss"),
    )
    design = Design(
        document,
        TrainingSettings(**_settings_of(training)),
        training.get("data"),
        None,
        preprocessing,
        history,
        has_weights,
        categories=categories,
    )
    if isinstance(design.data_source, dict) and folder is not None:  # made when needed
        design.data = table_of_source(design.data_source)
    elif design.data_source and folder is not None:
        try:
            design.data = read_table(folder / design.data_source)
        except DesignError as error:
            design.data_problem = str(error)
    return design


def read_json(path: str | os.PathLike) -> Any:
    """Parse a JSON file; DesignError with a plain sentence when it is no regular file,
    unreadable, too large, not JSON, nested too deeply, or holds NaN or Infinity (not
    JSON numbers), a number beyond float range or text that is not valid Unicode."""
    size = regular_file(path)
    if size > MAX_FILE_BYTES:
        raise DesignError(
            f"{path} is {size / 1e6:.0f} MB; nndesigner opens files of up to "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DesignError(f"Cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise DesignError(f"{path} is not a text file.") from error
    try:
        data = json.loads(
            text, parse_constant=_refuse_constant, parse_int=parse_int, parse_float=parse_float
        )
        check_strings(data)
        return data
    except json.JSONDecodeError as error:
        raise DesignError(f"{path} is not valid JSON (line {error.lineno}).") from error
    except RecursionError as error:
        raise DesignError(f"{path} is nested too deeply to be a design.") from error
    except DesignError as error:
        raise DesignError(f"{path}: {error}") from None


def _refuse_constant(name: str) -> None:
    raise DesignError(f"The file holds {name}, which is not a number JSON allows.")


def load_design(path: str | os.PathLike, with_data: bool = True) -> Design:
    """Read a design or weights file and, when `with_data`, the CSV it names."""
    path = Path(path)
    data = read_json(path)
    try:
        return design_from_dict(data, path.parent if with_data else None)
    except DesignError as error:
        raise DesignError(f"{path}: {error}") from error


def data_source_for(design: Design, folder: Path | None) -> str | dict | None:
    """How a file in `folder` names the design's data: a generator's settings, a path
    relative to `folder` (absolute when `folder` is None), or, with no data loaded, what
    the design was opened with."""
    if design.data is None:
        return design.data_source
    if design.data.generator is not None:
        return dict(design.data.generator)
    path = Path(design.data.path).resolve()
    return str(path) if folder is None else Path(os.path.relpath(path, folder)).as_posix()


def save_design(design: Design, path: str | os.PathLike, file_format: str = DESIGN_FORMAT) -> None:
    """Save `design` as a design file, or as a weights export with WEIGHTS_FORMAT.
    The data source is written relative to the file's folder."""
    design.data_source = data_source_for(design, Path(path).resolve().parent)
    data = design_to_dict(design, file_format)
    try:
        text = json.dumps(data, indent=2, allow_nan=False) + "\n"
    except ValueError as error:  # NaN or Infinity: a file no JSON reader takes back
        raise DesignError(
            f"Cannot save {path}: a weight, bias or preprocessing value is not a finite number."
        ) from error
    if len(text) > MAX_FILE_BYTES:  # what is written must open again: compact, or refused
        text = json.dumps(data, separators=(",", ":"), allow_nan=False) + "\n"
        if len(text) > MAX_FILE_BYTES:
            raise DesignError(
                f"Cannot save {path}: it would be {len(text) / 1e6:.0f} MB, over the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB nndesigner opens."
            )
    write_atomically(path, text)
