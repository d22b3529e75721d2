#!/usr/bin/python3
"""Model 1 (MLP) on MNIST: thermosgd (Java, DL4J/ND4J) against PyTorch CPU in the same run.

1. Correctness: for each update form, thermosgd runs K steps (`thermosgd bench sgd-replay`) and saves the initial
   parameters, the batches and the step factors; PyTorch replays them from the same initial weights (torch forms
   with torch.optim.SGD and the factor applied to its lr; paper forms by hand) and the final parameters are compared.
2. Training throughput: samples/s of training steps in the best of --epochs epochs (the JVM needs a few epochs to
   warm up), batch 256, torch-nesterov, lr 0.005, momentum 0.9, at 1 and 2 threads for each side in --pairs
   interleaved pairs (min / median / max; each side's fastest thread count is stated).
3. Per-sample gradients: thermosgd's outer-product path against functorch vmap(grad) (block 256, 1 thread).

Needs Debian's python3-torch and libopenblas0-pthread (without it torch uses the reference BLAS, 14x slower):
  apt-get install -y python3-torch libopenblas0-pthread
Usage: bench/train_mlp.py [--epochs 6] [--pairs 3] [--skip-replay] [--model1-only]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THERMOSGD = os.path.join(ROOT, "thermosgd")
HOME = os.environ.get("THERMOSGD_HOME", os.path.join(os.path.expanduser("~"), ".cache", "thermosgd"))


def blas_in_use():
    torch.ones(64, 64) @ torch.ones(64, 64)
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line.lower()})
    return ", ".join(os.path.basename(os.path.dirname(x)) + "/" + os.path.basename(x) for x in libs) or "unknown"


def set_threads(n):
    """Thread count for PyTorch's own pool AND its BLAS: Debian's OpenBLAS (pthread build) keeps its own pool, one
    thread per core by default, which torch.set_num_threads does not change - without this, "1 thread" measurements
    would run the matrix products on every core."""
    import ctypes
    torch.set_num_threads(n)
    torch.ones(8, 8) @ torch.ones(8, 8)
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower()})
    done = False
    for lib in libs:
        try:
            ctypes.CDLL(lib).openblas_set_num_threads(n)
            done = True
        except (OSError, AttributeError):
            pass
    if not done:
        raise SystemExit("could not set the BLAS thread count (no OpenBLAS with openblas_set_num_threads loaded)")


def load_mnist():
    d = os.path.join(HOME, "data", "mnist")
    if not os.path.exists(os.path.join(d, "train-images-idx3-ubyte")):
        subprocess.run([THERMOSGD, "data", "fetch", "mnist"], check=True, stdout=subprocess.DEVNULL)
    def idx(name, offset):
        with open(os.path.join(d, name), "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    x = idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0
    y = idx("train-labels-idx1-ubyte", 8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


class Cnn(nn.Module):
    """Model 2: 3x3 convolutions without padding, ReLU, two 2x2 max pools, Linear(1152 -> 10)."""

    def __init__(self):
        super().__init__()
        c = [(1, 64), (64, 64), (64, 128), (128, 128), (128, 128)]
        self.convs = nn.ModuleList(nn.Conv2d(i, o, 3) for i, o in c)
        self.fc = nn.Linear(128 * 3 * 3, 10)

    def forward(self, x):
        x = x.view(-1, 1, 28, 28)
        for k, conv in enumerate(self.convs):
            x = F.relu(conv(x))
            if k in (1, 4):
                x = F.max_pool2d(x, 2)
        return self.fc(x.flatten(1))


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 100)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def set_flat(model, flat):
    off = 0
    with torch.no_grad():
        for p in model.parameters():
            n = p.numel()
            p.copy_(torch.from_numpy(flat[off:off + n].copy()).view_as(p))
            off += n


def get_flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).numpy()


def torch_replay(model, form, init, batches, factors, meta):
    """PyTorch's version of thermosgd's steps from `init` on the given (images, labels) batches and step factors:
    torch forms with torch.optim.SGD and the factor applied to its lr, paper forms by hand; the final flat
    parameters."""
    set_flat(model, init)
    lr, mu, wd = meta["lr"], meta["momentum"], meta["weightDecay"]
    if form.startswith("torch"):
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=mu, weight_decay=wd,
                              nesterov=(form == "torch-nesterov"))
    vel = [torch.zeros_like(p) for p in model.parameters()]
    for (xb, yb), s in zip(batches, factors):
        model.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        s = float(s)
        if form.startswith("torch"):
            for g in opt.param_groups:
                g["lr"] = lr * s
            opt.step()
        else:
            with torch.no_grad():
                for p, v in zip(model.parameters(), vel):
                    g = p.grad + wd * p
                    v.mul_(mu).add_(g, alpha=-s)
                    if form == "paper":
                        p.add_(v, alpha=lr)
                    else:
                        p.add_(mu * v - s * g, alpha=lr)
    return get_flat(model)


def replay(form, x, y, steps=20, batch=64):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([THERMOSGD, "bench", "sgd-replay", "--form", form, "--steps", str(steps), "--batch",
                        str(batch), "--out", tmp], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        meta = json.load(open(os.path.join(tmp, "meta.json")))
        init = np.fromfile(os.path.join(tmp, "init.f32"), dtype="<f4")
        final = np.fromfile(os.path.join(tmp, "final.f32"), dtype="<f4")
        batches = np.fromfile(os.path.join(tmp, "batches.i32"), dtype="<i4").reshape(steps, batch)
        factors = np.fromfile(os.path.join(tmp, "factors.f64"), dtype="<f8")
    ref = torch_replay(Mlp(), form, init, ((x[torch.from_numpy(b.astype(np.int64))],
                                            y[torch.from_numpy(b.astype(np.int64))]) for b in batches), factors, meta)
    moved = np.abs(ref - init).max()
    return np.abs(ref - final).max() / np.abs(ref).max(), np.linalg.norm(ref - final) / np.linalg.norm(ref), moved


def torch_throughput(x, y, threads, epochs=2, batch=256, model_cls=None, n=None):
    set_threads(threads)
    torch.manual_seed(1)
    model = (model_cls or Mlp)()
    opt = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9, nesterov=True)
    n = n or x.shape[0]
    best = 0
    for _ in range(epochs):
        perm = torch.randperm(n)
        t0 = time.perf_counter()
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
        best = max(best, n / (time.perf_counter() - t0))
    return best


def java_throughput(threads, epochs, model="mlp", subset=0):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run")
        subprocess.run([THERMOSGD, "train", "--model", model, "--epochs", str(epochs), "--threads", str(threads),
                        "--train-subset", str(subset), "--out", out, "--json"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "epochs.csv")) as f:
            rows = [line.strip().split(",") for line in f][1:]
    rates = [float(r[8]) for r in rows]
    return max(rates)


def torch_per_sample(x, y, samples=4096, block=256):
    from functorch import make_functional, vmap, grad
    torch.set_num_threads(1)
    model = Mlp()
    fmodel, params = make_functional(model)

    def loss(p, xi, yi):
        return F.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

    set_threads(1)
    per = vmap(grad(loss), in_dims=(None, 0, 0))
    per(params, x[:block], y[:block])
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for i in range(0, samples, block):
            g = per(params, x[i:i + block], y[i:i + block])
            torch.cat([t.reshape(t.shape[0], -1) for t in g], dim=1)
        times.append(time.perf_counter() - t0)
    return samples / sorted(times)[len(times) // 2]


def spread(v):
    return f"{min(v):.0f} / {statistics.median(v):.0f} / {max(v):.0f}" if min(v) > 100 else \
        f"{min(v):.2f} / {statistics.median(v):.2f} / {max(v):.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--skip-replay", action="store_true")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--model1-only", action="store_true", help="replay and section 2's Model 1 lines only")
    a = ap.parse_args()
    x, y = load_mnist()
    print(f"PyTorch {torch.__version__}, BLAS in use: {blas_in_use()}")
    print("thermosgd: Model 1 on oneDNN 2.5.2 sgemm (JavaCPP dnnl presets), off-heap ND4J buffers")
    if not a.skip_replay:
        print("1. same initial weights, batches and factors, 20 steps (batch 64, lr 0.05, mu 0.9, wd 1e-3, random):")
        for form in ["paper", "paper-nesterov", "torch", "torch-nesterov"]:
            rel_inf, rel_2, moved = replay(form, x, y)
            verdict = "ok" if rel_inf < 1e-5 else "DIFFERS"
            print(f"   {form:15s} max|dx|/max|x| = {rel_inf:.2e}, ||dx||/||x|| = {rel_2:.2e}"
                  f" (parameters moved up to {moved:.2e}): {verdict} (target 1e-5)")
    print(f"2. training throughput, samples/s (best epoch of {a.epochs}), Model 1 (MLP), full MNIST, batch 256;"
          f" {a.pairs} pairs (PyTorch, then thermosgd), min / median / max:")
    tt = {1: [], 2: []}
    jt = {1: [], 2: []}
    for _ in range(a.pairs):
        for t in (1, 2):
            tt[t].append(torch_throughput(x, y, t, epochs=a.epochs))
            jt[t].append(java_throughput(t, a.epochs))
    for t in (1, 2):
        print(f"   {t} thread(s): PyTorch {spread(tt[t])}   thermosgd {spread(jt[t])}   ratio"
              f" {spread([j / p for j, p in zip(jt[t], tt[t])])}")
    bt = max((1, 2), key=lambda t: statistics.median(tt[t]))
    bj = max((1, 2), key=lambda t: statistics.median(jt[t]))
    print(f"   fastest: PyTorch at {bt} thread(s), thermosgd at {bj} thread(s): ratio"
          f" {spread([j / p for j, p in zip(jt[bj], tt[bt])])} (target >= 1.1)")
    if a.model1_only:
        return 0
    print("   Model 2 (CNN), 2560 training images per epoch, best of 2 epochs:")
    tc = {t: torch_throughput(x, y, t, epochs=2, model_cls=Cnn, n=2560) for t in (1, 2)}
    jc = {t: java_throughput(t, 2, model="cnn", subset=2560) for t in (1, 2)}
    for t in (1, 2):
        print(f"   {t} thread(s): PyTorch {tc[t]:9.0f}   thermosgd {jc[t]:9.0f}")
    bt, bj = max(tc, key=tc.get), max(jc, key=jc.get)
    print(f"   fastest: PyTorch at {bt} thread(s), thermosgd at {bj} thread(s);"
          f" ratio thermosgd/PyTorch = {jc[bj] / tc[bt]:.2f} (target >= 0.5)")
    print("3. per-sample gradients, samples/s (1 thread, blocks of 256):")
    fs = torch_per_sample(x, y)
    js = json.loads(subprocess.run([THERMOSGD, "bench", "per-sample"], check=True, capture_output=True,
                                   text=True).stdout)["samplesPerSecond"]
    print(f"   functorch vmap(grad) {fs:9.0f}   thermosgd {js:9.0f}   ratio {js / fs:.2f} (target >= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
