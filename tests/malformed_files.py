"""Malformed design files, shared by the loader tests and the File > Open tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nndesigner.resources import resource_path

XOR = json.loads(resource_path("examples", "xor.nnd.json").read_text())


def with_change(change) -> str:
    data = copy.deepcopy(XOR)
    change(data)
    return json.dumps(data)


# (file text or bytes, a phrase the message must contain)
MALFORMED = {
    "empty": ("", "is not valid JSON"),
    "truncated": (json.dumps(XOR)[:200], "is not valid JSON"),
    "binary": (bytes(range(256)) * 4, "is not a text file"),
    "top-level list": ("[1, 2, 3]", "not an nndesigner design"),
    "neurons not a list": (with_change(lambda d: d.__setitem__("neurons", "many")), "neurons"),
    "synapses missing": (with_change(lambda d: d.pop("synapses")), "'synapses' is a required"),
    "neuron id a number": (
        with_change(lambda d: d["neurons"][0].__setitem__("id", 7)),
        "neurons/0/id",
    ),
    "label missing": (with_change(lambda d: d["neurons"][1].pop("label")), "'label' is a required"),
    "unknown activation": (
        with_change(lambda d: d["neurons"][2].__setitem__("activation", "swish")),
        "'swish' is not one of",
    ),
    "dangling synapse": (
        with_change(lambda d: d["synapses"][0].__setitem__("from", "ghost")),
        "There is no neuron 'ghost'",
    ),
    "duplicate neuron id": (
        with_change(lambda d: d["neurons"][3].__setitem__("id", d["neurons"][2]["id"])),
        "is already used",
    ),
    "duplicate synapse id": (
        with_change(lambda d: d["synapses"][1].__setitem__("id", d["synapses"][0]["id"])),
        "is already used",
    ),
    "cycle": (
        with_change(
            lambda d: d["synapses"].extend(
                [
                    {"id": "there", "from": "h1", "to": "h2", "weight": 1},
                    {"id": "back", "from": "h2", "to": "h1", "weight": 1},
                ]
            )
        ),
        "would make a loop",
    ),
    "NaN weight": ('{"synapses": [{"weight": NaN}]}', "NaN, which is not a number JSON allows"),
    "Infinity bias": ('{"bias": -Infinity}', "-Infinity, which is not a number JSON allows"),
    # Written as a sparse file of 300 MiB of zero bytes (see write_case).
    "300 MB file": (None, "is 315 MB; nndesigner opens files of up to 256 MB"),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    # Crafted by a hostile or unlucky author (issue: reliability and security).
    "negative seed": (
        with_change(lambda d: d["training"].__setitem__("seed", -1)),
        "training.seed must be from 0",
    ),
    "fractional epochs": (
        with_change(lambda d: d["training"].__setitem__("epochs", 2.5)),
        "training/epochs: 2.5 is not of type 'integer'",
    ),
    "integer of 400 digits": (
        with_change(lambda d: d["synapses"][0].__setitem__("weight", 10**400)),
        "too large a number",
    ),
    "number beyond float range": (
        with_change(lambda d: d["neurons"][0].__setitem__("position", [0, 0])).replace(
            "[0, 0]", "[1e400, 0]"
        ),
        "beyond the range of numbers",
    ),
    "lone surrogate in a label": (
        with_change(lambda d: d["neurons"][0].__setitem__("label", "x\ud800")),
        "not valid Unicode",
    ),
    "a trillion generated rows": (
        with_change(
            lambda d: d["training"].__setitem__(
                "data", {"generator": "xor", "rows": 10**12, "noise": 0.1, "seed": 0}
            )
        ),
        "training.data.rows must be from 2 to 1,000,000",
    ),
    "weights of the wrong length": (
        with_change(
            lambda d: d.__setitem__("preprocessing", {"inputs": {"mean": [0.0], "std": [1.0]}})
        ),
        "inputs",
    ),
}


def write_case(folder: Path, case: str) -> tuple[Path, str]:
    """Write MALFORMED[case] to a file in `folder`; its path and the expected phrase."""
    content, phrase = MALFORMED[case]
    path = folder / f"{case.replace(' ', '_')}.nnd.json"
    if content is None:
        with open(path, "wb") as stream:
            stream.truncate(300 * 1024 * 1024)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path, phrase
