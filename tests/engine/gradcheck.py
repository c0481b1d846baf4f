"""Central finite differences against the kernel's analytic gradients."""

from __future__ import annotations

import numpy as np

from nndesigner.engine.dropout import DropoutDraws
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork


def gradient_errors(
    network: CompiledNetwork, inputs: np.ndarray, targets: np.ndarray, loss: Loss, h: float = 1e-5,
    dropout_seed: int | None = None,
) -> list[float]:  # fmt: skip
    """Relative error |analytic - numeric| / max(|analytic| + |numeric|, 1e-6) per trainable entry.

    The floor keeps gradients that are nearly zero (where the difference quotient's
    rounding error dominates) from reading as large relative errors. With `dropout_seed`
    every evaluation drops the same rows of the same neurons (a fixed mask).
    """
    kernel = NumpyKernel(network)
    if dropout_seed is not None:
        fixed = kernel.loss_and_gradients

        def same_mask(*args):  # noqa: ANN002, ANN202
            kernel.dropout = DropoutDraws(dropout_seed)
            return fixed(*args)

        kernel.loss_and_gradients = same_mask
    kernel.loss_and_gradients(inputs, targets, loss)
    analytic = [p.grad.copy() for p in network.parameters()]
    errors = []
    for parameter, grads in zip(network.parameters(), analytic, strict=True):
        trainable = np.ones_like(parameter.value) if parameter.mask is None else parameter.mask
        for index in zip(*np.nonzero(trainable), strict=True):
            original = parameter.value[index]
            parameter.value[index] = original + h
            plus = kernel.loss_and_gradients(inputs, targets, loss)
            parameter.value[index] = original - h
            minus = kernel.loss_and_gradients(inputs, targets, loss)
            parameter.value[index] = original
            numeric = (plus - minus) / (2 * h)
            scale = max(abs(grads[index]) + abs(numeric), 1e-6)
            errors.append(abs(grads[index] - numeric) / scale)
    return errors
