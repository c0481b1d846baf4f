"""The compiled kernel's loops (numba): over the synapse list, a block of rows at a time.

Each formula is the NumPy engine's, written per element, so the two kernels agree to
rounding (about 1e-15 relative: sums run in another order, and tanh is computed from
expm1, twice as fast as libm's tanh here and as exact). Inside a call the weights are
held in synapse order (`w`, `gw`), so the inner loops read them in sequence. Work per
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

import numpy as np
from numba import njit

from nndesigner.engine.losses import EPSILON  # probabilities clip to [EPSILON, 1 - EPSILON]


@njit(cache=True)
def _tanh(z: float) -> float:
    """tanh z = expm1(2z) / (expm1(2z) + 2); exactly ±1 beyond |z| > 20, as libm."""
    if z > 20.0:
        return 1.0
    if z < -20.0:
        return -1.0
    e = math.expm1(2.0 * z)
    return e / (e + 2.0)


@njit(cache=True)
def _value(code: int, z: float, alpha: float) -> float:
    """a = f(z) for activation `code` (see synapse_list.ACTIVATION_CODES)."""
    if code == 2:  # the sigmoid as activations._sigmoid_into computes it
        e = math.exp(-abs(z))
        return 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    if code == 3:
        return _tanh(z)
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
def _forward(x, rows, w, values, first_in, source, bias, alpha, alpha_constant, codes,
             soft_start, soft_stop, z, a):  # fmt: skip
    """Fill z[:, r] and a[:, r] for row x[rows[r]] of the block (neuron-major, so every
    synapse's work is one pass over the block's rows)."""
    count, inputs = len(rows), x.shape[1]
    for r in range(count):
        for j in range(inputs):
            a[j, r] = x[rows[r], j]
    # 2-D indexing throughout: a row view (z[j]) would cost a reference count per use.
    for j in range(inputs, len(codes)):
        for r in range(count):
            z[j, r] = 0.0
        if count == 1:  # one row (online SGD): no loop set-up per synapse
            total = 0.0
            for e in range(first_in[j], first_in[j + 1]):
                total += a[source[e], 0] * w[e]
            z[j, 0] = total
        else:
            for e in range(first_in[j], first_in[j + 1]):
                s, weight_e = source[e], w[e]
                for r in range(count):
                    z[j, r] += a[s, r] * weight_e
        b = values[bias[j]]
        code = codes[j]
        slope = values[alpha[j]] if alpha[j] >= 0 else alpha_constant[j]
        for r in range(count):
            z[j, r] += b
            if code != 6:
                a[j, r] = _value(code, z[j, r], slope)
    if soft_stop > soft_start:
        for r in range(count):
            top = z[soft_start, r]
            for j in range(soft_start + 1, soft_stop):
                top = max(top, z[j, r])
            norm = 0.0
            for j in range(soft_start, soft_stop):
                a[j, r] = math.exp(z[j, r] - top)
                norm += a[j, r]
            for j in range(soft_start, soft_stop):
                a[j, r] = a[j, r] / norm


@njit(cache=True)
def _block_loss(loss, fused, y, rows, a, outputs, scale, count, grad_a, grad_z):
    """The block's cost terms; writes scale * dCost/da of the outputs into grad_a (or,
    fused softmax with cross-entropy, scale * dCost/dz into grad_z), with the 1/count
    of the batch mean, each product in the order losses.py takes it."""
    factor = 2.0 * (0.5 if loss == 0 else 1.0) * scale / count
    fused_factor = scale / count
    total = 0.0
    for r in range(len(rows)):
        for k in range(len(outputs)):
            j = outputs[k]
            value, target = a[j, r], y[rows[r], k]
            if loss <= 1:
                difference = value - target
                total += difference * difference
                grad_a[j, r] = difference * factor
            else:
                p = min(max(value, EPSILON), 1.0 - EPSILON)
                if loss == 2:
                    total -= target * math.log(p) + (1.0 - target) * math.log(1.0 - p)
                    grad_a[j, r] = (p - target) / (p * (1.0 - p)) / count * scale
                else:
                    total -= target * math.log(p)
                    if fused:
                        grad_z[j, r] = (value - target) * fused_factor
                    else:
                        grad_a[j, r] = -target / p / count * scale
    return 0.5 * total if loss == 0 else total


@njit(cache=True)
def _backward(count, w, gw, values, grads, first_in, source, bias, alpha, alpha_constant,
              codes, soft_start, soft_stop, fused, inputs, z, a, grad_a, grad_z):  # fmt: skip
    """Add the block's dCost/dw into gw and dCost/d(bias, alpha) into grads, from
    dCost/da of the outputs (rows 0..count of the block)."""
    if soft_stop > soft_start and not fused:
        for r in range(count):
            dot = 0.0
            for j in range(soft_start, soft_stop):
                dot += grad_a[j, r] * a[j, r]
            for j in range(soft_start, soft_stop):
                grad_z[j, r] = a[j, r] * (grad_a[j, r] - dot)
    for j in range(len(codes) - 1, inputs - 1, -1):
        code = codes[j]
        if alpha[j] >= 0:
            for r in range(count):
                grads[alpha[j]] += grad_a[j, r] * min(z[j, r], 0.0)
        slope = values[alpha[j]] if alpha[j] >= 0 else alpha_constant[j]
        bias_grad = 0.0
        nothing = True
        for r in range(count):
            if code != 6:
                grad_z[j, r] = grad_a[j, r] * _slope(code, z[j, r], a[j, r], slope)
            bias_grad += grad_z[j, r]
            nothing = nothing and grad_z[j, r] == 0.0
        if nothing:
            continue  # a ReLU that is off, a saturated unit: nothing flows back
        grads[bias[j]] += bias_grad
        if count == 1:
            gz = grad_z[j, 0]
            for e in range(first_in[j], first_in[j + 1]):
                s = source[e]
                gw[e] += a[s, 0] * gz
                grad_a[s, 0] += gz * w[e]
            continue
        for e in range(first_in[j], first_in[j + 1]):
            s, weight_e = source[e], w[e]
            # The sum over rows in four parts, so the additions need not wait in turn.
            t0 = t1 = t2 = t3 = 0.0
            r = 0
            while r + 4 <= count:
                t0 += a[s, r] * grad_z[j, r]
                t1 += a[s, r + 1] * grad_z[j, r + 1]
                t2 += a[s, r + 2] * grad_z[j, r + 2]
                t3 += a[s, r + 3] * grad_z[j, r + 3]
                r += 4
            while r < count:
                t0 += a[s, r] * grad_z[j, r]
                r += 1
            gw[e] += (t0 + t1) + (t2 + t3)
            for r in range(count):
                grad_a[s, r] += grad_z[j, r] * weight_e


@njit(cache=True)
def _gradients(x, y, rows, w, gw, values, grads, first_in, source, bias, alpha,
               alpha_constant, codes, outputs, others, soft_start, soft_stop, loss, fused,
               scale, z, a, grad_a, grad_z):  # fmt: skip
    """The mean cost of x[rows] against y[rows], in blocks of the buffers' width;
    gw <- scale * dCost/dw and grads[others] <- scale * dCost/d(bias, alpha)."""
    gw[:] = 0.0
    for t in others:
        grads[t] = 0.0
    count, block = len(rows), z.shape[1]
    inputs = x.shape[1]
    cost = 0.0
    for start in range(0, count, block):
        part = rows[start : start + block]
        size = len(part)
        _forward(x, part, w, values, first_in, source, bias, alpha, alpha_constant, codes,
                 soft_start, soft_stop, z, a)  # fmt: skip
        for j in range(grad_a.shape[0]):
            for r in range(size):
                grad_a[j, r] = 0.0
        cost += _block_loss(loss, fused, y, part, a, outputs, scale, count, grad_a, grad_z)
        _backward(size, w, gw, values, grads, first_in, source, bias, alpha, alpha_constant,
                  codes, soft_start, soft_stop, fused, inputs, z, a, grad_a, grad_z)  # fmt: skip
    return cost / count


@njit(cache=True, nogil=True)
def batch_gradients(x, y, rows, values, grads, first_in, source, weight, bias, alpha,
                    alpha_constant, codes, outputs, others, soft_start, soft_stop, loss,
                    fused, scale, z, a, grad_a, grad_z):  # fmt: skip
    """The mean cost of x[rows] against y[rows]; every gradient a synapse, bias or alpha
    has is set to scale * dCost/dp."""
    w = values[weight]
    gw = np.empty_like(w)
    cost = _gradients(x, y, rows, w, gw, values, grads, first_in, source, bias, alpha,
                      alpha_constant, codes, outputs, others, soft_start, soft_stop, loss,
                      fused, scale, z, a, grad_a, grad_z)  # fmt: skip
    grads[weight] = gw
    return cost


@njit(cache=True, nogil=True)
def predict_rows(x, values, first_in, source, weight, bias, alpha, alpha_constant, codes,
                 outputs, soft_start, soft_stop, z, a, out):  # fmt: skip
    """out[r, k] <- output k of row r."""
    w = values[weight]
    block = z.shape[1]
    for start in range(0, x.shape[0], block):
        part = np.arange(start, min(start + block, x.shape[0]))
        _forward(x, part, w, values, first_in, source, bias, alpha, alpha_constant, codes,
                 soft_start, soft_stop, z, a)  # fmt: skip
        for r in range(len(part)):
            for k in range(len(outputs)):
                out[start + r, k] = a[outputs[k], r]


@njit(cache=True)
def _step(optimizer, values, grads, first, second, index, learning_rate, hyper,
          correction1, correction2):  # fmt: skip
    """One optimizer step on values[index] (optimizers.py's formulas): SGD with the
    learning rate already in grads; momentum with first as its velocity; Adam with its
    moments and bias corrections."""
    if optimizer == 0:
        for t in index:
            values[t] -= grads[t]
    elif optimizer == 1:
        beta = hyper[0]
        for t in index:
            first[t] = first[t] * beta + grads[t]
            values[t] -= learning_rate * first[t]
    else:
        beta1, beta2, epsilon = hyper[0], hyper[1], hyper[2]
        for t in index:
            g = grads[t]
            first[t] = first[t] * beta1 + (1.0 - beta1) * g
            second[t] = second[t] * beta2 + (1.0 - beta2) * g**2
            first_hat = first[t] / correction1
            second_hat = second[t] / correction2
            values[t] -= learning_rate * first_hat / (math.sqrt(second_hat) + epsilon)


@njit(cache=True, nogil=True)
def train_batches(x, y, order, batch, first, last, values, grads, first_in, source, weight,
                  bias, alpha, alpha_constant, codes, outputs, others, trainable_synapses,
                  trainable_others, soft_start, soft_stop, loss, fused, optimizer,
                  learning_rate, state, hyper, adam_steps, l2, l1, z, a, grad_a,
                  grad_z):  # fmt: skip
    """Batches [first, last) of an epoch (rows order[b·batch : (b+1)·batch]), each with
    an optimizer step (`_step`) on the synapses and the flat indices that train, the
    synapses' gradients first given the penalty's, scale · (l2 · w + l1 · sign w). state
    holds the optimizer's two flat arrays (momentum's velocity; Adam's moments); hyper
    momentum's beta or Adam's (beta1, beta2, epsilon). Returns (sum of batch cost ·
    batch rows, batches done, the last batch's cost); it stops before the step of the
    first batch whose cost is not finite."""
    w = values[weight]
    gw = np.empty_like(w)
    # The optimizer's state of the synapses, in synapse order too (SGD has none).
    first_w = state[0][weight] if optimizer >= 1 else np.empty(0)
    second_w = state[1][weight] if optimizer == 2 else np.empty(0)
    rows = len(order)
    total, cost, done = 0.0, 0.0, 0
    scale = learning_rate if optimizer == 0 else 1.0
    for b in range(first, last):
        start = b * batch
        picked = order[start : min(start + batch, rows)]
        cost = _gradients(x, y, picked, w, gw, values, grads, first_in, source, bias, alpha,
                          alpha_constant, codes, outputs, others, soft_start, soft_stop, loss,
                          fused, scale, z, a, grad_a, grad_z)  # fmt: skip
        if not math.isfinite(cost):
            break
        total += cost * len(picked)
        if l2 != 0.0 or l1 != 0.0:
            for t in trainable_synapses:
                gw[t] += scale * (l2 * w[t] + l1 * np.sign(w[t]))
        correction1 = 1.0 - hyper[0] ** float(adam_steps + done + 1)
        correction2 = 1.0 - hyper[1] ** float(adam_steps + done + 1)
        _step(optimizer, w, gw, first_w, second_w, trainable_synapses, learning_rate, hyper,
              correction1, correction2)  # fmt: skip
        _step(optimizer, values, grads, state[0], state[1], trainable_others, learning_rate,
              hyper, correction1, correction2)  # fmt: skip
        done += 1
    values[weight] = w
    grads[weight] = gw
    if optimizer >= 1:
        state[0][weight] = first_w
    if optimizer == 2:
        state[1][weight] = second_w
    return total, done, cost
