#!/usr/bin/env python3
"""Re-checks the gradients `gradscope train --export-tensors DIR` wrote, with an independent
float64 back-propagation in NumPy. Usage: scripts/check-export.py DIR  (prints the worst relative
difference per tensor and exits 1 above 1e-9)."""
import json, math, sys
import numpy as np

SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def activation(name):
    """The activation and its derivative, as functions of the pre-activation z."""
    erf = np.vectorize(math.erf)
    base, _, arg = name.partition("(")
    p = float(arg[:-1]) if arg else None
    sig = lambda z: 1 / (1 + np.exp(-z))
    table = {
        "sigmoid": (sig, lambda z: sig(z) * (1 - sig(z))),
        "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
        "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
        "leaky_relu": (lambda z: np.where(z > 0, z, (p or 0.01) * z), lambda z: np.where(z > 0, 1.0, p or 0.01)),
        "elu": (lambda z: np.where(z > 0, z, (p or 1.0) * np.expm1(z)), lambda z: np.where(z > 0, 1.0, (p or 1.0) * np.exp(z))),
        "gelu": (lambda z: z * 0.5 * (1 + erf(z / math.sqrt(2))),
                 lambda z: 0.5 * (1 + erf(z / math.sqrt(2))) + z * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)),
        "selu": (lambda z: SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(z)),
                 lambda z: SELU_SCALE * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(z))),
        "softplus": (lambda z: np.logaddexp(0, z), sig),
        "silu": (lambda z: z * sig(z), lambda z: sig(z) * (1 + z * (1 - sig(z)))),
        "identity": (lambda z: z, lambda z: np.ones_like(z)),
    }
    return table[base]


def main(folder):
    meta = json.load(open(f"{folder}/meta.json"))
    layers = meta["depth"] + 1
    f, df = activation(meta["activation"])
    W = [np.load(f"{folder}/layer{l}.weight.npy") for l in range(1, layers + 1)]
    b = [np.load(f"{folder}/layer{l}.bias.npy") for l in range(1, layers + 1)]
    x, y = np.load(f"{folder}/batch.x.npy"), np.load(f"{folder}/batch.y.npy")
    hs, zs, h = [x], [], x
    for l in range(layers):
        z = h @ W[l].T + b[l]
        zs.append(z)
        if l < layers - 1:
            h = h + f(z) if meta["residual"] and l > 0 else f(z)
            hs.append(h)
    out = zs[-1]
    if meta["loss"] == "mse":
        loss = np.mean((out - y) ** 2)
        delta = 2 * (out - y) / out.size
    else:
        shifted = out - out.max(1, keepdims=True)
        p = np.exp(shifted) / np.exp(shifted).sum(1, keepdims=True)
        labels = y.astype(int).ravel()
        loss = -np.mean(np.log(p[np.arange(len(labels)), labels]))
        delta = p.copy()
        delta[np.arange(len(labels)), labels] -= 1
        delta /= len(labels)
    worst = abs(loss - meta["loss_value"]) / abs(loss)
    print(f"loss {loss!r} (gradscope {meta['loss_value']!r})")
    expected = {}
    g = delta  # dL/dz of the output layer
    expected[layers] = (g.T @ hs[-1], g.sum(0))
    g_h = g @ W[-1]  # dL/dh_depth
    for l in range(layers - 1, 0, -1):  # hidden layer l (1-based), input hs[l - 1]
        g_z = g_h * df(zs[l - 1])
        expected[l] = (g_z.T @ hs[l - 1], g_z.sum(0))
        g_h = g_z @ W[l - 1] + (g_h if meta["residual"] and l > 1 else 0)
    for l in range(1, layers + 1):
        for kind, value in zip(("weight", "bias"), expected[l]):
            ours = np.load(f"{folder}/layer{l}.{kind}.grad.npy")
            rel = np.abs(ours - value).max() / max(np.abs(value).max(), 1e-300)
            worst = max(worst, rel)
            print(f"layer{l}.{kind}.grad: worst relative difference {rel:.2e}")
    print(f"worst relative difference: {worst:.2e}")
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
