#!/usr/bin/env python3
"""gradscope bench and the PyTorch baseline side by side on this machine, as ratios.

Each of `--rounds` rounds runs `scripts/pytorch-baseline.py --json` and `gradscope bench --json` one
after the other on the same shapes and steps (the standard ones, or those of --width/--depth/
--batch/--activation), then both with `--gemm` on the products of a step and a square product of
each of --gemm's widths (torch.mm, float64, one thread, against gradscope's own). It prints the
median steps/s of each shape, the median GFLOP/s of each product and the median sweep time of
each side, with gradscope / PyTorch ratios. A noisy machine moves both sides; medians over rounds
and the ratio of the two are what to quote.

Usage: scripts/bench-compare.py [--binary .build/release/gradscope] [--steps N] [--rounds R]
                                [--width N,..] [--depth N,..] [--batch N,..] [--activation A,..]
                                [--gemm N,.. | --gemm none] [--gemm-batch N] [--kernels-only] [--json]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run_json(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/gradscope")
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    for option in ["width", "depth", "batch", "activation"]:
        parser.add_argument(f"--{option}")
    parser.add_argument("--gemm", default="64,256,512,1024", help="product widths, or 'none'")
    parser.add_argument("--gemm-batch", default="256", help="the products' batch")
    parser.add_argument("--kernels-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    shape_options = [x for option in ["width", "depth", "batch", "activation"] if getattr(args, option)
                     for x in (f"--{option}", getattr(args, option))]
    extra = ["--steps", str(args.steps)] + shape_options + (["--kernels-only"] if args.kernels_only else [])
    gemm = [] if args.gemm == "none" else ["--gemm", args.gemm, "--batch", args.gemm_batch]
    torch_script = [sys.executable, os.path.join(HERE, "pytorch-baseline.py"), "--json", "--repetitions", "1"]
    # One repetition a round on each side; the rounds give the medians.
    ours_command = [args.binary, "bench", "--json", "--repetitions", "1"]
    torch_runs, ours_runs, torch_products, ours_products = [], [], [], []
    for r in range(args.rounds):
        print(f"round {r + 1} of {args.rounds}", file=sys.stderr)
        torch_runs.append(run_json(torch_script + extra))
        ours_runs.append(run_json(ours_command + extra))
        if gemm:
            torch_products += run_json(torch_script + gemm)["products"]
            ours_products += run_json(ours_command + gemm)["products"]

    def shape_key(s):
        return (s["activation"], s["depth"], s["width"], s["batch"])

    def shape_medians(runs):
        rates, steps = {}, {}
        for run in runs:
            for s in run["shapes"]:
                rates.setdefault(shape_key(s), []).append(s["stepsPerSecond"])
                steps[shape_key(s)] = s["steps"]
        return {k: statistics.median(v) for k, v in rates.items()}, steps

    torch_rates, torch_steps = shape_medians(torch_runs)
    our_rates, our_steps = shape_medians(ours_runs)
    if torch_steps != our_steps:
        sys.exit(f"the two sides timed different shapes or steps:\n  PyTorch   {torch_steps}\n  gradscope {our_steps}")
    rows = [{"activation": a, "depth": d, "width": w, "batch": b, "steps": our_steps[(a, d, w, b)],
             "pytorchStepsPerSecond": torch_rates[(a, d, w, b)], "gradscopeStepsPerSecond": our_rates[(a, d, w, b)],
             "ratio": our_rates[(a, d, w, b)] / torch_rates[(a, d, w, b)]}
            for (a, d, w, b) in our_rates]

    def product_medians(products):
        rates = {}
        for p in products:
            rates.setdefault((p["product"], p["width"], p["batch"]), []).append(p["gflops"])
        return {k: statistics.median(v) for k, v in rates.items()}

    torch_gemm, our_gemm = product_medians(torch_products), product_medians(ours_products)
    products = [{"product": p, "width": w, "batch": b, "pytorchGflops": torch_gemm[(p, w, b)],
                 "gradscopeGflops": our_gemm[(p, w, b)], "ratio": our_gemm[(p, w, b)] / torch_gemm[(p, w, b)]}
                for (p, w, b) in our_gemm]
    sweep = {}
    if not args.kernels_only:
        pytorch_sweep = statistics.median(run["sweep"][0]["seconds"] for run in torch_runs)
        sweep["pytorchSeconds"] = pytorch_sweep
        for jobs in sorted({t["jobs"] for run in ours_runs for t in run["sweep"]}):
            seconds = statistics.median(t["seconds"] for run in ours_runs for t in run["sweep"] if t["jobs"] == jobs)
            sweep[f"gradscopeSecondsJobs{jobs}"] = seconds
            sweep[f"ratioJobs{jobs}"] = pytorch_sweep / seconds
    result = {"pytorch": torch_runs[0]["pytorch"], "rounds": args.rounds, "cores": ours_runs[0]["cores"],
              "gradscopeCpuLevel": ours_runs[0]["cpuLevel"], "shapes": rows, "products": products, "sweep": sweep}
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return
    print(f"PyTorch {result['pytorch']} (one thread) and gradscope (built for CPU level {result['gradscopeCpuLevel']}),"
          f" medians of {args.rounds} rounds")
    print(f"{'shape (steps/s)':<36}{'PyTorch':>10}{'gradscope':>11}{'ratio':>8}")
    for row in rows:
        name = f"{row['activation']} depth {row['depth']} width {row['width']} batch {row['batch']}"
        print(f"{name:<36}{row['pytorchStepsPerSecond']:>10.4g}{row['gradscopeStepsPerSecond']:>11.4g}{row['ratio']:>7.2f}x")
    if products:
        print(f"{'product (GFLOP/s)':<36}{'PyTorch':>10}{'gradscope':>11}{'ratio':>8}")
        for row in products:
            name = f"{row['product']} width {row['width']}" + ("" if row["product"] == "square" else f" batch {row['batch']}")
            print(f"{name:<36}{row['pytorchGflops']:>10.1f}{row['gradscopeGflops']:>11.1f}{row['ratio']:>7.2f}x")
    if sweep:
        print(f"benchmark sweep: PyTorch + matplotlib + Jinja2 {sweep['pytorchSeconds']:.1f} s (one process)")
        for key in sorted(k for k in sweep if k.startswith("gradscopeSecondsJobs")):
            jobs = key.removeprefix("gradscopeSecondsJobs")
            print(f"                 gradscope --jobs {jobs}: {sweep[key]:.2f} s ({sweep['ratioJobs' + jobs]:.1f}x faster)")


if __name__ == "__main__":
    main()
