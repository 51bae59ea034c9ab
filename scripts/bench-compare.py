#!/usr/bin/env python3
"""gradscope bench and the PyTorch baseline side by side on this machine, as ratios.

Runs `scripts/pytorch-baseline.py --json` and `gradscope bench --json` one after the other (the
same shapes, steps and sweep), `--rounds` times, and prints the median steps/s of each shape and
the median sweep time of each side, with gradscope / PyTorch (speed-up) ratios. A noisy machine
moves both sides; medians over rounds and the ratio of the two are what to quote.

Usage: scripts/bench-compare.py [--binary .build/release/gradscope] [--steps N] [--rounds R] [--json]
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
    parser.add_argument("--kernels-only", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    extra = ["--steps", str(args.steps)] + (["--kernels-only"] if args.kernels_only else [])
    torch_runs, ours_runs = [], []
    for r in range(args.rounds):
        print(f"round {r + 1} of {args.rounds}", file=sys.stderr)
        torch_runs.append(run_json([sys.executable, os.path.join(HERE, "pytorch-baseline.py"), "--json"] + extra))
        # One repetition a round, like the PyTorch side; the rounds give the medians.
        ours_runs.append(run_json([args.binary, "bench", "--json", "--repetitions", "1"] + extra))

    def shape_medians(runs):
        rates = {}
        for run in runs:
            for s in run["shapes"]:
                rates.setdefault((s["activation"], s["depth"]), []).append(s["stepsPerSecond"])
        return {k: statistics.median(v) for k, v in rates.items()}

    torch_rates, our_rates = shape_medians(torch_runs), shape_medians(ours_runs)
    rows = [{"activation": a, "depth": d, "pytorchStepsPerSecond": torch_rates[(a, d)],
             "gradscopeStepsPerSecond": our_rates[(a, d)], "ratio": our_rates[(a, d)] / torch_rates[(a, d)]}
            for (a, d) in our_rates]
    sweep = {}
    if not args.kernels_only:
        pytorch_sweep = statistics.median(run["sweep"][0]["seconds"] for run in torch_runs)
        sweep["pytorchSeconds"] = pytorch_sweep
        for jobs in sorted({t["jobs"] for run in ours_runs for t in run["sweep"]}):
            seconds = statistics.median(t["seconds"] for run in ours_runs for t in run["sweep"] if t["jobs"] == jobs)
            sweep[f"gradscopeSecondsJobs{jobs}"] = seconds
            sweep[f"ratioJobs{jobs}"] = pytorch_sweep / seconds
    result = {"pytorch": torch_runs[0]["pytorch"], "rounds": args.rounds, "cores": ours_runs[0]["cores"],
              "gradscopeCpuLevel": ours_runs[0]["cpuLevel"], "shapes": rows, "sweep": sweep}
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return
    print(f"PyTorch {result['pytorch']} (one thread) and gradscope (built for CPU level {result['gradscopeCpuLevel']}),"
          f" medians of {args.rounds} rounds")
    print(f"{'shape':<18}{'PyTorch steps/s':>16}{'gradscope steps/s':>19}{'ratio':>8}")
    for row in rows:
        print(f"{row['activation'] + ' depth ' + str(row['depth']):<18}{row['pytorchStepsPerSecond']:>16.0f}"
              f"{row['gradscopeStepsPerSecond']:>19.0f}{row['ratio']:>7.1f}x")
    if sweep:
        print(f"benchmark sweep: PyTorch + matplotlib + Jinja2 {sweep['pytorchSeconds']:.1f} s (one process)")
        for key in sorted(k for k in sweep if k.startswith("gradscopeSecondsJobs")):
            jobs = key.removeprefix("gradscopeSecondsJobs")
            print(f"                 gradscope --jobs {jobs}: {sweep[key]:.2f} s ({sweep['ratioJobs' + jobs]:.1f}x faster)")


if __name__ == "__main__":
    main()
