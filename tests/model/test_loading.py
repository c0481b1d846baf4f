"""Loading design and weights files: every malformed file is a DesignError with a plain
sentence, never another exception; fuzzed inputs load or fail the same way."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import design_from_dict, load_design
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
