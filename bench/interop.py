#!/usr/bin/python3
"""thermosgd beside PyTorch and numpy, both ways, in one run (Debian's python3-torch, numpy; no safetensors package
needed: the format is read and written here in a dozen lines).

1. Weights out: thermosgd trains Model 1 (2 epochs, seed 3), `thermosgd weights export` writes safetensors; PyTorch
   loads them into nn.Linear(784, 100), ReLU, nn.Linear(100, 10) and evaluates the MNIST test set: same accuracy?
2. Weights in: PyTorch trains the same network for 1 epoch (SGD, lr 0.05, momentum 0.9, batch 256, seed 0) and writes
   safetensors; `thermosgd weights evaluate` (the loader behind `train --init`) evaluates them: same accuracy? Then
   `thermosgd train --init` continues from them for 1 epoch.
3. Gradients in: numpy draws N = 2000 rows of dimension n = 300 with a known spiked covariance, writes them as .npy
   (float64) and as .npz (float32, two blocks); `thermosgd diffusion --gradients` against numpy's own D = tr(S)/n and
   top-5 eigenvalues of S (np.cov, ddof 1).
4. Gradients out: `thermosgd diffusion --run --save-gradients` (256 samples) against functorch vmap(grad) on the
   exported weights for the same sample indices.

Usage: bench/interop.py (from anywhere; about 1 minute)
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_mlp import HOME, Mlp, THERMOSGD, load_mnist, set_threads  # noqa: E402


def save_safetensors(path, tensors, metadata=None):
    """tensors: name -> float32 numpy array (C order)."""
    header, offset, blobs = {}, 0, []
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    kinds = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}
    return {k: np.frombuffer(data[v["data_offsets"][0]:v["data_offsets"][1]], dtype=kinds[v["dtype"]])
            .reshape(v["shape"]).copy() for k, v in header.items()}, meta


def load_mnist_test():
    d = os.path.join(HOME, "data", "mnist")
    def idx(name, offset):
        with open(os.path.join(d, name), "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    x = idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / 255.0
    return torch.from_numpy(x), torch.from_numpy(idx("t10k-labels-idx1-ubyte", 8).astype(np.int64))


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).double().mean().item()


def thermosgd(*args):
    r = subprocess.run([THERMOSGD, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"thermosgd {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def main():
    set_threads(1)
    torch.manual_seed(0)
    tmp = tempfile.mkdtemp(prefix="thermosgd-interop-")
    x, y = load_mnist()
    xt, yt = load_mnist_test()

    print("1. weights out (thermosgd -> PyTorch), Model 1, 2 epochs, seed 3")
    run = os.path.join(tmp, "run")
    summary = json.loads(thermosgd("train", "--epochs", "2", "--seed", "3", "--out", run, "--json"))
    out = os.path.join(tmp, "mlp.safetensors")
    thermosgd("weights", "export", run, "--out", out)
    state, meta = load_safetensors(out)
    model = Mlp()
    model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    a_torch = accuracy(model, xt, yt)
    print(f"   thermosgd test accuracy {summary['finalTestAccuracy']:.4f} (epoch {meta['epoch']}); PyTorch on the"
          f" exported weights {a_torch:.4f}; difference {abs(a_torch - summary['finalTestAccuracy']) * 1e4:.0f}"
          " test images in 10,000")

    print("2. weights in (PyTorch -> thermosgd), 1 epoch of torch.optim.SGD(lr 0.05, momentum 0.9), batch 256, seed 0")
    model = Mlp()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    perm = torch.randperm(x.shape[0])
    for s in range(0, x.shape[0], 256):
        b = perm[s:s + 256]
        opt.zero_grad()
        F.cross_entropy(model(x[b]), y[b]).backward()
        opt.step()
    a_torch = accuracy(model, xt, yt)
    inp = os.path.join(tmp, "torch.safetensors")
    save_safetensors(inp, {k: v.detach().numpy() for k, v in model.state_dict().items()}, {"from": "bench/interop.py"})
    ev = json.loads(thermosgd("weights", "evaluate", inp, "--json"))
    print(f"   PyTorch test accuracy {a_torch:.4f}; thermosgd weights evaluate {ev['testAccuracy']:.4f}; difference"
          f" {abs(a_torch - ev['testAccuracy']) * 1e4:.0f} test images in 10,000")
    cont = json.loads(thermosgd("train", "--init", inp, "--epochs", "1", "--out", os.path.join(tmp, "cont"), "--json"))
    print(f"   thermosgd train --init (1 more epoch, lr 0.005): test accuracy {cont['finalTestAccuracy']:.4f}")

    print("3. gradients in (numpy -> thermosgd diffusion --gradients), N = 2000, n = 300, spiked covariance")
    rng = np.random.default_rng(7)
    n, N = 300, 2000
    scales = np.ones(n)
    scales[:5] = [12, 9, 7, 5, 4]
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    g = (rng.standard_normal((N, n)) * scales) @ q.T + 0.1
    s = np.cov(g.T, ddof=1)
    ev_np = np.sort(np.linalg.eigvalsh(s))[::-1][:5]
    d_np = np.trace(s) / n
    np.save(os.path.join(tmp, "g64.npy"), g)
    np.savez(os.path.join(tmp, "g32.npz"), **{"w": g[:, :200].astype(np.float32),
                                               "b": g[:, 200:].astype(np.float32)})
    for name in ("g64.npy", "g32.npz"):
        r = json.loads(thermosgd("diffusion", "--gradients", os.path.join(tmp, name), "--top-k", "5",
                                 "--out", os.path.join(tmp, "d-" + name), "--json"))["report"]
        rel_d = abs(r["dCovariance"] - d_np) / d_np
        rel_e = max(abs(a - b) / b for a, b in zip(r["topEigenvalues"], ev_np))
        print(f"   {name}: D = {r['dCovariance']:.6e} (numpy {d_np:.6e}, rel. diff {rel_d:.1e}); top-5 eigenvalues"
              f" max rel. diff {rel_e:.1e}; blocks {[b['name'] for b in r['blocks']]}")

    print("4. gradients out (thermosgd --save-gradients -> functorch vmap(grad)), 256 samples of the run in 1.")
    saved = os.path.join(tmp, "saved.npz")
    thermosgd("diffusion", "--run", run, "--samples", "256", "--save-gradients", saved)
    z = np.load(saved)
    idx = torch.from_numpy(z["sample_index"])
    from functorch import make_functional, vmap, grad
    model = Mlp()
    model.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    fmodel, params = make_functional(model)
    names = [k for k, _ in model.named_parameters()]

    def loss(p, xi, yi):
        return F.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))
    gs = vmap(grad(loss), in_dims=(None, 0, 0))(params, x[idx], y[idx])
    worst = max(np.abs(z[k] - t.detach().numpy()).max() / np.abs(t.detach().numpy()).max() for k, t in zip(names, gs))
    print(f"   max |thermosgd - functorch| / max |g| over the {len(names)} blocks: {worst:.1e}")
    print(f"   files in {tmp}")


if __name__ == "__main__":
    main()
