"""ONNX export: one graph input `inputs` [N, raw inputs] of raw values, one output
`outputs` [N, output neurons] equal to `nndesigner predict` (float64 throughout). The
raw inputs are the input neurons' columns, then those only feature inputs read
(model/feature_inputs.py). A one-hot input (`column=value`) takes 1.0 where the row's
column holds that value, 0.0 where it holds another, NaN where it is missing; the
model's metadata lists the raw input labels (`input_labels`), the output labels and the
categories (JSON), so a caller can encode its rows.

The graph follows the compiled network: feature inputs computed, inputs filled and
standardised, then per level
Z = A[:, s0:s1] @ (W * mask) + b, each activation group applied to its columns, the
level's activations appended to A; finally the output columns, de-standardised.
Needs the optional `onnx` package (imported only here).
"""

from __future__ import annotations

import json
import os

import numpy as np

from nndesigner import __version__
from nndesigner.engine.features import InputFeatures
from nndesigner.engine.network import CompiledNetwork
from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError

OPSET = 17


class _GraphBuilder:
    """Collects nodes and constant initialisers with unique names."""

    def __init__(self, helper, numpy_helper) -> None:  # noqa: ANN001 (onnx modules)
        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list = []
        self.constants: list = []
        self.count = 0

    def name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}_{self.count}"

    def constant(self, value: np.ndarray, stem: str) -> str:
        name = self.name(stem)
        self.constants.append(self.numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], stem: str, **attributes: object) -> str:
        output = self.name(stem)
        self.nodes.append(self.helper.make_node(op, inputs, [output], **attributes))
        return output

    def columns(self, tensor: str, start: int, stop: int) -> str:
        starts = self.constant(np.array([start], dtype=np.int64), "start")
        ends = self.constant(np.array([stop], dtype=np.int64), "end")
        axes = self.constant(np.array([1], dtype=np.int64), "axis")
        return self.node("Slice", [tensor, starts, ends, axes], "columns")

    def activation(self, name: str, z: str, alpha: np.ndarray) -> str:
        if name == "linear":
            return z
        if name in ("sigmoid", "tanh", "relu"):
            return self.node(
                {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu"}[name], [z], name
            )
        if name == "softmax":
            return self.node("Softmax", [z], "softmax", axis=1)
        zero = self.constant(np.array(0.0), "zero")
        if name == "step":
            positive = self.node("GreaterOrEqual", [z, zero], "at_least_zero")
            return self.node(
                "Cast",
                [positive],
                "step",
                to=self.helper.np_dtype_to_tensor_dtype(np.dtype("float64")),
            )
        if name in ("leaky_relu", "prelu"):
            slope = self.node("Mul", [z, self.constant(alpha, "alpha")], "sloped")
            positive = self.node("Greater", [z, zero], "positive")
            return self.node("Where", [positive, z, slope], name)
        raise DesignError(f"ONNX export does not know the activation '{name}'.")


def _features(features: InputFeatures, builder: _GraphBuilder) -> str:
    """The input neurons' values from the raw inputs: f(prod column^power) each."""
    if features.is_plain:
        return "inputs"
    columns = []
    for feature in features.features:
        product = None
        for column, power in feature.factors:
            factor = builder.columns("inputs", column, column + 1)
            if power > 1:
                exponent = builder.constant(np.array(float(power)), "power")
                factor = builder.node("Pow", [factor, exponent], "power_of")
            product = (
                factor if product is None else builder.node("Mul", [product, factor], "product")
            )
        if feature.function != "none":
            product = builder.node(feature.function.capitalize(), [product], feature.function)
        columns.append(product)
    return builder.node("Concat", columns, "features", axis=1)


def _build(network: CompiledNetwork, design: Design, builder: _GraphBuilder) -> str:
    values = _features(design.input_features(), builder)
    preprocessing = design.preprocessing
    if preprocessing is not None and preprocessing.fill is not None:
        missing = builder.node("IsNaN", [values], "missing")
        values = builder.node(
            "Where", [missing, builder.constant(preprocessing.fill, "fill"), values], "filled"
        )
    if preprocessing is not None and preprocessing.inputs is not None:
        centred = builder.node(
            "Sub", [values, builder.constant(preprocessing.inputs.mean, "mean")], "centred"
        )
        values = builder.node(
            "Div", [centred, builder.constant(preprocessing.inputs.std, "std")], "standardised"
        )
    for level in network.levels:
        sources = builder.columns(values, level.source_start, level.source_stop)
        weights = builder.constant(level.weights.value * level.weights.mask, "weights")
        product = builder.node("MatMul", [sources, weights], "product")
        z = builder.node("Add", [product, builder.constant(level.bias.value, "bias")], "z")
        parts = []
        for group in level.groups:
            part = builder.columns(z, group.start, group.stop)
            alpha = level.alpha[group.start : group.stop]
            parts.append(builder.activation(group.activation.name, part, alpha))
        activations = (
            parts[0] if len(parts) == 1 else builder.node("Concat", parts, "level", axis=1)
        )
        values = builder.node("Concat", [values, activations], "activations", axis=1)
    columns = builder.constant(network.output_columns.astype(np.int64), "output_columns")
    outputs = builder.node("Gather", [values, columns], "outputs", axis=1)
    if preprocessing is not None and preprocessing.outputs is not None:
        scaled = builder.node(
            "Mul", [outputs, builder.constant(preprocessing.outputs.std, "std")], "scaled"
        )
        outputs = builder.node(
            "Add", [scaled, builder.constant(preprocessing.outputs.mean, "mean")], "restored"
        )
    return outputs


def export_onnx(design: Design, path: str | os.PathLike) -> None:
    """Write the design as an ONNX model; DesignError when `onnx` is not installed."""
    try:
        import onnx
        from onnx import helper, numpy_helper
    except ImportError as error:
        raise DesignError(
            "ONNX export needs the onnx package (pip install 'nndesigner[interop]')."
        ) from error
    network = compile_document(design.document)
    builder = _GraphBuilder(helper, numpy_helper)
    result = _build(network, design, builder)
    builder.nodes.append(helper.make_node("Identity", [result], ["outputs"]))
    double = onnx.TensorProto.DOUBLE
    graph = helper.make_graph(
        builder.nodes,
        "nndesigner",
        [helper.make_tensor_value_info("inputs", double, ["N", design.input_features().raw_count])],
        [helper.make_tensor_value_info("outputs", double, ["N", len(network.output_ids)])],
        builder.constants,
    )
    model = helper.make_model(
        graph,
        producer_name="nndesigner",
        producer_version=__version__,
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    helper.set_model_props(
        model,
        {
            "input_labels": json.dumps(design.raw_input_labels()),
            "output_labels": json.dumps(design.output_labels()),
            "categories": json.dumps({k: list(v) for k, v in design.categories.items()}),
        },
    )
    onnx.checker.check_model(model)
    write_atomically(path, model.SerializeToString())
