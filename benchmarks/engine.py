"""Training speed of the engine against scikit-learn and PyTorch CPU, same data and SGD.

Each config trains the same network with plain SGD (no momentum, constant learning
rate) for a fixed number of epochs; the figure is rows per second, the median of several
runs. In every run each job runs once, in turn (interleaved): nndesigner as it chooses
its kernel ("kernel" says which ran), the NumPy kernel forced ("numpy_kernel"), and the
peers. Every library runs on one thread (threadpoolctl for BLAS, torch.set_num_threads).

Run: .venv/bin/python benchmarks/engine.py [--json] [--runs N] [--only NAME,...]
Peers come from the `bench` extra (scikit-learn) and `reference` (torch).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nndesigner.engine import kernel_choice, kernel_warm_up  # noqa: E402
from nndesigner.engine.data_split import prepare_data
from nndesigner.engine.initialization import initialize  # noqa: E402
from nndesigner.engine.network import compile_network  # noqa: E402
from nndesigner.engine.spec import NetworkSpec, NeuronSpec, SynapseSpec  # noqa: E402
from nndesigner.engine.training import TrainingSettings, train


@dataclass(frozen=True)
class Config:
    name: str
    sizes: tuple[int, ...]
    hidden: str
    output: str
    batch: int
    rows: int
    epochs: int
    classes: int = 0
    # "sparse": half the synapses dropped at random, plus input skip links.
    sparse: bool = False
    # The share of hidden-to-hidden synapses kept (1 = fully connected).
    density: float = 1.0
    # A random DAG (`dag_spec`) of sizes[1] hidden neurons instead of layers.
    dag: bool = False


CONFIGS = [
    Config("tiny", (2, 8, 8, 1), "tanh", "linear", 10, 2000, 20),
    Config("small", (2, 64, 64, 1), "relu", "linear", 32, 10000, 5),
    Config("online", (4, 16, 1), "sigmoid", "linear", 1, 2000, 3),
    Config("medium", (784, 256, 256, 10), "relu", "softmax", 128, 4096, 4, classes=10),
    Config("sparse", (2, 64, 64, 1), "relu", "linear", 32, 10000, 5, sparse=True),
    Config("sparse1", (2, 512, 512, 1), "relu", "linear", 32, 2000, 2, density=0.01),
    Config("dag", (2, 2000, 1), "tanh", "linear", 32, 1000, 1, density=0.02, dag=True),
    Config("chain", (2,) + (4,) * 200 + (1,), "tanh", "linear", 1, 300, 1),
]


def make_data(config: Config) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    inputs = rng.normal(size=(config.rows, config.sizes[0]))
    if config.classes:
        labels = rng.integers(0, config.classes, config.rows)
        return inputs, np.eye(config.classes)[labels]
    return inputs, np.sin(inputs.sum(axis=1, keepdims=True))


def dag_spec(config: Config) -> NetworkSpec:
    """sizes[0] inputs, sizes[1] hidden neurons and sizes[-1] outputs; each hidden and
    output neuron takes every earlier input or hidden neuron as a source with
    probability `density` (at least one), so skip links span the whole depth."""
    rng = np.random.default_rng(1)
    inputs, hidden, outputs = config.sizes
    neurons = [NeuronSpec(f"i{k}", "input", "linear") for k in range(inputs)]
    neurons += [NeuronSpec(f"h{k}", "hidden", config.hidden) for k in range(hidden)]
    neurons += [NeuronSpec(f"o{k}", "output", config.output) for k in range(outputs)]
    synapses = []
    for index in range(inputs, len(neurons)):
        earlier = min(index, inputs + hidden)
        chosen = np.flatnonzero(rng.random(earlier) < config.density)
        for source in chosen if len(chosen) else [int(rng.integers(earlier))]:
            synapses.append(SynapseSpec(f"s{len(synapses)}", neurons[source].id, neurons[index].id))
    return NetworkSpec.from_records(tuple(neurons), tuple(synapses))


def make_spec(config: Config) -> NetworkSpec:
    """Layered; `sparse` drops half the synapses at random and adds input skip links;
    `density` keeps that share of the hidden-to-hidden synapses (each neuron keeps one)."""
    if config.dag:
        return dag_spec(config)
    rng = np.random.default_rng(1)
    neurons, layers, synapses = [], [], []
    for depth, size in enumerate(config.sizes):
        role = "input" if depth == 0 else "output" if depth == len(config.sizes) - 1 else "hidden"
        activation = {"input": "linear", "hidden": config.hidden, "output": config.output}[role]
        ids = [f"l{depth}n{k}" for k in range(size)]
        neurons += [NeuronSpec(i, role, activation) for i in ids]
        layers.append(ids)
    for depth, (sources, targets) in enumerate(zip(layers, layers[1:], strict=False)):
        thinned = config.density < 1 and 0 < depth < len(layers) - 2
        for target in targets:
            if thinned:
                kept = [s for s in sources if rng.random() < config.density]
                kept = kept or [sources[int(rng.integers(len(sources)))]]
            else:
                kept = [s for s in sources if not config.sparse or rng.random() < 0.5]
            synapses += [
                SynapseSpec(f"s{len(synapses) + k}", s, target) for k, s in enumerate(kept)
            ]
    if config.sparse:
        for target in layers[2]:
            for source in layers[0]:
                synapses.append(SynapseSpec(f"s{len(synapses)}", source, target))
    return NetworkSpec.from_records(tuple(neurons), tuple(synapses))


def nndesigner_rate(config: Config, inputs, targets, dtype: str, kernel: str = "auto") -> float:
    """Rows per second of `train` with `kernel` ("auto": the engine's own choice)."""
    network = compile_network(make_spec(config))
    initialize(network, "xavier", seed=0)
    loss = "cross_entropy" if config.classes else "mse"
    settings = TrainingSettings(
        epochs=config.epochs, learning_rate=0.01, batch_size=config.batch, loss=loss,
        standardize_inputs=False, shuffle=True, **({"dtype": dtype} if dtype != "float64" else {}),
    )  # fmt: skip
    data = prepare_data(inputs, targets, settings)
    network.cast(settings.dtype)
    start = time.perf_counter()
    for _ in train(network, data, settings, None, kernel):
        pass
    return config.rows * config.epochs / (time.perf_counter() - start)


def chosen_kernel(config: Config, dtype: str) -> str:
    """Which kernel "auto" trains `config` with (compiled: once it is compiled)."""
    network = compile_network(make_spec(config))
    network.cast(dtype)
    kernel = kernel_choice.make_kernel(network, network.flatten(), config.batch, wait=True)
    return kernel.name


def sklearn_rate(config: Config, inputs, targets) -> float | None:
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier, MLPRegressor
    except ImportError:
        return None
    kind = MLPClassifier if config.classes else MLPRegressor
    activation = {"sigmoid": "logistic"}.get(config.hidden, config.hidden)
    model = kind(
        hidden_layer_sizes=config.sizes[1:-1], activation=activation,
        solver="sgd", learning_rate_init=0.01, momentum=0.0, batch_size=config.batch,
        max_iter=config.epochs, tol=0.0, n_iter_no_change=10**9, shuffle=True, random_state=0,
    )  # fmt: skip
    y = targets.argmax(axis=1) if config.classes else targets[:, 0]
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(inputs, y)
    return config.rows * config.epochs / (time.perf_counter() - start)


def torch_rate(config: Config, inputs, targets, dtype: str) -> float | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch_dtype = torch.float32 if dtype == "float32" else torch.float64
    layers = []
    for fan_in, fan_out in zip(config.sizes, config.sizes[1:], strict=False):
        layers.append(torch.nn.Linear(fan_in, fan_out, dtype=torch_dtype))
        activation = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}
        layers.append(activation[config.hidden]())
    layers.pop()
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.tensor(inputs, dtype=torch_dtype)
    if config.classes:
        y = torch.tensor(targets.argmax(axis=1))
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        y = torch.tensor(targets, dtype=torch_dtype)
        loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    for _ in range(config.epochs):
        order = torch.randperm(config.rows, generator=generator)
        for first in range(0, config.rows, config.batch):
            batch = order[first : first + config.batch]
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
    return config.rows * config.epochs / (time.perf_counter() - start)


def gemm_ceiling_rate(config: Config, dtype: str) -> float:
    """Rows per second if a batch cost nothing but its matrix products: per layer the
    forward X @ W, the weight gradient X^T @ G and (past the first) the backward G @ W^T,
    with batch arrays neuron-major as the engine keeps them (its fastest layout here)."""
    rng = np.random.default_rng(0)
    shapes = list(zip(config.sizes, config.sizes[1:], strict=False))

    def batch_array(columns: int) -> np.ndarray:
        return np.asfortranarray(rng.normal(size=(config.batch, columns)).astype(dtype))

    inputs = [batch_array(m) for m, _ in shapes]
    grads = [batch_array(n) for _, n in shapes]
    weights = [rng.normal(size=(m, n)).astype(dtype) for m, n in shapes]
    outputs = [batch_array(n) for _, n in shapes]
    weight_grads = [np.empty_like(w) for w in weights]
    back = [np.empty_like(x) for x in inputs]
    batches = max(1, config.rows // config.batch)
    start = time.perf_counter()
    for _ in range(batches):
        for layer, (x, g, w) in enumerate(zip(inputs, grads, weights, strict=True)):
            np.matmul(x, w, out=outputs[layer])
            np.matmul(x.T, g, out=weight_grads[layer])
            if layer:
                np.matmul(g, w.T, out=back[layer])
    return batches * config.batch / (time.perf_counter() - start)


def measure(config: Config, runs: int) -> dict:
    """Rows per second (medians, and each job's spread as max/min) of the engine, the
    NumPy kernel and the peers for `config`, the jobs interleaved in every run."""
    inputs, targets = make_data(config)
    dtype = "float32" if config.name == "medium" else "float64"
    jobs = {
        "nndesigner": lambda: nndesigner_rate(config, inputs, targets, dtype),
        "numpy_kernel": lambda: nndesigner_rate(config, inputs, targets, dtype, "numpy"),
    }
    if config.sparse or config.density < 1 and not config.dag:
        dense = Config(**{**config.__dict__, "sparse": False, "density": 1.0})
        name = "dense_self" if config.sparse else "dense"
        jobs[name] = lambda: nndesigner_rate(dense, inputs, targets, dtype, "numpy")
    elif not config.dag:
        jobs["sklearn"] = lambda: sklearn_rate(config, inputs, targets)
        jobs["torch"] = lambda: torch_rate(config, inputs, targets, dtype)
    if config.name == "medium":
        jobs["gemm_ceiling"] = lambda: gemm_ceiling_rate(config, dtype)
    measured: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            rate = job()
            if rate is not None:
                measured[name].append(rate)
    entry: dict = {"name": config.name, "dtype": dtype, "threads": 1}
    entry["kernel"] = chosen_kernel(config, dtype)
    entry["synapses"] = len(make_spec(config).synapses)
    for name, rates in measured.items():
        if rates:
            entry[name] = statistics.median(rates)
            entry.setdefault("spread", {})[name] = round(max(rates) / min(rates), 2)
    return entry


def main() -> None:
    threadpool_limits(1)
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    chosen = [c for c in CONFIGS if not args.only or c.name in args.only.split(",")]
    kernel_warm_up.WARM_UP.wait()  # compile before any clock starts
    results = []
    for config in chosen:
        entry = measure(config, args.runs)
        results.append(entry)
        if not args.json:
            peers = "  ".join(
                f"{k} {v:,.0f} ({entry['nndesigner'] / v:.2f}x)"
                for k, v in entry.items()
                if k in ("numpy_kernel", "sklearn", "torch", "dense", "dense_self", "gemm_ceiling")
                and v
            )
            ours = f"nndesigner ({entry['kernel']}) {entry['nndesigner']:,.0f} rows/s"
            print(f"{config.name:7s} {entry['dtype']}: {ours}  {peers}")
    if args.json:
        print(json.dumps({"configs": results}))


if __name__ == "__main__":
    main()
