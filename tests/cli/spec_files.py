"""Design and data files made from engine specs, for CLI round trips."""

from __future__ import annotations

import csv

import numpy as np

from nndesigner.engine.spec import NetworkSpec
from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.entities import Neuron, Synapse
from nndesigner.model.serialize import save_design
from tests.engine.random_dag import synapse_records


def design_from_spec(spec: NetworkSpec, relu_as_prelu: bool = False) -> Design:
    """A design with the spec's ids as labels; ReLU hidden neurons become PReLU if asked."""
    document = NetworkDocument()
    for n in spec.neurons:
        activation = n.activation
        if relu_as_prelu and n.role == "hidden" and activation == "relu":
            activation = "prelu"
        document.add_neuron(Neuron(n.id, n.role, n.id, activation, n.bias, n.alpha))
    for s in synapse_records(spec):
        document.add_synapse(Synapse(s.id, s.source, s.target, s.weight))
    return Design(document)


def write_design(spec: NetworkSpec, path, relu_as_prelu: bool = False) -> None:
    save_design(design_from_spec(spec, relu_as_prelu), path)


def write_rows(path, header: list[str], rows: np.ndarray) -> None:
    """A CSV with exact float text (repr), so reading it back loses nothing."""
    with open(path, "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([[repr(float(v)) for v in row] for row in rows])
