"""Random sparse feed-forward graphs with skip links and mixed activations, for tests."""

from __future__ import annotations

import numpy as np

from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "linear", "leaky_relu", "prelu", "relu")


def random_dag(
    seed: int,
    inputs: int = 3,
    hidden: int = 6,
    outputs: int = 2,
    output_activation: str | None = None,
    density: float = 0.5,
) -> NetworkSpec:
    """A DAG whose hidden and output neurons each draw sources at random from every
    earlier neuron (so skip links are common); every neuron gets at least one source.
    Outputs take `output_activation`, or a random mix of sigmoid, tanh and linear."""
    rng = np.random.default_rng(seed)
    neurons = [NeuronSpec(f"in{i}", "input", "linear") for i in range(inputs)]
    for i in range(hidden):
        activation = str(rng.choice(HIDDEN_ACTIVATIONS))
        alpha = float(rng.uniform(0.05, 0.4)) if activation in ("prelu", "leaky_relu") else None
        neurons.append(NeuronSpec(f"h{i}", "hidden", activation, float(rng.normal(0, 0.3)), alpha))
    for i in range(outputs):
        activation = output_activation or str(rng.choice(("sigmoid", "tanh", "linear")))
        neurons.append(NeuronSpec(f"out{i}", "output", activation, float(rng.normal(0, 0.3))))
    synapses = []
    non_outputs = inputs + hidden
    for index in range(inputs, len(neurons)):
        candidates = list(range(min(index, non_outputs)))
        chosen = [c for c in candidates if rng.random() < density]
        if not chosen:
            chosen = [int(rng.choice(candidates))]
        for source in chosen:
            synapses.append(
                SynapseSpec(
                    f"s{len(synapses)}",
                    neurons[source].id,
                    neurons[index].id,
                    float(rng.normal(0, 0.8)),
                )
            )
    order = rng.permutation(len(neurons))
    shuffled = tuple(neurons[i] for i in order)
    return NetworkSpec.from_records(shuffled, tuple(synapses))


def synapse_records(spec: NetworkSpec) -> list[SynapseSpec]:
    """The spec's synapses one record each, neurons named by id."""
    ids = [neuron.id for neuron in spec.neurons]
    columns = spec.synapses
    return [
        SynapseSpec(name, ids[source], ids[target], weight)
        for name, source, target, weight in zip(
            columns.ids,
            columns.sources.tolist(),
            columns.targets.tolist(),
            columns.weights.tolist(),
            strict=True,
        )
    ]


def random_batch(spec: NetworkSpec, rows: int, seed: int, one_hot: bool = False):
    """Inputs (standard normal) and targets in (0, 1), or one-hot rows for softmax."""
    rng = np.random.default_rng(seed + 1000)
    n_in = len(spec.ids_with_role("input"))
    n_out = len(spec.ids_with_role("output"))
    inputs = rng.standard_normal((rows, n_in))
    if one_hot:
        targets = np.eye(n_out)[rng.integers(0, n_out, rows)]
    else:
        targets = rng.uniform(0.05, 0.95, (rows, n_out))
    return inputs, targets
