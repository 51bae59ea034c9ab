#!/usr/bin/env python3
"""The PyTorch side of `gradscope bench`, measured the same way, for side-by-side ratios.

Kernel shapes: an MLP of 8 inputs -> 1 output, MSE, SGD (lr 0.001), float64, one thread, every
layer's weight-gradient norm read every step; without shape options width 64, batch 64 at depths
1, 4, 16, 32, then width 256 and 1024 at depth 8, batch 256, each with sigmoid and relu; with
--width/--depth/--batch/--activation (comma-separated) every combination, the others defaulting
to width 64, depth 8, batch 256, sigmoid and relu. Timed and untimed steps per shape follow
`gradscope bench`'s rule (`timed_steps`, `warm_up_steps`); a non-finite loss is an error.
--gemm WIDTHS times instead the three products of a hidden layer's step (forward x W^T + b,
dW = dz^T x, dx = dz W) at each width and --batch (default 256), and a square torch.mm of each
width, as `gradscope bench --gemm` does. The sweep: sigmoid, tanh, relu x depths 1, 2, 4, 8, 16, 32; 5,120
examples with 20% held out; 20 epochs (1,280 steps a run); per-epoch validation loss; then two
figures (loss curves, gradient norm by layer) in light and dark PNG with matplotlib and an HTML
page with Jinja2, like `reports/benchmark-sweep.md`. A run stops at a non-finite loss, as
gradscope's do.

The data are synthetic (the same shape as gradscope's electricity set, not the same numbers), so
losses differ; the work per step does not. Needs torch (CPU build); the sweep also matplotlib and
jinja2 (`make bench-compare` installs them).

Usage: scripts/pytorch-baseline.py [--steps N] [--repetitions R] [--width N,..] [--depth N,..] [--batch N,..]
                                   [--activation A,..] [--gemm N,..] [--kernels-only] [--json]
"""
import argparse
import json
import math
import os
import shutil
import statistics
import tempfile
import time

import torch

INPUTS = 8
WIDTH, BATCH = 64, 64      # the sweep's network
LEARNING_RATE = 0.001      # gradscope's Bench.learningRate: deep relu stays finite
SWEEP_LEARNING_RATE = 0.05 # reports/benchmark-sweep.md's
PRODUCT_SECONDS = 0.25     # gradscope's Bench.productSeconds


def standard_shapes():
    """gradscope's Bench.standardShapes, in its order."""
    return [shape for a in ["sigmoid", "relu"]
            for shape in [(a, d, 64, 64) for d in [1, 4, 16, 32]] + [(a, 8, w, 256) for w in [256, 1024]]]


def step_flops(depth, width, batch):
    sizes = [INPUTS] + [width] * depth + [1]
    return sum((2.0 if l == 1 else 3.0) * 2 * batch * sizes[l - 1] * sizes[l] for l in range(1, len(sizes)))


def timed_steps(flops, steps):
    """gradscope's Bench.Shape.timedSteps."""
    if flops < 10e6:
        return steps
    return max(1, min(steps // 2, int((steps // 2) * 100e6 / flops)))


def warm_up_steps(timed):
    return min(100, max(1, timed // 4))


def mlp(depth, activation, width=WIDTH):
    act = {"sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}[activation]
    layers, fan_in = [], INPUTS
    for _ in range(depth):
        linear = torch.nn.Linear(fan_in, width)
        # gradscope's `auto` initialiser: He for relu, Xavier otherwise; biases zero.
        if activation == "relu":
            torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        else:
            torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers += [linear, act()]
        fan_in = width
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


def measure(activation, depth, width, batch, steps, repetitions):
    generator = torch.Generator().manual_seed(1)
    x, y = electricity_like(4096, generator)
    model = mlp(depth, activation, width)
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    train = 3276                          # gradscope's training split of 4,096 examples
    batches = train // batch
    step = 0

    def run(n):
        nonlocal step
        for _ in range(n):
            start = (step % batches) * batch
            loss, _ = train_step(model, weights, optimizer, x[start:start + batch], y[start:start + batch])
            step += 1
            if not math.isfinite(loss):
                raise SystemExit(f"{activation} depth {depth} width {width} batch {batch}: the loss became {loss} "
                                 f"at step {step}; the benchmark times finite training only")
        return loss

    run(warm_up_steps(steps))
    rates = []
    for _ in range(repetitions):
        begin = time.thread_time()
        loss = run(steps)
        rates.append(steps / (time.thread_time() - begin))
    rate = statistics.median(rates)
    return {"activation": activation, "depth": depth, "width": width, "batch": batch, "steps": steps,
            "repetitions": rates, "stepsPerSecond": rate, "gflops": step_flops(depth, width, batch) * rate / 1e9,
            "finalLoss": loss}


def measure_products(width, batch, repetitions):
    """Each product of a hidden layer's step alone, as `gradscope bench --gemm` times it."""
    generator = torch.Generator().manual_seed(1)
    normal = lambda *shape: torch.randn(*shape, generator=generator, dtype=torch.float64)
    w, b, x, dz = normal(width, width), normal(width), normal(batch, width), normal(batch, width)
    sa, sb = normal(width, width), normal(width, width)
    # Into preallocated outputs (as gradscope's are), so only the product is timed.
    out, grad, square = normal(batch, width), normal(width, width), normal(width, width)
    products = {
        "forward": (lambda: torch.addmm(b, x, w.t(), out=out), 2.0 * batch * width * width),
        "weightGradient": (lambda: torch.mm(dz.t(), x, out=grad), 2.0 * batch * width * width),
        "inputGradient": (lambda: torch.mm(dz, w, out=out), 2.0 * batch * width * width),
        "square": (lambda: torch.mm(sa, sb, out=square), 2.0 * width ** 3),
    }
    for run, _ in products.values():
        run()
    rates = {name: [] for name in products}
    with torch.no_grad():
        for _ in range(repetitions):
            for name, (run, flops) in products.items():
                begin, calls, seconds = time.thread_time(), 0, 0.0
                while calls < 2 or seconds < PRODUCT_SECONDS:
                    run()
                    calls += 1
                    seconds = time.thread_time() - begin
                rates[name].append(flops * calls / seconds / 1e9)
    return [{"product": name, "width": width, "batch": width if name == "square" else batch, "flops": flops,
             "repetitions": rates[name], "gflops": statistics.median(rates[name])} for name, (_, flops) in products.items()]


def sweep(folder):
    """The benchmark sweep notebook's 18 runs end to end (train, two figures in light and dark, a page),
    in `folder`; returns how many runs it trained."""
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
            optimizer = torch.optim.SGD(model.parameters(), lr=SWEEP_LEARNING_RATE)
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


def counts(value):
    return [int(v) for v in value.split(",")] if value else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--width")
    parser.add_argument("--depth")
    parser.add_argument("--batch")
    parser.add_argument("--activation")
    parser.add_argument("--gemm")
    parser.add_argument("--kernels-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)

    products = []
    for width in counts(args.gemm) or []:
        measured = measure_products(width, (counts(args.batch) or [256])[0], args.repetitions)
        products += measured
        if not args.json:
            print(f"width {width} (GFLOP/s): " + ", ".join(f"{m['product']} {m['gflops']:.1f}" for m in measured))
    if args.gemm:
        shapes_to_run = []
    elif any([args.width, args.depth, args.batch, args.activation]):
        shapes_to_run = [(a, d, w, b) for a in (args.activation.split(",") if args.activation else ["sigmoid", "relu"])
                         for d in counts(args.depth) or [8] for w in counts(args.width) or [64] for b in counts(args.batch) or [256]]
    else:
        shapes_to_run = standard_shapes()
    shapes = []
    for activation, depth, width, batch in shapes_to_run:
        m = measure(activation, depth, width, batch, timed_steps(step_flops(depth, width, batch), args.steps), args.repetitions)
        shapes.append(m)
        if not args.json:
            print(f"{activation} depth {depth} width {width} batch {batch}: {m['stepsPerSecond']:.3g} steps/s, {m['gflops']:.1f} GFLOP/s")
    timings = []
    if not args.kernels_only and not args.gemm:
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
        print(json.dumps({"pytorch": torch.__version__, "shapes": shapes, "products": products, "sweep": timings},
                         indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
