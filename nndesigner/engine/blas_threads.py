"""How many BLAS threads the training thread uses: by the size of its products.

On the small networks people draw, a product of one batch takes microseconds; splitting
it across threads costs more than it saves, and on a busy machine a second thread that
waits for a core stalls every product (measured on 2 cores: two threads ran the medium
benchmark at 0.19x one thread under load, and made the window's event loop lag by
65-74 ms at the 99th percentile where one thread gave 37 ms). So training runs on one
BLAS thread unless a level's product is large and there are cores to spare beside the
window's own.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager

from threadpoolctl import threadpool_limits

from nndesigner.engine.network import CompiledNetwork

# Multiply-adds of one level's product for one batch from which more threads may pay.
PARALLEL_PRODUCT = 1 << 24
# Cores kept free for the window and the rest of the machine.
SPARE_CORES = 1


def blas_threads(network: CompiledNetwork, batch: int, cores: int | None = None) -> int:
    """1, or (cores − SPARE_CORES, at most 4) when the largest level's product
    batch × sources × width reaches PARALLEL_PRODUCT and at least 4 cores exist."""
    cores = cores or os.cpu_count() or 1
    largest = max((level.weights.value.size for level in network.levels), default=0)
    if cores < 4 or batch * largest < PARALLEL_PRODUCT:
        return 1
    return min(cores - SPARE_CORES, 4)


def limited_threads(network: CompiledNetwork, batch: int) -> AbstractContextManager:
    """BLAS limited to `blas_threads(network, batch)` while the context lasts."""
    return threadpool_limits(limits=blas_threads(network, batch), user_api="blas")
