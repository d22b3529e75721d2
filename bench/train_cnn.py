#!/usr/bin/python3
"""Model 2 (CNN) and VGG16: thermosgd's oneDNN engine against PyTorch CPU, measured in the same run.

1. Exactness: for each model and update form, thermosgd runs 20 steps (`thermosgd bench sgd-replay --model M`) and
   saves the initial parameters, the batches' images and labels and the step factors; PyTorch replays them from the
   same weights and the final parameters are compared: max|dx| / max|x| (target 1e-5).
2. Training throughput, samples/s: `thermosgd bench train` (forward, backward, torch-nesterov step; median of 3
   timed runs after a warm-up, one JVM per thread count) against the same loop in PyTorch, in --pairs interleaved
   pairs at 1 and 2 threads for each side. Printed: the ratio thermosgd/PyTorch at 1 thread (min/median/max over
   pairs) and with each side at its fastest thread count (chosen by median). Model 2 on MNIST images (batch 256),
   VGG16 on uniform random 3x32x32 images (batch 128; CIFAR-10 is not in any registry here; compute does not depend
   on pixel values).
3. Per-sample gradients of Model 2 (1 thread, blocks of 128): thermosgd's grouped backward-weights against
   functorch vmap(grad), --pairs pairs.
4. Peak RSS of each thermosgd process (MB), from the same runs.

Needs Debian's python3-torch and libopenblas0-pthread (see bench/train_mlp.py).
Usage: /usr/bin/python3 bench/train_cnn.py [--pairs 3] [--skip-replay] [--models cnn,vgg16]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from train_mlp import THERMOSGD, Cnn, blas_in_use, load_mnist, set_threads, torch_replay


class Vgg16(nn.Module):
    """Model 3: torchvision's VGG16 features (13 convs, padding 1, ReLU, 5 max pools) and Linear(512, 10)."""

    def __init__(self):
        super().__init__()
        layers, c = [], 3
        for v in [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]:
            if v == 0:
                layers.append(nn.MaxPool2d(2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
                c = v
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(512, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x.view(-1, 3, 32, 32)), 1))


MODELS = {"cnn": (Cnn, 256, (1, 28, 28)), "vgg16": (Vgg16, 128, (3, 32, 32))}


# PyTorch against itself from this many independent 1-ulp nudges of the initial weights; the floor is the largest.
# One nudge is not enough: VGG16's torch-nesterov trajectory at lr 0.05 ends 8e-8 to 8e-7 away for five of six
# nudges and 6.4e-4 away for the sixth (a near-threshold discrete event, such as a max-pooling tie at zero).
FLOOR_NUDGES = 4


def replay(name, form, steps=20, batch=32, lr=0.05, uniform=False):
    """max|dx|/max|x| between thermosgd's and PyTorch's final parameters, the same for PyTorch against itself
    started 1 ulp away (the largest over FLOOR_NUDGES nudges: the float32 noise floor of this trajectory), and how far
    the parameters moved."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([THERMOSGD, "bench", "sgd-replay", "--model", name, "--form", form, "--steps", str(steps),
                        "--batch", str(batch), "--lr", str(lr), "--out", tmp] + (["--uniform-images"] if uniform
                                                                                 else []),
                       check=True, stdout=subprocess.DEVNULL)
        meta = json.load(open(os.path.join(tmp, "meta.json")))
        init = np.fromfile(os.path.join(tmp, "init.f32"), dtype="<f4")
        final = np.fromfile(os.path.join(tmp, "final.f32"), dtype="<f4")
        images = np.fromfile(os.path.join(tmp, "images.f32"), dtype="<f4").reshape(steps, batch, -1)
        labels = np.fromfile(os.path.join(tmp, "labels.i32"), dtype="<i4").reshape(steps, batch)
        factors = np.fromfile(os.path.join(tmp, "factors.f64"), dtype="<f8")
    ref = cnn_replay(name, form, init, images, labels, factors, meta)
    scale = np.abs(ref).max()
    floor = 0.0
    for seed in range(1, FLOOR_NUDGES + 1):
        rng = np.random.default_rng(seed)
        nudged = np.nextafter(init, np.where(rng.random(init.shape) < 0.5, -np.inf, np.inf).astype(np.float32))
        floor = max(floor, np.abs(ref - cnn_replay(name, form, nudged, images, labels, factors, meta)).max() / scale)
    return np.abs(ref - final).max() / scale, floor, np.abs(ref - init).max()


def cnn_replay(name, form, init, images, labels, factors, meta):
    set_threads(1)
    batches = ((torch.from_numpy(images[k].copy()), torch.from_numpy(labels[k].astype(np.int64)))
               for k in range(len(factors)))
    return torch_replay(MODELS[name][0](), form, init, batches, factors, meta)


def torch_train(name, threads, steps, repeats=3):
    cls, batch, shape = MODELS[name]
    set_threads(threads)
    torch.manual_seed(1)
    model = cls()
    opt = torch.optim.SGD(model.parameters(), lr=0.005, momentum=0.9, nesterov=True)
    g = torch.Generator().manual_seed(7)
    x = torch.rand(batch * 4, *shape, generator=g)
    y = torch.randint(0, 10, (batch * 4,), generator=g)
    times = []
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        for k in range(steps):
            i = (k % 4) * batch
            opt.zero_grad()
            F.cross_entropy(model(x[i:i + batch]), y[i:i + batch]).backward()
            opt.step()
        if r > 0:
            times.append(time.perf_counter() - t0)
    return steps * batch / statistics.median(times)


def java_train(name, threads, steps):
    batch = MODELS[name][1]
    out = subprocess.run([THERMOSGD, "bench", "train", "--model", name, "--batch", str(batch), "--steps",
                          str(steps), "--threads", str(threads)], check=True, capture_output=True, text=True).stdout
    o = json.loads(out)
    return o["samplesPerSecond"], o["peakRssMb"]


def torch_per_sample(x, y, samples, block=128):
    from functorch import make_functional, vmap, grad
    set_threads(1)
    model = Cnn()
    fmodel, params = make_functional(model)

    def loss(p, xi, yi):
        return F.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

    per = vmap(grad(loss), in_dims=(None, 0, 0))
    per(params, x[:block], y[:block])
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        for i in range(0, samples, block):
            g = per(params, x[i:i + block], y[i:i + block])
            torch.cat([t.reshape(t.shape[0], -1) for t in g], dim=1)
        times.append(time.perf_counter() - t0)
    return samples / statistics.median(times)


def spread(v):
    return f"{min(v):.2f} / {statistics.median(v):.2f} / {max(v):.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--skip-replay", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true", help="replay only")
    ap.add_argument("--per-sample-only", action="store_true", help="section 3 only")
    ap.add_argument("--models", default="cnn,vgg16")
    a = ap.parse_args()
    models = a.models.split(",")
    print(f"PyTorch {torch.__version__} (mkldnn {torch.backends.mkldnn.is_available()}), BLAS in use: {blas_in_use()}")
    print("thermosgd: oneDNN 2.5.2 through the JavaCPP dnnl presets (blocked layouts, fused conv+bias+ReLU)")
    if a.per_sample_only:
        a.skip_replay = True
    if not a.skip_replay:
        print("1. replay: same initial weights, batches and factors (batch 32, mu 0.9, wd 1e-3, random protocol),"
              " max|dx|/max|x| of the final parameters, thermosgd against PyTorch (target 1e-5) after 1 step (the"
              " gradient) and after 20, beside PyTorch against itself started 1 ulp away after 20 (the largest over"
              f" {FLOOR_NUDGES} random nudges: the float32 noise floor of that trajectory). Uniform random images (MNIST's flat regions give max pooling exact"
              " ties); lr 0.05 as Model 1's replay, and for Model 2 also Figure 6's rate 2.5e-3:")
        for name in models:
            for lr in ((0.05, 2.5e-3) if name == "cnn" else (0.05,)):
                for form in ["paper", "paper-nesterov", "torch", "torch-nesterov"]:
                    one, _, _ = replay(name, form, steps=1, lr=lr, uniform=True)
                    rel, floor, moved = replay(name, form, lr=lr, uniform=True)
                    verdict = "ok" if rel <= 1e-5 else "within the floor" if rel <= floor else "DIFFERS"
                    print(f"   {name:6s} lr {lr:<7g} {form:15s} 1 step {one:.1e}, 20 steps {rel:.1e} (1-ulp floor"
                          f" {floor:.1e}; parameters moved up to {moved:.1e}): {verdict}")
    if a.skip_throughput:
        return 0
    print("2. training throughput, samples/s (median of 3 timed runs per process):")
    for name in ([] if a.per_sample_only else models):
        steps = 10 if name == "cnn" else 4
        t = {1: [], 2: []}
        j = {1: [], 2: []}
        rss = []
        for _ in range(a.pairs):
            for th in (1, 2):
                t[th].append(torch_train(name, th, steps))
                sps, peak = java_train(name, th, steps)
                j[th].append(sps)
                rss.append(peak)
        for th in (1, 2):
            print(f"   {name:6s} {th} thread(s): PyTorch {spread(t[th])}   thermosgd {spread(j[th])}"
                  f"   ratio {spread([jj / tt for jj, tt in zip(j[th], t[th])])} (min/median/max over pairs)")
        bt = max((1, 2), key=lambda th: statistics.median(t[th]))
        bj = max((1, 2), key=lambda th: statistics.median(j[th]))
        print(f"   {name:6s} fastest: PyTorch at {bt} thread(s), thermosgd at {bj} thread(s): ratio"
              f" {spread([jj / tt for jj, tt in zip(j[bj], t[bt])])} (target >= 1.2); thermosgd peak RSS"
              f" {max(rss):.0f} MB")
    if "cnn" in models:
        x, y = load_mnist()
        samples = 1024
        print(f"3. per-sample gradients of Model 2, samples/s ({samples} MNIST images, blocks of 128, 1 thread):")
        f, jv, rss = [], [], 0
        for _ in range(a.pairs):
            f.append(torch_per_sample(x, y, samples))
            o = json.loads(subprocess.run([THERMOSGD, "bench", "per-sample", "--model", "cnn", "--samples",
                                           str(samples), "--block", "128", "--repeats", "3"], check=True,
                                          capture_output=True, text=True).stdout)
            jv.append(o["samplesPerSecond"])
            rss = max(rss, o["peakRssMb"])
        print(f"   functorch vmap(grad) {spread(f)}   thermosgd {spread(jv)}   ratio"
              f" {spread([a_ / b_ for a_, b_ in zip(jv, f)])} (target >= 2); thermosgd peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
