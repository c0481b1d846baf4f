"""Read and write the JSON formats: designs (`nndesigner-design`) and weights
(`nndesigner-weights`), both version 1. See the README for their semantics."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from nndesigner.model.dataset import read_table
from nndesigner.model.design import Design, data_path_from_dict, settings_from_dict
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.errors import DesignError

DESIGN_FORMAT = "nndesigner-design"
WEIGHTS_FORMAT = "nndesigner-weights"
VERSION = 1


def document_to_dict(document: NetworkDocument, file_format: str = DESIGN_FORMAT) -> dict:
    """The JSON-ready dict of `document`; the design flavour adds canvas positions."""
    neurons = []
    for neuron in document.neurons:
        entry: dict[str, Any] = {
            "id": neuron.id,
            "role": neuron.role,
            "label": neuron.label,
            "activation": neuron.activation,
            "bias": neuron.bias,
        }
        if neuron.alpha is not None:
            entry["alpha"] = neuron.alpha
        if file_format == DESIGN_FORMAT:
            entry["position"] = [neuron.x, neuron.y]
        neurons.append(entry)
    synapses = [
        {"id": s.id, "from": s.source, "to": s.target, "weight": s.weight}
        for s in document.synapses
    ]
    return {
        "format": file_format,
        "version": VERSION,
        "neurons": neurons,
        "synapses": synapses,
        "preprocessing": None,
        "training": {},
    }


def document_from_dict(data: Any) -> NetworkDocument:
    """A document from a parsed design or weights file; DesignError when it is not one."""
    if not isinstance(data, dict) or data.get("format") not in (DESIGN_FORMAT, WEIGHTS_FORMAT):
        raise DesignError("This is not an nndesigner design or weights file.")
    if data.get("version") != VERSION:
        raise DesignError(
            f"This file has format version {data.get('version')!r}; "
            f"this nndesigner reads version {VERSION}."
        )
    document = NetworkDocument()
    for entry in data.get("neurons", []):
        x, y = entry.get("position", (0.0, 0.0))
        document.add_neuron(
            Neuron(
                id=str(entry["id"]),
                role=entry["role"],
                label=str(entry.get("label", entry["id"])),
                activation=entry.get("activation", "linear"),
                bias=float(entry.get("bias", 0.0)),
                alpha=entry.get("alpha"),
                x=float(x),
                y=float(y),
            )
        )
    for entry in data.get("synapses", []):
        document.add_synapse(
            Synapse(str(entry["id"]), entry["from"], entry["to"], float(entry.get("weight", 0.0)))
        )
    return document


def read_json(path: str | os.PathLike) -> Any:
    """Parse a JSON file; DesignError with a plain sentence when unreadable or invalid."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DesignError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DesignError(f"{path} is not valid JSON (line {error.lineno}).") from error


def write_atomically(path: str | os.PathLike, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_document(document: NetworkDocument, path: str | os.PathLike) -> None:
    """Save `document` as a design file."""
    write_atomically(path, json.dumps(document_to_dict(document), indent=2) + "\n")


def load_design(path: str | os.PathLike) -> Design:
    """Read a design or weights file with its training settings and, if named, its data."""
    path = Path(path)
    data = read_json(path)
    document = document_from_dict(data)
    training = data.get("training") or {}
    data_path = data_path_from_dict(training, path)
    return Design(
        document,
        settings_from_dict(training),
        read_table(data_path) if data_path is not None else None,
    )
