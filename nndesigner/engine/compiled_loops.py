"""The compiled kernel's loops (numba): one row at a time over the synapse list.

Each formula is the NumPy engine's, written per element in the same order, so the two
kernels agree to rounding (about 1e-15 relative; sums run in another order). Work per
row is proportional to the synapses that exist, not to the levels' dense boxes, and a
whole run of batches with its optimizer steps happens in one call, so small networks pay
no per-call overhead. The entry points release the GIL, so the window stays responsive
while the training thread is inside them. `cache=True` keeps the machine code on disk
(NUMBA_CACHE_DIR).

Loss codes: 0 half squared error, 1 squared error, 2 binary cross-entropy, 3
cross-entropy. Optimizer codes: 0 SGD, 1 momentum, 2 Adam.
"""

from __future__ import annotations

import math

from numba import njit

EPSILON = 1e-12  # losses.EPSILON: probabilities are clipped to [EPSILON, 1 - EPSILON]


@njit(cache=True)
def _value(code: int, z: float, alpha: float) -> float:
    """a = f(z) for activation `code` (see synapse_list.ACTIVATION_CODES)."""
    if code == 2:
        return (math.tanh(z * 0.5) + 1.0) * 0.5
    if code == 3:
        return math.tanh(z)
    if code == 4:
        return max(z, 0.0) if z == z else z
    if code == 5:
        return z if z > 0 else alpha * z
    if code == 1:
        return 1.0 if z >= 0 else 0.0
    return z


@njit(cache=True)
def _slope(code: int, z: float, a: float, alpha: float) -> float:
    """f'(z) as the NumPy kernel takes it (step passes the error straight through)."""
    if code == 2:
        return (1.0 - a) * a
    if code == 3:
        return 1.0 - a * a
    if code == 4:
        return 1.0 if a > 0.0 else 0.0
    if code == 5:
        return 1.0 if z > 0 else alpha
    return 1.0


@njit(cache=True)
def _forward(x, values, first_in, source, weight, bias, alpha, alpha_constant, codes,
             soft_start, soft_stop, z, a):  # fmt: skip
    """Fill z and a for one row `x` (input columns first)."""
    inputs = len(x)
    for j in range(inputs):
        a[j] = x[j]
        z[j] = x[j]
    for j in range(inputs, len(codes)):
        total = 0.0
        for e in range(first_in[j], first_in[j + 1]):
            total += a[source[e]] * values[weight[e]]
        total += values[bias[j]]
        z[j] = total
        if codes[j] != 6:
            slope = values[alpha[j]] if alpha[j] >= 0 else alpha_constant[j]
            a[j] = _value(codes[j], total, slope)
    if soft_stop > soft_start:
        top = z[soft_start]
        for j in range(soft_start + 1, soft_stop):
            top = max(top, z[j])
        norm = 0.0
        for j in range(soft_start, soft_stop):
            a[j] = math.exp(z[j] - top)
            norm += a[j]
        for j in range(soft_start, soft_stop):
            a[j] = a[j] / norm


@njit(cache=True)
def _row_loss(loss, fused, y, a, outputs, scale, count, grad_a, grad_z):
    """This row's cost term; writes scale * dCost/da of the outputs into grad_a (or,
    fused softmax with cross-entropy, scale * dCost/dz into grad_z), with the 1/count
    of the batch mean, each product in the order losses.py takes it."""
    factor = 2.0 * (0.5 if loss == 0 else 1.0) * scale / count
    fused_factor = scale / count
    total = 0.0
    for k in range(len(outputs)):
        j = outputs[k]
        value, target = a[j], y[k]
        if loss <= 1:
            difference = value - target
            total += difference * difference
            grad_a[j] = difference * factor
        else:
            p = min(max(value, EPSILON), 1.0 - EPSILON)
            if loss == 2:
                total -= target * math.log(p) + (1.0 - target) * math.log(1.0 - p)
                grad_a[j] = (p - target) / (p * (1.0 - p)) / count * scale
            else:
                total -= target * math.log(p)
                if fused:
                    grad_z[j] = (value - target) * fused_factor
                else:
                    grad_a[j] = -target / p / count * scale
    return 0.5 * total if loss == 0 else total


@njit(cache=True)
def _backward(values, grads, first_in, source, weight, bias, alpha, alpha_constant, codes,
              soft_start, soft_stop, fused, inputs, z, a, grad_a, grad_z):  # fmt: skip
    """Add this row's dCost/dparameter into grads, from dCost/da of the outputs."""
    if soft_stop > soft_start and not fused:
        dot = 0.0
        for j in range(soft_start, soft_stop):
            dot += grad_a[j] * a[j]
        for j in range(soft_start, soft_stop):
            grad_z[j] = a[j] * (grad_a[j] - dot)
    for j in range(len(codes) - 1, inputs - 1, -1):
        upstream = grad_a[j]
        if alpha[j] >= 0:
            grads[alpha[j]] += upstream * min(z[j], 0.0)
        if codes[j] != 6:
            slope = values[alpha[j]] if alpha[j] >= 0 else alpha_constant[j]
            grad_z[j] = upstream * _slope(codes[j], z[j], a[j], slope)
        gz = grad_z[j]
        grads[bias[j]] += gz
        for e in range(first_in[j], first_in[j + 1]):
            s = source[e]
            grads[weight[e]] += a[s] * gz
            if s >= inputs:
                grad_a[s] += gz * values[weight[e]]


@njit(cache=True, nogil=True)
def batch_gradients(x, y, rows, values, grads, first_in, source, weight, bias, alpha,
                    alpha_constant, codes, outputs, touched, soft_start, soft_stop, loss,
                    fused, scale, z, a, grad_a, grad_z):  # fmt: skip
    """The mean cost of x[rows] against y[rows]; grads[touched] <- scale * dCost/dp."""
    for t in touched:
        grads[t] = 0.0
    count = len(rows)
    inputs = x.shape[1]
    cost = 0.0
    for r in rows:
        _forward(x[r], values, first_in, source, weight, bias, alpha, alpha_constant, codes,
                 soft_start, soft_stop, z, a)  # fmt: skip
        grad_a[:] = 0.0
        cost += _row_loss(loss, fused, y[r], a, outputs, scale, count, grad_a, grad_z)
        _backward(values, grads, first_in, source, weight, bias, alpha, alpha_constant, codes,
                  soft_start, soft_stop, fused, inputs, z, a, grad_a, grad_z)  # fmt: skip
    return cost / count


@njit(cache=True, nogil=True)
def predict_rows(x, values, first_in, source, weight, bias, alpha, alpha_constant, codes,
                 outputs, soft_start, soft_stop, z, a, out):  # fmt: skip
    """out[r, k] <- output k of row r."""
    for r in range(x.shape[0]):
        _forward(x[r], values, first_in, source, weight, bias, alpha, alpha_constant, codes,
                 soft_start, soft_stop, z, a)  # fmt: skip
        for k in range(len(outputs)):
            out[r, k] = a[outputs[k]]


@njit(cache=True, nogil=True)
def train_batches(x, y, order, batch, first, last, values, grads, first_in, source, weight,
                  bias, alpha, alpha_constant, codes, outputs, touched, trainable,
                  soft_start, soft_stop, loss, fused, optimizer, learning_rate, state,
                  hyper, adam_steps, z, a, grad_a, grad_z):  # fmt: skip
    """Batches [first, last) of an epoch (rows order[b·batch : (b+1)·batch]), each a
    gradient step on values[trainable] by optimizers.py's formulas. state[0] is the
    momentum velocity or Adam's first moment, state[1] Adam's second; hyper holds
    momentum's beta or Adam's (beta1, beta2, epsilon). Returns (sum of batch cost ·
    batch rows, batches done, the last batch's cost); it stops before the step of the
    first batch whose cost is not finite."""
    rows = len(order)
    total, cost = 0.0, 0.0
    scale = learning_rate if optimizer == 0 else 1.0
    for b in range(first, last):
        start = b * batch
        picked = order[start : min(start + batch, rows)]
        cost = batch_gradients(x, y, picked, values, grads, first_in, source, weight, bias,
                               alpha, alpha_constant, codes, outputs, touched, soft_start,
                               soft_stop, loss, fused, scale, z, a, grad_a, grad_z)  # fmt: skip
        if not math.isfinite(cost):
            return total, b - first, cost
        total += cost * len(picked)
        if optimizer == 0:
            for t in trainable:
                values[t] -= grads[t]
        elif optimizer == 1:
            velocity, beta = state[0], hyper[0]
            for t in trainable:
                velocity[t] = velocity[t] * beta + grads[t]
                values[t] -= learning_rate * velocity[t]
        else:
            adam_steps += 1
            first_moment, second_moment = state[0], state[1]
            beta1, beta2, epsilon = hyper[0], hyper[1], hyper[2]
            correction1 = 1.0 - beta1 ** float(adam_steps)
            correction2 = 1.0 - beta2 ** float(adam_steps)
            for t in trainable:
                g = grads[t]
                first_moment[t] = first_moment[t] * beta1 + (1.0 - beta1) * g
                second_moment[t] = second_moment[t] * beta2 + (1.0 - beta2) * g**2
                first_hat = first_moment[t] / correction1
                second_hat = second_moment[t] / correction2
                values[t] -= learning_rate * first_hat / (math.sqrt(second_hat) + epsilon)
    return total, last - first, cost
