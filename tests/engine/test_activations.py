"""Every activation's derivative agrees with finite differences of its value."""

import math

import numpy as np
import pytest

from nndesigner.engine.activations import ACTIVATIONS, alpha_gradient, get_activation

SMOOTH_POINTS = np.array([[-2.5, -0.7, -0.01, 0.03, 0.9, 3.1]])


# Step's derivative is straight-through by design; it has its own test below.
ELEMENTWISE = [name for name, a in ACTIVATIONS.items() if not a.joint and name != "step"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name):
    activation = get_activation(name)
    alpha = np.full(SMOOTH_POINTS.shape[1], 0.2)
    h = 1e-6
    numeric = (
        activation.value(SMOOTH_POINTS + h, alpha) - activation.value(SMOOTH_POINTS - h, alpha)
    ) / (2 * h)
    np.testing.assert_allclose(activation.derivative(SMOOTH_POINTS, alpha), numeric, rtol=1e-6)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_in_place_forms_equal_the_plain_ones(name):
    activation = get_activation(name)
    alpha = np.full(SMOOTH_POINTS.shape[1], 0.2)
    upstream = np.linspace(-1.0, 1.0, SMOOTH_POINTS.size).reshape(SMOOTH_POINTS.shape)
    a = np.full_like(SMOOTH_POINTS, np.nan)
    activation.apply(SMOOTH_POINTS, alpha, a)
    np.testing.assert_array_equal(a, activation.value(SMOOTH_POINTS, alpha))
    grad_z = np.full_like(SMOOTH_POINTS, np.nan)
    activation.backward(SMOOTH_POINTS, a, alpha, upstream, grad_z)
    expected = activation.vector_jacobian(SMOOTH_POINTS, a, alpha, upstream)
    np.testing.assert_allclose(grad_z, expected, rtol=1e-15)


def test_step_is_threshold_with_straight_through_derivative():
    step = get_activation("step")
    z = np.array([[-1.0, 0.0, 2.0]])
    assert step.value(z, np.zeros(3)).tolist() == [[0.0, 1.0, 1.0]]
    assert step.derivative(z, np.zeros(3)).tolist() == [[1.0, 1.0, 1.0]]


def test_softmax_vector_jacobian_matches_finite_differences():
    softmax = get_activation("softmax")
    rng = np.random.default_rng(0)
    z = rng.standard_normal((3, 4))
    upstream = rng.standard_normal((3, 4))
    a = softmax.value(z, np.zeros(4))
    analytic = softmax.vector_jacobian(z, a, np.zeros(4), upstream)
    numeric = np.zeros_like(z)
    h = 1e-6
    for index in np.ndindex(z.shape):
        shifted = z.copy()
        shifted[index] += h
        plus = np.sum(upstream * softmax.value(shifted, np.zeros(4)))
        shifted[index] -= 2 * h
        minus = np.sum(upstream * softmax.value(shifted, np.zeros(4)))
        numeric[index] = (plus - minus) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-10)


def test_softmax_rows_sum_to_one_even_for_huge_inputs():
    a = get_activation("softmax").value(np.array([[1000.0, 0.0, -1000.0]]), np.zeros(3))
    assert np.isfinite(a).all()
    assert a.sum() == pytest.approx(1.0)


def test_a_saturated_sigmoid_keeps_full_precision():
    z = np.array([[-36.0, -20.0, -8.0, -1e-9, 0.0, 3.0, 30.0]])
    exact = [math.exp(v) / (1.0 + math.exp(v)) if v < 0 else 1.0 / (1.0 + math.exp(-v))
             for v in z[0]]  # fmt: skip
    np.testing.assert_allclose(get_activation("sigmoid").value(z, None)[0], exact, rtol=1e-15)


def test_sigmoid_does_not_overflow():
    a = get_activation("sigmoid").value(np.array([[-800.0, 800.0]]), np.zeros(2))
    assert a.tolist() == [[0.0, 1.0]]


def test_prelu_alpha_gradient_matches_finite_differences():
    prelu = get_activation("prelu")
    z = SMOOTH_POINTS
    upstream = np.linspace(-1, 1, z.shape[1])[None, :]
    alpha = np.full(z.shape[1], 0.25)
    h = 1e-6
    numeric = (
        np.sum(upstream * prelu.value(z, alpha + h), axis=0)
        - np.sum(upstream * prelu.value(z, alpha - h), axis=0)
    ) / (2 * h)
    np.testing.assert_allclose(alpha_gradient(z, upstream), numeric, atol=1e-9)


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*sigmoid"):
        get_activation("swish")
