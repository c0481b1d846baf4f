"""Putting trained values from another file onto the current design."""

from __future__ import annotations

from nndesigner.engine.spec import Parameters
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError
from nndesigner.model.feature_inputs import input_features


def _by_ids(target: NetworkDocument, source: NetworkDocument) -> dict[str, str] | None:
    """Identity neuron map when both have the same neuron ids and linked pairs."""
    same_neurons = [n.id for n in target.neurons] == [n.id for n in source.neurons]
    pairs = {(s.source, s.target) for s in target.synapses}
    if same_neurons and pairs == {(s.source, s.target) for s in source.synapses}:
        return {n.id: n.id for n in target.neurons}
    return None


def _by_structure(target: NetworkDocument, source: NetworkDocument) -> dict[str, str]:
    """Neurons matched by role and order; DesignError naming the first difference."""
    for role in ("input", "hidden", "output"):
        mine, theirs = target.neurons_with_role(role), source.neurons_with_role(role)
        if len(mine) != len(theirs):
            raise DesignError(
                f"The file has {len(theirs)} {role} neurons; this design has {len(mine)}."
            )
    mapping = {
        theirs.id: mine.id
        for role in ("input", "hidden", "output")
        for mine, theirs in zip(
            target.neurons_with_role(role), source.neurons_with_role(role), strict=True
        )
    }
    mine_pairs = {(s.source, s.target) for s in target.synapses}
    for s in source.synapses:
        pair = (mapping[s.source], mapping[s.target])
        if pair not in mine_pairs:
            names = [target.neuron(i).label for i in pair]
            raise DesignError(f"The file links '{names[0]}' to '{names[1]}'; this design does not.")
    if len(source.synapses) != len(mine_pairs):
        raise DesignError(
            f"The file has {len(source.synapses)} synapses; this design has {len(mine_pairs)}."
        )
    return mapping


def _check_input_features(target: NetworkDocument, source: NetworkDocument) -> None:
    """DesignError naming the first input neuron (in order) that computes something else
    from its columns in `source` than in `target` (x1² against x1·x2, or a feature
    against a plain column); columns may have other names."""
    mine = [n.label for n in target.neurons_with_role("input")]
    theirs = [n.label for n in source.neurons_with_role("input")]
    mine_features, their_features = input_features(mine), input_features(theirs)
    pairs = zip(mine_features.features, their_features.features, strict=True)
    for index, (mine_feature, their_feature) in enumerate(pairs):
        if mine_feature != their_feature:
            raise DesignError(
                f"The file's input '{theirs[index]}' is computed otherwise than this "
                f"design's input '{mine[index]}'; the weights would not fit."
            )
    if mine_features.raw_count != their_features.raw_count:
        raise DesignError(
            f"The file's inputs read {their_features.raw_count} columns; this design's read "
            f"{mine_features.raw_count}."
        )


def matching_parameters(target: NetworkDocument, source: NetworkDocument) -> Parameters:
    """`source`'s weights, biases and alphas under `target`'s ids: matched by ids when
    both have the same neurons and links, else by role, order and links; DesignError
    when they differ, or when their inputs compute different features."""
    mapping = _by_ids(target, source) or _by_structure(target, source)
    _check_input_features(target, source)
    pair_to_id = {(s.source, s.target): s.id for s in target.synapses}
    weights = {
        pair_to_id[(mapping[s.source], mapping[s.target])]: s.weight for s in source.synapses
    }
    biases = {mapping[n.id]: n.bias for n in source.neurons if n.role != "input"}
    alphas = {mapping[n.id]: n.alpha for n in source.neurons if n.alpha is not None}
    return Parameters(weights, biases, alphas)
