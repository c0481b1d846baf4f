"""Feature inputs written as their input neuron's label.

An input neuron whose label is a formula over input columns computes it from them:
`x1^2` (or `x1²`), `x1*x2` (or `x1·x2`), `x1^2*x2`, `sin(x1)`, `cos(x1*x2)`: a product
of whole powers 1 to 9 of columns, optionally through sin or cos (see
engine/features.py); a column a formula names holds none of the signs ( ) ^ ² ³ * · ×
and is no number. Any other label names the column it reads. The raw inputs, what
the data (or a caller of an export) provides, are the plain inputs' columns in their
order, then the further columns the formulas name, in the order they first appear.
"""

from __future__ import annotations

import re

from nndesigner.engine.features import Feature, InputFeatures

_FUNCTION = re.compile(r"^(sin|cos)\s*\((.+)\)$")
_PRODUCT = re.compile(r"[*·×]")
_POWER = re.compile(r"^(.+?)\s*(?:\^\s*([1-9])|([²³]))$")
SUPERSCRIPTS = {"²": 2, "³": 3}
# A column a formula names holds none of the formula's own signs, and is no number.
_NOT_A_NAME = re.compile(r"[()^²³*·×]|^[-+.\d]+$")

# The derived inputs TensorFlow Playground offers, for a design of two inputs a and b.
PLAYGROUND_FORMULAS = ("{a}²", "{b}²", "{a}·{b}", "sin({a})", "sin({b})")

Formula = tuple[str, tuple[tuple[str, int], ...]]  # (function, (column, power) factors)


def parse_formula(label: str) -> Formula | None:
    """The function and factors of a formula label; None for a label naming a column."""
    text = label.strip()
    function = "none"
    if match := _FUNCTION.match(text):
        function, text = match.group(1), match.group(2)
    factors = []
    for part in _PRODUCT.split(text):
        part = part.strip()
        power = 1
        if match := _POWER.match(part):
            part = match.group(1).strip()
            power = int(match.group(2)) if match.group(2) else SUPERSCRIPTS[match.group(3)]
        if not part or _NOT_A_NAME.search(part):
            return None
        factors.append((part, power))
    if function == "none" and len(factors) == 1 and factors[0][1] == 1:
        return None
    return function, tuple(factors)


def same_formula(label: str) -> Formula | str:
    """What a label computes, the same for every way of writing it: the formula with
    its factors sorted, or the label of a column."""
    formula = parse_formula(label)
    return label if formula is None else (formula[0], tuple(sorted(formula[1])))


def renamed(label: str, names: dict[str, str]) -> str:
    """`label` with the columns it reads renamed as `names` says (a formula rewritten
    as `sin(u²·v)`, its columns renamed)."""
    formula = parse_formula(label)
    if formula is None:
        return names.get(label, label)
    function, factors = formula
    powers = {1: "", 2: "²", 3: "³"}
    product = "·".join(
        f"{names.get(name, name)}{powers.get(power, f'^{power}')}" for name, power in factors
    )
    return product if function == "none" else f"{function}({product})"


def is_feature(label: str) -> bool:
    return parse_formula(label) is not None


def raw_input_labels(labels: list[str]) -> list[str]:
    """The raw inputs (module description) for input neurons labelled `labels`."""
    raw = [label for label in labels if not is_feature(label)]
    for label in labels:
        formula = parse_formula(label)
        for column, _ in formula[1] if formula else ():
            if column not in raw:
                raw.append(column)
    return raw


def input_features(labels: list[str]) -> InputFeatures:
    """How the input neurons labelled `labels` are computed from the raw inputs."""
    raw = raw_input_labels(labels)
    features = []
    for label in labels:
        function, factors = parse_formula(label) or ("none", ((label, 1),))
        features.append(Feature(tuple((raw.index(c), p) for c, p in factors), function))
    return InputFeatures(len(raw), tuple(features))


def features_record(labels: list[str]) -> dict | None:
    """What a file states of the feature inputs (None when there are none): the raw
    inputs, and per input neuron its function and [column, power] factors."""
    if not any(map(is_feature, labels)):
        return None
    raw = raw_input_labels(labels)
    features = input_features(labels)
    return {
        "raw_inputs": raw,
        "features": [
            {"function": f.function, "factors": [[raw[c], p] for c, p in f.factors]}
            for f in features.features
        ],
    }
