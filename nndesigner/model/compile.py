"""Turn a document into the engine's plain spec and compiled network."""

from __future__ import annotations

from operator import attrgetter

import numpy as np

from nndesigner.engine.network import CompiledNetwork, compile_network
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseColumns
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError


def document_spec(document: NetworkDocument) -> NetworkSpec:
    """The engine's view of the document: ids, roles, activations and parameters, the
    synapses as columns (one pass over them per column, no object per synapse)."""
    neurons = tuple(
        NeuronSpec(n.id, n.role, n.activation, n.bias, n.alpha, n.dropout) for n in document.neurons
    )
    position = {neuron.id: index for index, neuron in enumerate(neurons)}.__getitem__
    synapses = document.synapses
    count = len(synapses)
    return NetworkSpec(
        neurons,
        SynapseColumns(
            document.synapse_ids,
            np.fromiter(map(position, map(attrgetter("source"), synapses)), np.intp, count),
            np.fromiter(map(position, map(attrgetter("target"), synapses)), np.intp, count),
            np.fromiter(map(attrgetter("weight"), synapses), float, count),
        ),
    )


def compile_document(document: NetworkDocument) -> CompiledNetwork:
    """A trainable copy of the document; DesignError when it cannot be trained."""
    if not document.neurons_with_role("input"):
        raise DesignError("The network needs at least one input neuron.")
    if not document.neurons_with_role("output"):
        raise DesignError("The network needs at least one output neuron.")
    try:
        return compile_network(document_spec(document))
    except ValueError as error:
        raise DesignError(f"The network cannot be compiled: {error}.") from error
