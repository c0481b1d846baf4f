"""A PyTorch module for a network designed and trained in nndesigner.

Self-contained: it needs only torch and an nndesigner weights (or design) JSON file.

    from this_file import build_model
    model = build_model("weights.json")
    outputs = model(torch.tensor(rows, dtype=torch.float64))
    outputs = model(model.encode([{"colour": "red", "size": 2.5}]))  # rows by column

The forward pass takes raw inputs (rows x input neurons, in the order the input neurons
appear in the file, or with feature inputs the columns `preprocessing.raw_inputs` lists,
each input neuron then computing function(product of column^power) as
`preprocessing.features` says; a one-hot input labelled `column=value` of a categorical column
listed in `preprocessing.categories` is 1.0 where the row's column holds that value, 0.0
where it holds another, NaN where it is missing; `encode` builds such rows from dicts of
column values) and returns what `nndesigner predict` returns: inputs standardised
with `preprocessing.inputs` (missing inputs, NaN, first replaced by `preprocessing.fill`
when the design fills them), every other neuron j computing
a_j = act_j(bias_j + sum of weight * a_i over its synapses, softmax outputs normalised
together, outputs de-standardised with `preprocessing.outputs`. Missing synapses are
masked to zero, so fine-tuning keeps the designed structure.
"""

from __future__ import annotations

import json

import torch
from torch import nn

DEFAULT_ALPHA = {"leaky_relu": 0.01, "prelu": 0.25}
FUNCTIONS = {"none": lambda x: x, "sin": torch.sin, "cos": torch.cos}


def _activate(name: str, z: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    if name == "linear":
        return z
    if name == "step":
        return (z >= 0).to(z.dtype)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)
    if name in ("leaky_relu", "prelu"):
        return torch.where(z > 0, z, alpha * z)
    raise ValueError(f"unknown activation {name!r}")


def _levels(neurons: list[dict], synapses: list[dict]) -> dict[str, int]:
    """Longest path from the inputs (in topological order, no recursion); every output
    on one last level. The engine's `neuron_levels` again, on purpose: this file runs
    with torch alone."""
    role = {n["id"]: n["role"] for n in neurons}
    targets: dict[str, list[str]] = {n["id"]: [] for n in neurons}
    waiting = dict.fromkeys(role, 0)
    for s in synapses:
        targets[s["from"]].append(s["to"])
        waiting[s["to"]] += 1
    level = {k: (0 if role[k] == "input" else 1) for k, count in waiting.items() if not count}
    ready = list(level)
    while ready:
        source = ready.pop()
        for target in targets[source]:
            level[target] = max(level.get(target, 1), level[source] + 1)
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    last = 1 + max((v for k, v in level.items() if role[k] != "output"), default=0)
    return {k: (last if role[k] == "output" else v) for k, v in level.items()}


class NNDesignerNetwork(nn.Module):
    """The network level by level: z = A @ (W * mask) + b, then each neuron's activation."""

    def __init__(self, spec: dict) -> None:
        super().__init__()
        neurons, synapses = spec["neurons"], spec["synapses"]
        level = _levels(neurons, synapses)
        position = {n["id"]: k for k, n in enumerate(neurons)}
        ordered = sorted(neurons, key=lambda n: (level[n["id"]], position[n["id"]]))
        column = {n["id"]: k for k, n in enumerate(ordered)}
        self.input_count = sum(n["role"] == "input" for n in neurons)
        self.activations: list[list[tuple[str, list[int]]]] = []
        self.softmax: list[list[int]] = []
        start = self.input_count
        for number in sorted({level[n["id"]] for n in ordered if level[n["id"]] > 0}):
            members = [n for n in ordered if level[n["id"]] == number]
            weights = torch.zeros(start, len(members), dtype=torch.float64)
            mask = torch.zeros_like(weights)
            for s in synapses:
                if level[s["to"]] == number:
                    row, col = column[s["from"]], column[s["to"]] - start
                    weights[row, col] = s.get("weight", 0.0)
                    mask[row, col] = 1.0
            alpha = [
                n.get("alpha")
                if n.get("alpha") is not None
                else DEFAULT_ALPHA.get(n["activation"], 0.0)
                for n in members
            ]
            index = len(self.activations)
            self.register_parameter(f"weight{index}", nn.Parameter(weights))
            self.register_buffer(f"mask{index}", mask)
            bias = torch.tensor([n.get("bias", 0.0) for n in members], dtype=torch.float64)
            self.register_parameter(f"bias{index}", nn.Parameter(bias))
            self.register_parameter(
                f"alpha{index}", nn.Parameter(torch.tensor(alpha, dtype=torch.float64))
            )
            groups: dict[str, list[int]] = {}
            for k, n in enumerate(members):
                groups.setdefault(n["activation"], []).append(k)
            self.activations.append(sorted(groups.items()))
            start += len(members)
        self.output_columns = [column[n["id"]] for n in neurons if n["role"] == "output"]
        pre = spec.get("preprocessing") or {}
        for key in ("inputs", "outputs"):
            stats = pre.get(key)
            mean = torch.tensor(stats["mean"] if stats else [], dtype=torch.float64)
            std = torch.tensor(stats["std"] if stats else [], dtype=torch.float64)
            self.register_buffer(f"{key}_mean", mean)
            self.register_buffer(f"{key}_std", std)
        fill = pre.get("fill")
        self.register_buffer("fill", torch.tensor(fill or [], dtype=torch.float64))
        self.categories = {k: list(v) for k, v in pre.get("categories", {}).items()}
        one_hot = {
            f"{column}={value}": (column, value)
            for column, values in self.categories.items()
            for value in values
        }
        labels = pre.get("raw_inputs") or [n["label"] for n in neurons if n["role"] == "input"]
        self.features = [
            ([labels.index(column) for column, _ in f["factors"]],
             [power for _, power in f["factors"]], f["function"])
            for f in pre.get("features") or []
        ]  # fmt: skip
        self.input_sources = [one_hot.get(label, (label, None)) for label in labels]

    def encode(self, rows: list[dict]) -> torch.Tensor:
        """Rows of raw column values (numbers, category texts; None or "" when missing)
        as the forward pass takes them."""
        encoded = []
        for row in rows:
            values = []
            for column, value in self.input_sources:
                cell = row[column]
                if cell is None or cell == "":
                    values.append(float("nan"))
                elif value is None:
                    values.append(float(cell))
                elif str(cell) in self.categories[column]:
                    values.append(1.0 if str(cell) == value else 0.0)
                else:
                    raise ValueError(f"{cell!r} is none of the categories of {column!r}")
            encoded.append(values)
        return torch.tensor(encoded, dtype=torch.float64).reshape(len(rows), -1)

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        values = inputs.to(torch.float64)
        if self.features:  # feature inputs: function(product of column^power)
            values = torch.stack([
                FUNCTIONS[function](torch.prod(values[:, columns] ** torch.tensor(powers), dim=1))
                for columns, powers, function in self.features
            ], dim=1)  # fmt: skip
        if len(self.fill):  # missing inputs (NaN) take the training rows' fill values
            values = torch.where(torch.isnan(values), self.fill, values)
        if len(self.inputs_mean):
            values = (values - self.inputs_mean) / self.inputs_std
        for index, groups in enumerate(self.activations):
            weights = getattr(self, f"weight{index}") * getattr(self, f"mask{index}")
            z = values @ weights + getattr(self, f"bias{index}")
            alpha = getattr(self, f"alpha{index}")
            out = torch.zeros_like(z)
            for name, members in groups:
                where = torch.tensor(members)
                if name == "softmax":
                    part = torch.softmax(z[:, where], dim=1)
                else:
                    part = _activate(name, z[:, where], alpha[where])
                out = out.index_copy(1, where, part)
            values = torch.cat([values, out], dim=1)
        outputs = values[:, self.output_columns]
        if len(self.outputs_mean):
            outputs = outputs * self.outputs_std + self.outputs_mean
        return outputs


def build_model(weights_json_path: str) -> nn.Module:
    """The network stored in an nndesigner weights or design file."""
    with open(weights_json_path, encoding="utf-8") as stream:
        spec = json.load(stream)
    if spec.get("format") not in ("nndesigner-weights", "nndesigner-design"):
        raise ValueError(f"{weights_json_path} is not an nndesigner weights or design file")
    if spec.get("version") not in (1, 2, 3):
        raise ValueError(f"{weights_json_path} has format version {spec.get('version')!r}")
    return NNDesignerNetwork(spec)
