#!/usr/bin/env python3
"""The PyTorch side of `gradscope bench` (issue 6), measured the same way, for side-by-side ratios.

Kernel shapes: an MLP of width 64, 8 inputs -> 1 output, batch 64, MSE, SGD (lr 0.05), float64,
one thread, every layer's weight-gradient norm read every step; depths 1, 4, 16, 32 with sigmoid
and relu; `steps` timed steps after 100 untimed ones (half as many at depth 16 and 32, as
`gradscope bench` does). The sweep: sigmoid, tanh, relu x depths 1, 2, 4, 8, 16, 32; 5,120
examples with 20% held out; 20 epochs (1,280 steps a run); per-epoch validation loss; then two
figures (loss curves, gradient norm by layer) in light and dark PNG with matplotlib and an HTML
page with Jinja2, like `reports/benchmark-sweep.md`. A run stops at a non-finite loss, as
gradscope's do.

The data are synthetic (the same shape as gradscope's electricity set, not the same numbers), so
losses differ; the work per step does not. Needs torch (CPU build); the sweep also matplotlib and
jinja2 (`make bench-compare` installs them).

Usage: scripts/pytorch-baseline.py [--steps N] [--kernels-only] [--json]
"""
import argparse
import json
import math
import os
import shutil
import tempfile
import time

import torch

WIDTH, BATCH, INPUTS = 64, 64, 8


def mlp(depth, activation):
    act = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[activation]
    layers, fan_in = [], INPUTS
    for _ in range(depth):
        linear = torch.nn.Linear(fan_in, WIDTH)
        # gradscope's `auto` initialiser: He for relu, Xavier otherwise; biases zero.
        if activation == "relu":
            torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        else:
            torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers += [linear, act()]
        fan_in = WIDTH
    layers.append(torch.nn.Linear(fan_in, 1))
    return torch.nn.Sequential(*layers).double()


def electricity_like(samples, generator):
    x = torch.randn(samples, INPUTS, generator=generator, dtype=torch.float64)
    y = (torch.sin(x[:, :1] * 1.3) + 0.5 * x[:, 1:2] * x[:, 2:3] + 0.3 * torch.tanh(x[:, 3:4])
         + 0.1 * torch.randn(samples, 1, generator=generator, dtype=torch.float64))
    return x, (y - y.mean()) / y.std()


def train_step(model, weights, optimizer, x, y):
    optimizer.zero_grad(set_to_none=False)
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    norms = [w.grad.norm().item() for w in weights]   # read every step, as gradscope records them
    optimizer.step()
    return loss.item(), norms


def measure(depth, activation, steps, warmup=100):
    generator = torch.Generator().manual_seed(1)
    x, y = electricity_like(4096, generator)
    model = mlp(depth, activation)
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    batches = 4096 // BATCH

    def run(n):
        for s in range(n):
            start = (s % batches) * BATCH
            train_step(model, weights, optimizer, x[start:start + BATCH], y[start:start + BATCH])

    run(warmup)
    begin = time.perf_counter()
    run(steps)
    seconds = time.perf_counter() - begin
    sizes = [INPUTS] + [WIDTH] * depth + [1]
    flops = sum((2.0 if l == 1 else 3.0) * 2 * BATCH * sizes[l - 1] * sizes[l] for l in range(1, len(sizes)))
    return {"activation": activation, "depth": depth, "steps": steps, "seconds": seconds,
            "stepsPerSecond": steps / seconds, "gflops": flops * steps / seconds / 1e9}


def sweep(folder):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import jinja2

    generator = torch.Generator().manual_seed(1)
    x, y = electricity_like(5120, generator)
    train_x, train_y, val_x, val_y = x[:4096], y[:4096], x[4096:], y[4096:]
    activations, depths = ["sigmoid", "tanh", "relu"], [1, 2, 4, 8, 16, 32]
    runs = []
    for activation in activations:
        for depth in depths:
            torch.manual_seed(depth)
            model = mlp(depth, activation)
            weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
            optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
            losses, validation, layer_norms = [], [], []
            for _ in range(20):
                order = torch.randperm(4096, generator=generator)
                total, sums, diverged = 0.0, [0.0] * len(weights), False
                for start in range(0, 4096, BATCH):
                    rows = order[start:start + BATCH]
                    loss, norms = train_step(model, weights, optimizer, train_x[rows], train_y[rows])
                    if not math.isfinite(loss):
                        diverged = True
                        break
                    total += loss
                    sums = [a + b for a, b in zip(sums, norms)]
                if diverged:
                    break
                with torch.no_grad():
                    validation.append(torch.nn.functional.mse_loss(model(val_x), val_y).item())
                losses.append(total / (4096 // BATCH))
                layer_norms = [s / (4096 // BATCH) for s in sums]
            runs.append({"activation": activation, "depth": depth, "losses": losses,
                         "validation": validation, "norms": layer_norms})

    def draw(key, xlabel, ylabel, name):
        """One panel per activation, one line per depth, log y; saved as PNG at 200 dpi."""
        fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), sharey=True)
        for ax, activation in zip(axes, activations):
            for run in (r for r in runs if r["activation"] == activation and r[key]):
                ax.plot(range(1, len(run[key]) + 1), run[key], marker="o", markersize=2, label=f"depth {run['depth']}")
            ax.set_yscale("log"); ax.set_title(activation); ax.set_xlabel(xlabel)
        axes[0].set_ylabel(ylabel); axes[-1].legend(fontsize=7)
        fig.tight_layout(); fig.savefig(os.path.join(folder, name), dpi=200); plt.close(fig)
        return name

    figures = []
    for style, suffix in [("default", ""), ("dark_background", ".dark")]:
        with plt.style.context(style):
            figures.append(draw("losses", "epoch", "training loss", f"loss-curves{suffix}.png"))
            figures.append(draw("norms", "layer", "mean ‖∂L/∂W‖, last epoch", f"gradient-by-layer{suffix}.png"))

    page = jinja2.Template("""<!doctype html><html lang="en"><meta charset="utf-8"><title>Benchmark sweep</title>
<h1>Benchmark sweep</h1>
{% for f in figures if '.dark' not in f %}<img src="{{ f }}" alt="{{ f }}">{% endfor %}
<table><tr><th>activation</th><th>depth</th><th>final validation loss</th></tr>
{% for r in runs %}<tr><td>{{ r.activation }}</td><td>{{ r.depth }}</td><td>{{ r.validation[-1] if r.validation else 'diverged' }}</td></tr>{% endfor %}
</table></html>""").render(figures=figures, runs=runs)
    with open(os.path.join(folder, "index.html"), "w") as out:
        out.write(page)
    return len(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--kernels-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)

    shapes = []
    for activation in ["sigmoid", "relu"]:
        for depth in [1, 4, 16, 32]:
            m = measure(depth, activation, args.steps // 2 if depth >= 16 else args.steps)
            shapes.append(m)
            if not args.json:
                print(f"{activation} depth {depth}: {m['stepsPerSecond']:.0f} steps/s, {m['gflops']:.1f} GFLOP/s")
    timings = []
    if not args.kernels_only:
        folder = tempfile.mkdtemp(prefix="pytorch-sweep-")
        try:
            begin = time.perf_counter()
            count = sweep(folder)
            seconds = time.perf_counter() - begin
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        timings.append({"jobs": 1, "seconds": seconds, "runs": count})
        if not args.json:
            print(f"benchmark sweep: {seconds:.2f} s for {count} runs (train, charts, HTML)")
    if args.json:
        print(json.dumps({"pytorch": torch.__version__, "shapes": shapes, "sweep": timings}, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
