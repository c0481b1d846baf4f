"""Loading design and weights files: every malformed file is a DesignError with a plain
sentence, never another exception; fuzzed inputs load or fail the same way."""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import design_from_dict, load_design, save_design
from tests.malformed_files import MALFORMED, XOR, write_case


@pytest.mark.parametrize("case", list(MALFORMED))
def test_each_malformed_file_is_a_plain_design_error(tmp_path, case):
    path, phrase = write_case(tmp_path, case)
    with pytest.raises(DesignError) as raised:
        load_design(path)
    message = str(raised.value)
    assert phrase in message
    assert str(path) in message
    assert "Traceback" not in message and "\n" not in message


def test_the_malformed_cases_would_load_when_mended():
    """The cases are malformed for the reason named, not by accident: XOR itself loads."""
    assert isinstance(design_from_dict(copy.deepcopy(XOR)), Design)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["input", "hidden", "output", "sigmoid", "softmax", "h1", "x1", "y1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def paths_of(value, prefix=()):
    """Every key/index path inside a parsed JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_of(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_of(child, (*prefix, index))


XOR_PATHS = list(paths_of(XOR))[1:]


@st.composite
def mutated_designs(draw):
    """XOR with one to three values replaced, dropped or added anywhere in the tree."""
    data = copy.deepcopy(XOR)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(XOR_PATHS))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "drop", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(json_values)
            elif action == "drop" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif action == "drop":
                del parent[path[-1]]
            elif isinstance(parent, list):
                parent.append(draw(json_values))
            else:
                parent[draw(st.text(max_size=8))] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    return data


def loads_or_design_error(data) -> None:
    try:
        design = design_from_dict(data)
    except DesignError:
        return
    assert isinstance(design, Design)
    # A loaded design is a valid document: every synapse joins two of its neurons.
    ids = {n.id for n in design.document.neurons}
    assert all(s.source in ids and s.target in ids for s in design.document.synapses)


FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_designs())
def test_fuzzed_designs_load_or_raise_design_error(data):
    loads_or_design_error(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_loads_or_raises_design_error(data):
    loads_or_design_error(data)


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_file_contents_load_or_raise_design_error(tmp_path_factory, content):
    path: Path = tmp_path_factory.mktemp("fuzz") / "f.nnd.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(DesignError):
        load_design(path)


def test_counts_written_as_whole_floats_read_as_counts(tmp_path):
    data = copy.deepcopy(XOR)
    data["training"].update(epochs=3.0, batch_size=2.0, seed=7.0)
    path = tmp_path / "floats.nnd.json"
    path.write_text(json.dumps(data))
    settings = load_design(path).settings
    assert (settings.epochs, settings.batch_size, settings.seed) == (3, 2, 7)
    assert all(type(v) is int for v in (settings.epochs, settings.batch_size, settings.seed))


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "nul"])
def test_only_regular_files_are_read(tmp_path, kind):
    path = {"folder": tmp_path, "device": "/dev/zero", "nul": "a\0b.nnd.json"}.get(kind)
    if kind == "fifo":
        path = tmp_path / "pipe.nnd.json"
        os.mkfifo(path)
    with pytest.raises(DesignError, match="folder|not a regular|NUL"):
        load_design(path)


def test_a_chain_of_many_levels_loads_and_compiles_without_recursion(tmp_path):
    count = 5000  # ten times Python's recursion limit
    neurons = [
        {"id": "o", "role": "output", "label": "y"},
        {"id": "i", "role": "input", "label": "x"},
    ]
    neurons += [{"id": f"h{k}", "role": "hidden", "label": f"h{k}"} for k in range(count)]
    chain = ["i", *(f"h{k}" for k in range(count)), "o"]
    synapses = [
        {"id": f"s{k}", "from": a, "to": b} for k, (a, b) in enumerate(itertools.pairwise(chain))
    ]
    synapses.reverse()  # the order that made each loop check walk the whole chain
    path = tmp_path / "chain.nnd.json"
    path.write_text(json.dumps({"format": "nndesigner-design", "version": 2,
                                "neurons": neurons, "synapses": synapses}))  # fmt: skip
    network = compile_document(load_design(path).document)
    assert len(network.levels) == count + 1


def test_what_cannot_be_read_back_is_not_saved(tmp_path):
    design = design_from_dict(copy.deepcopy(XOR))
    design.document.update_neuron("h1", bias=float("inf"))
    path = tmp_path / "inf.nnd.json"
    with pytest.raises(DesignError, match="not a finite number"):
        save_design(design, path)
    assert not path.exists()
