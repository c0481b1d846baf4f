"""The document refuses invalid changes whole, and signals each change once."""

import re

import pytest

from nndesigner.engine.spec import Parameters
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import design_to_dict


@pytest.fixture
def document() -> NetworkDocument:
    doc = NetworkDocument()
    doc.add_neuron(Neuron("a", "input", "Area", "linear"))
    doc.add_neuron(Neuron("b", "input", "Age", "linear"))
    doc.add_neuron(Neuron("h", "hidden", "h", "sigmoid"))
    doc.add_neuron(Neuron("g", "hidden", "g", "relu"))
    doc.add_neuron(Neuron("o", "output", "Price", "linear"))
    doc.add_synapse(Synapse("s1", "a", "h", 0.5))
    doc.add_synapse(Synapse("s2", "h", "g", 0.5))
    doc.add_synapse(Synapse("s3", "g", "o", 0.5))
    return doc


def snapshot(document: NetworkDocument) -> dict:
    return design_to_dict(Design(document))


class Recorder:
    """Counts every signal the document emits."""

    def __init__(self, document: NetworkDocument) -> None:
        self.events: list[str] = []
        for name in (
            "neuron_added",
            "neuron_removed",
            "neuron_changed",
            "synapse_added",
            "synapse_removed",
            "synapse_changed",
            "parameters_changed",
        ):
            getattr(document, name).connect(lambda *args, name=name: self.events.append(name))


INVALID_CHANGES = [
    (lambda d: d.add_synapse(Synapse("x", "h", "a")), "cannot end on an input neuron"),
    (lambda d: d.add_synapse(Synapse("x", "h", "h")), "cannot be connected to itself"),
    (lambda d: d.add_synapse(Synapse("x", "a", "h")), "'Area' is already connected to 'h'"),
    (lambda d: d.add_synapse(Synapse("x", "g", "h")), "would make a loop"),
    (lambda d: d.add_synapse(Synapse("x", "o", "h")), "cannot start from an output neuron"),
    (lambda d: d.add_synapse(Synapse("x", "a", "ghost")), "There is no neuron 'ghost'"),
    (lambda d: d.add_synapse(Synapse("h", "b", "g")), "The id 'h' is already used"),
    (lambda d: d.add_neuron(Neuron("a", "hidden", "z")), "The id 'a' is already used"),
    (lambda d: d.add_neuron(Neuron("c", "input", "Area")), "already labelled 'Area'"),
    (lambda d: d.add_neuron(Neuron("p", "output", "Price")), "already labelled 'Price'"),
    (lambda d: d.add_neuron(Neuron("q", "brain", "q")), "not a neuron role"),
    (lambda d: d.add_neuron(Neuron("q", "hidden", "q", "swish")), "'swish' is not an activation"),
    (lambda d: d.add_neuron(Neuron("q", "hidden", "q", "softmax")), "only available on output"),
    (lambda d: d.add_neuron(Neuron("q", "hidden", "  ")), "needs a label"),
    (lambda d: d.update_neuron("h", role="input"), "cannot receive synapses"),
    (lambda d: d.update_neuron("g", role="output"), "cannot send synapses"),
    (lambda d: d.update_neuron("b", label="Area"), "already labelled 'Area'"),
    (lambda d: d.update_neuron("h", colour="red"), "no property 'colour'"),
    (lambda d: d.remove_neuron("ghost"), "There is no neuron 'ghost'"),
    (lambda d: d.remove_synapse("ghost"), "There is no synapse 'ghost'"),
    (lambda d: d.set_parameters(Parameters({"ghost": 1.0}, {}, {})), "values name 'ghost'"),
]


@pytest.mark.parametrize(("change", "message"), INVALID_CHANGES)
def test_invalid_change_raises_and_changes_nothing(document, change, message):
    before = snapshot(document)
    recorder = Recorder(document)
    with pytest.raises(DesignError, match=message):
        change(document)
    assert snapshot(document) == before
    assert recorder.events == []


def test_each_change_signals_once(document):
    recorder = Recorder(document)
    document.add_neuron(Neuron("c", "hidden", "c", "tanh"))
    document.add_synapse(Synapse("s4", "b", "c", 0.1))
    document.update_neuron("c", x=10.0, y=20.0)
    document.update_synapse("s4", 0.9)
    document.set_parameters(Parameters({"s4": 0.3}, {"c": 0.2}, {}))
    document.remove_synapse("s4")
    assert recorder.events == [
        "neuron_added",
        "synapse_added",
        "neuron_changed",
        "synapse_changed",
        "parameters_changed",
        "synapse_removed",
    ]


def test_removing_a_neuron_removes_its_synapses(document):
    recorder = Recorder(document)
    removed = document.remove_neuron("h")
    assert {s.id for s in removed} == {"s1", "s2"}
    assert {s.id for s in document.synapses} == {"s3"}
    assert recorder.events == ["synapse_removed", "synapse_removed", "neuron_removed"]


def test_new_ids_are_unused(document):
    assert document.new_id("s") == "s4"
    assert document.new_id("n") == "n1"


def test_compile_needs_inputs_and_outputs():
    document = NetworkDocument()
    document.add_neuron(Neuron("h", "hidden", "h"))
    with pytest.raises(DesignError, match="at least one input"):
        compile_document(document)


def test_compiled_copy_is_independent_of_the_document(document):
    network = compile_document(document)
    network.levels[0].weights.value[...] = 42.0
    assert document.synapse("s1").weight == 0.5


def test_neurons_and_synapses_return_to_their_place(document):
    before = snapshot(document)
    neuron, index = document.neuron("h"), document.index_of("h")
    removed = [(s, document.index_of(s.id)) for s in document.synapses_of("h")]
    document.remove_neuron("h")
    document.add_neuron(neuron, index)
    for synapse, position in sorted(removed, key=lambda pair: pair[1]):
        document.add_synapse(synapse, position)
    assert snapshot(document) == before


def test_connection_problem_reports_without_changing(document):
    assert document.connection_problem("b", "h") is None
    assert document.connection_problem("g", "h").startswith(
        "Connecting 'g' to 'h' would make a loop"
    )
    assert document.synapses_of("b") == []


def test_many_synapses_are_added_with_one_loop_check_that_names_a_link_on_the_loop():
    document = NetworkDocument()
    for neuron_id, role in [("i", "input"), ("a", "hidden"), ("b", "hidden"), ("c", "hidden"),
                            ("d", "hidden"), ("o", "output")]:  # fmt: skip
        document.add_neuron(Neuron(neuron_id, role, neuron_id))
    links = [("i", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "o")]
    synapses = [Synapse(f"s{k}", s, t) for k, (s, t) in enumerate(links)]
    with pytest.raises(DesignError, match="would make a loop") as refused:
        document.add_synapses(synapses)
    named = re.findall(r"'(\w)'", str(refused.value))
    assert tuple(named) in {("a", "b"), ("b", "c"), ("c", "a")}  # a link of the loop a-b-c
    assert document.synapses == []  # nothing added
    document.add_synapses([s for s in synapses if (s.source, s.target) != ("c", "a")])
    assert len(document.synapses) == 5
