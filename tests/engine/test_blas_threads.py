"""BLAS threads by the size of the training products."""

from threadpoolctl import threadpool_info

from nndesigner.engine.blas_threads import blas_threads, limited_threads
from nndesigner.engine.network import compile_network
from tests.engine.test_compiled_kernel import layered


def test_small_products_run_on_one_thread_and_large_ones_on_spare_cores():
    small = compile_network(layered((2, 64, 64, 1)))
    large = compile_network(layered((784, 1024, 10)))
    assert blas_threads(small, 32, cores=16) == 1
    assert blas_threads(large, 256, cores=16) == 4
    assert blas_threads(large, 256, cores=4) == 3
    assert blas_threads(large, 256, cores=2) == 1  # two cores: one is the window's
    assert blas_threads(large, 1, cores=16) == 1


def test_the_limit_holds_while_training_and_is_lifted_after():
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    with limited_threads(compile_network(layered((2, 8, 1))), 4):
        inside = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    after = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert inside and all(count == 1 for count in inside)
    assert after == before
