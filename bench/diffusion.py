#!/usr/bin/python3
"""Diffusion-matrix statistics of Model 1 at a training checkpoint: thermosgd against PyTorch, same run.

Every side takes N per-sample gradients at the same parameters (the run's checkpoint) and computes the same
statistics: mean, diagonal and trace of the covariance, per-layer traces, top-20 spectrum, tr(S^2), participation
ratio, 16 random projections for kurtosis. Times are end to end: per-sample gradients plus statistics.
  reference  PyTorch, functorch vmap(grad) per-sample gradients + torch.linalg: randomised range finder (30 columns,
             4 power steps) on the N x n gradient matrix, tr(S^2) by deflated Hutchinson (20 probes);
  PyTorch factored: the same algorithm as thermosgd's default route, written in PyTorch (per-layer factors, Gram
             matrix (D D^T) o (A A^T + 1), subspace iteration on it) - to show how much of the gain is the algorithm;
  thermosgd  `thermosgd diffusion --route auto` (factored for Model 1), without and with 30 half-sample intervals
             (the PyTorch sides compute no intervals), and `--route sketched` (the reference's algorithm).
The issue's target: reference time / thermosgd time >= 2 at N = 10,000.
Needs python3-torch (with functorch) and libopenblas0-pthread; a run directory of `thermosgd train` (Model 1).
Usage: bench/diffusion.py RUN_DIR [--samples 10000] [--threads 1]
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from train_mlp import Mlp, load_mnist, set_flat, blas_in_use, set_threads  # noqa: E402


def read_checkpoint(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"TSGDCKP1", "not a thermosgd checkpoint"
    (hlen,) = struct.unpack(">i", data[8:12])
    header = json.loads(data[12:12 + hlen])
    n = header["parameters"]
    params = np.frombuffer(data, dtype=">f4", count=n, offset=12 + hlen).astype(np.float32)
    return params, header


def torch_statistics(model, x, y, idx, k=20, power=4, probes=20, projections=16, block=256):
    from functorch import make_functional, vmap, grad
    fmodel, params = make_functional(model)

    def loss(p, xi, yi):
        return F.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

    per = vmap(grad(loss), in_dims=(None, 0, 0))
    t0 = time.perf_counter()
    rows = []
    for i in range(0, len(idx), block):
        b = idx[i:i + block]
        g = per(params, x[b], y[b])
        rows.append(torch.cat([t.reshape(t.shape[0], -1) for t in g], dim=1))
    g = torch.cat(rows)
    t_grad = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_s, n = g.shape
    mean = g.mean(0)
    xc = g - mean
    diag = (xc * xc).sum(0) / (n_s - 1)
    tr = diag.sum()
    q = torch.randn(n, k + 10)
    for _ in range(power + 1):
        q = xc.T @ (xc @ q)
        q, _ = torch.linalg.qr(q)
    b = xc @ q
    evals, u = torch.linalg.eigh(b.T @ b / (n_s - 1))
    v = q @ u
    z = torch.randn(n, probes)
    z = z - v @ (v.T @ z)
    sv = xc.T @ (xc @ v)
    sz = xc.T @ (xc @ z)
    tr2 = ((sv * sv).sum() + (sz * sz).sum() / probes) / (n_s - 1) ** 2
    t2 = (n_s - 1) ** 2 / ((n_s - 2) * (n_s + 1)) * (tr2 - tr * tr / (n_s - 1))
    pr = float(tr * tr / (n * t2))
    proj = xc @ torch.randn(n, projections)
    kurt = float((((proj - proj.mean(0)) ** 4).mean(0) / proj.var(0, unbiased=False) ** 2 - 3).mean())
    t_stats = time.perf_counter() - t0
    return t_grad, t_stats, {"D": float(tr / n), "lambda_max": float(evals.max()), "participation": pr,
                             "kurtosis": kurt}


def torch_factored(model, x, y, idx, k=20, power=12, projections=16):
    """The factored Gram route in PyTorch: per-layer (input, error) factors, K = sum (D D^T) o (A A^T + 1)."""
    t0 = time.perf_counter()
    xb = x[idx]
    with torch.no_grad():
        w1, b1, w2, b2 = model.fc1.weight, model.fc1.bias, model.fc2.weight, model.fc2.bias
        h = torch.relu(xb @ w1.T + b1)
        z = h @ w2.T + b2
        d2 = torch.softmax(z, 1)
        d2[torch.arange(len(idx)), y[idx]] -= 1
        dh = (d2 @ w2) * (h > 0)
        t_grad = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_s = len(idx)
        layers = [(xb, dh), (h, d2)]
        mean = torch.cat([torch.cat([(d.T @ a).flatten(), d.sum(0)]) for a, d in layers]) / n_s
        sumsq = torch.cat([torch.cat([((d * d).T @ (a * a)).flatten(), (d * d).sum(0)]) for a, d in layers])
        tr = float((sumsq - n_s * mean * mean).sum()) / (n_s - 1)
        kk = sum((d @ d.T) * (a @ a.T + 1) for a, d in layers).double()
        r = kk.mean(1)
        kc = kk - r[:, None] - r[None, :] + r.mean()
        q = torch.randn(n_s, k + 10, dtype=torch.float64)
        kcf = kc.float()
        for _ in range(power + 1):
            q, _ = torch.linalg.qr((kcf @ q.float()).double())
        evals = torch.linalg.eigvalsh(q.T @ (kc @ q))
        tr2 = float((kc * kc).sum()) / (n_s - 1) ** 2
        t2 = (n_s - 1) ** 2 / ((n_s - 2) * (n_s + 1)) * (tr2 - tr * tr / (n_s - 1))
        n = mean.numel()
        zdir = torch.randn(projections, n)
        proj = torch.zeros(projections, n_s)
        off = 0
        for a, d in layers:
            zw = zdir[:, off:off + d.shape[1] * a.shape[1]].reshape(projections, d.shape[1], a.shape[1])
            off += d.shape[1] * a.shape[1]
            zb = zdir[:, off:off + d.shape[1]]
            off += d.shape[1]
            proj += torch.einsum("io,pio->pi", d, torch.einsum("ij,poj->pio", a, zw)) + zb @ d.T
        proj -= (zdir @ mean)[:, None]
        kurt = float((((proj - proj.mean(1, keepdim=True)) ** 4).mean(1) / proj.var(1, unbiased=False) ** 2
                      - 3).mean())
    t_stats = time.perf_counter() - t0
    return t_grad, t_stats, {"D": tr / n, "lambda_max": float(evals.max()) / (n_s - 1),
                             "participation": tr * tr / (n * t2), "kurtosis": kurt}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    set_threads(a.threads)
    params, header = read_checkpoint(os.path.join(a.run, "checkpoint.bin"))
    x, y = load_mnist()
    model = Mlp()
    set_flat(model, params)
    rng = np.random.default_rng(1)
    idx = torch.from_numpy(rng.choice(x.shape[0], a.samples, replace=False))
    tg, ts, stats = torch_statistics(model, x, y, idx)
    fg, fs, fstats = torch_factored(model, x, y, idx)
    env = dict(os.environ, JAVA_OPTS=os.environ.get("JAVA_OPTS", "-Xmx14g -Dorg.bytedeco.javacpp.maxbytes=16g"))

    def java(route, replicates):
        t0 = time.perf_counter()
        out = subprocess.run([os.path.join(ROOT, "thermosgd"), "diffusion", "--run", a.run, "--samples",
                              str(a.samples), "--route", route, "--replicates", str(replicates), "--json"],
                             check=True, capture_output=True, text=True, env=env).stdout
        j = json.loads(out[out.index("{"):])
        return j, j["source"]["perSampleGradientSeconds"] + j["source"]["analysisSeconds"], time.perf_counter() - t0

    j0, jt0, _ = java("auto", 0)
    j, jt, wall = java("auto", 30)
    js, jst, _ = java("sketched", 0)
    r = j["report"]
    print(f"PyTorch {torch.__version__} ({a.threads} thread(s), BLAS {blas_in_use()}); Model 1 at epoch"
          f" {header['epochsCompleted']} of {a.run}; N = {a.samples}")
    print(f"  reference (PyTorch functorch + sketch): per-sample gradients {tg:7.2f} s + statistics {ts:7.2f} s ="
          f" {tg + ts:7.2f} s; D {stats['D']:.4e}, lambda_max {stats['lambda_max']:.4g},"
          f" PR {stats['participation']:.3e}, kurtosis {stats['kurtosis']:.2f}")
    print(f"  PyTorch factored Gram:                  factors {fg:7.2f} s + statistics {fs:7.2f} s ="
          f" {fg + fs:7.2f} s; D {fstats['D']:.4e}, lambda_max {fstats['lambda_max']:.4g},"
          f" PR {fstats['participation']:.3e}, kurtosis {fstats['kurtosis']:.2f}")
    print(f"  thermosgd ({j0['source']['route']}):                     factors"
          f" {j0['source']['perSampleGradientSeconds']:7.2f} s + statistics {j0['source']['analysisSeconds']:7.2f} s ="
          f" {jt0:7.2f} s; with 30 half-sample intervals {jt:7.2f} s (process wall time {wall:.1f} s);"
          f" D {r['dCovariance']:.4e}, lambda_max {r['topEigenvalues'][0]:.4g}, PR {r['participationRatio']:.3e},"
          f" kurtosis {r['kurtosisRandomMean']:.2f}")
    print(f"  thermosgd (sketched, the reference's algorithm): {jst:7.2f} s")
    print(f"  ratio reference time / thermosgd time: {(tg + ts) / jt0:.2f} (target >= 2); with thermosgd's"
          f" intervals {(tg + ts) / jt:.2f}; same algorithm: PyTorch factored / thermosgd {(fg + fs) / jt0:.2f},"
          f" PyTorch sketch / thermosgd sketched {(tg + ts) / jst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
