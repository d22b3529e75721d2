#!/usr/bin/env python3
"""Euler-Maruyama for underdamped Langevin: thermosgd (Java) against a vectorised numpy reference, same run.

Problem: n-dimensional diagonal quadratic f = sum h_i x_i^2 / 2 with h_i evenly spaced in [0.5, 2], friction 1,
temperature 1 (noise covariance 2 I), dt = 0.01, M paths from rest. Both sides do
    V' = V + (-gamma V - h X) dt + sqrt(2 gamma T dt) N,   X' = X + V dt
in float64. numpy runs step-major over an (M, n) array with in-place operations and its default Generator
(PCG64 + ziggurat normals); thermosgd runs path-major. Prints path-steps per second (median and best of the
timed runs: this VM's timings vary by 20-30% run to run) and the ratios java(1 thread)/numpy and
java(2 threads)/java(1 thread).
Usage: bench/sde_em.py [--dim 1000] [--paths 1000] [--steps 50]
"""
import argparse
import json
import os
import subprocess
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def numpy_em(n, m, steps, seed=1, dt=0.01, gamma=1.0, temperature=1.0):
    h = 0.5 + 1.5 * np.arange(n) / max(1, n - 1)
    rng = np.random.default_rng(seed)
    x = np.zeros((m, n))
    v = np.zeros((m, n))
    noise = np.empty((m, n))
    tmp = np.empty((m, n))
    xinc = np.empty((m, n))
    sig = np.sqrt(2 * gamma * temperature * dt)
    t0 = time.perf_counter()
    for _ in range(steps):
        rng.standard_normal(out=noise)
        np.multiply(x, h, out=tmp)
        tmp *= -dt
        np.multiply(v, dt, out=xinc)
        x += xinc
        v *= 1 - gamma * dt
        v += tmp
        noise *= sig
        v += noise
    return time.perf_counter() - t0, float(x[:, 0].sum())


def numpy_rate(n, m, steps, repeats):
    numpy_em(n, m, 2)
    times = sorted(numpy_em(n, m, steps, seed=r)[0] for r in range(repeats))
    return m * steps / times[len(times) // 2], m * steps / times[0]


def java_rate(n, m, steps, threads, repeats):
    out = subprocess.run([os.path.join(ROOT, "thermosgd"), "bench", "sde-em", "--dim", str(n), "--paths", str(m),
                          "--steps", str(steps), "--threads", str(threads), "--repeats", str(repeats)],
                         check=True, capture_output=True, text=True).stdout
    j = json.loads(out)
    return j["pathStepsPerSecond"], j["bestPathStepsPerSecond"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dim", type=int, default=1000)
    ap.add_argument("--paths", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=7)
    a = ap.parse_args()
    ref = numpy_rate(a.dim, a.paths, a.steps, a.repeats)
    j1 = java_rate(a.dim, a.paths, 4 * a.steps, 1, a.repeats)
    j2 = java_rate(a.dim, a.paths, 4 * a.steps, 2, a.repeats)
    print(f"Euler-Maruyama, underdamped Langevin, n = {a.dim}, M = {a.paths} paths; {a.repeats} timed runs each,"
          " path-steps/s as median (best)")
    print(f"  numpy {np.__version__} (1 thread, vectorised, step-major): {ref[0]:9.0f} ({ref[1]:9.0f})")
    print(f"  thermosgd, 1 thread:                     {j1[0]:9.0f} ({j1[1]:9.0f})")
    print(f"  thermosgd, 2 threads:                    {j2[0]:9.0f} ({j2[1]:9.0f})")
    print(f"  ratio thermosgd(1 thread) / numpy:  {j1[0] / ref[0]:5.2f} ({j1[1] / ref[1]:5.2f})  target >= 3")
    print(f"  ratio thermosgd 2 threads / 1:      {j2[0] / j1[0]:5.2f} ({j2[1] / j1[1]:5.2f})  target >= 1.8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
