#!/usr/bin/python3
"""PyTorch side of the benchmark at a chosen thread count: runs shared/bench/torch_reference_bench.py unchanged (it
pins 2 threads; here its set_num_threads call is neutralised after setting ours) and adds, measured the same way
(its per_second: one warm-up call, then calls for 2 s), the two kernels it leaves out: CNN input gradients at batch
1024 and CNN logit Jacobians (10 reverse passes) at batch 256. Prints one JSON object.

Debian's python3-torch is built with BLAS_INFO=generic and calls libblas.so.3, which on this machine is the
reference (Netlib) BLAS of libblas3: its sgemm runs at about 0.6 GFLOP/s, so the MLP (all gemm) is some 40x slower
than PyTorch with an optimised BLAS. --openblas re-runs the process with the OpenBLAS 0.3.19 that ND4J itself uses
(org.bytedeco:openblas from ~/.m2, unpacked to a temporary directory) preloaded, so that both sides use one BLAS;
convolutions run on oneDNN (libdnnl) either way.

  /usr/bin/python3 bench/torch_reference.py 1             # 1 thread, Debian's BLAS (2 threads: argument 2)
  /usr/bin/python3 bench/torch_reference.py 1 --openblas  # 1 thread, OpenBLAS
  /usr/bin/python3 bench/torch_reference.py 1 --openblas --pgd   # adds PGD-40 on Cusp's trained MLP

--pgd runs PGD-40 (L-inf, eps 0.1, 40 sign steps of eps/30, random start, per-example early stop: Cusp's
algorithm and defaults) on the trained benchmark MLP that `java ... dev.cusp.bench.ExportWeights` wrote to
bench/target/models/, against the first 256 Fashion-MNIST test images, so both sides attack the same network.

--fgsm checks Cusp's FGSM against this independent implementation: it recomputes FGSM (L-inf, eps 0.01, 0.02,
0.05, 0.1) on the same weights and images and compares, example by example, the adversarial class, success and the
adversarial inputs with what `java ... dev.cusp.bench.ExportFgsm` wrote (fgsm-cusp.csv and fgsm-cusp.bin).
"""
import contextlib
import io
import json
import os
import runpy
import sys
import tempfile
import zipfile

OPENBLAS_JAR = os.path.expanduser(
    "~/.m2/repository/org/bytedeco/openblas/0.3.19-1.5.7/openblas-0.3.19-1.5.7-linux-x86_64.jar")
OPENBLAS_LIBS = ("libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1")


def with_openblas(threads):
    """Re-executes this script with OpenBLAS preloaded (its sgemm_ then wins over libblas.so.3's)."""
    if os.environ.get("CUSP_TORCH_OPENBLAS"):
        return os.environ["CUSP_TORCH_OPENBLAS"]
    target = os.path.join(tempfile.gettempdir(), "cusp-torch-openblas-0.3.19")
    os.makedirs(target, exist_ok=True)
    with zipfile.ZipFile(OPENBLAS_JAR) as jar:
        for name in OPENBLAS_LIBS:
            path = os.path.join(target, name)
            if not os.path.isfile(path):
                with jar.open("org/bytedeco/openblas/linux-x86_64/" + name) as src, open(path, "wb") as dst:
                    dst.write(src.read())
    library = os.path.join(target, "libopenblas.so.0")
    env = dict(os.environ, LD_PRELOAD=library, OPENBLAS_NUM_THREADS=str(threads), CUSP_TORCH_OPENBLAS=library)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


import torch
import torch.nn as nn
import torch.nn.functional as F

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench",
                      "torch_reference_bench.py")


MODELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "models")
FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def trained_mlp():
    with open(os.path.join(MODELS, "mlp-weights.json")) as f:
        spec = json.load(f)["layers"]
    flat = torch.from_numpy(__import__("numpy").fromfile(os.path.join(MODELS, "mlp-weights.bin"), dtype="<f4"))
    layers, at = [], 0
    for i, layer in enumerate(spec):
        linear = nn.Linear(layer["in"], layer["out"])
        w = flat[at:at + layer["in"] * layer["out"]].reshape(layer["in"], layer["out"])
        at += layer["in"] * layer["out"]
        b = flat[at:at + layer["out"]]
        at += layer["out"]
        with torch.no_grad():
            linear.weight.copy_(w.t())
            linear.bias.copy_(b)
        layers.append(linear)
        if i < len(spec) - 1:
            assert layer["activation"] == "relu", layer
            layers.append(nn.ReLU())
    return nn.Sequential(*layers).eval()


def fashion_test(n):
    import gzip
    import numpy
    with gzip.open(FASHION) as f:
        images = numpy.frombuffer(f.read(), dtype=numpy.uint8, offset=16)[:n * 784]
    with gzip.open(FASHION.replace("images-idx3", "labels-idx1")) as f:
        labels = numpy.frombuffer(f.read(), dtype=numpy.uint8, offset=8)[:n]
    return (torch.from_numpy(images.astype("float32")).reshape(n, 784) / 255.0,
            torch.from_numpy(labels.astype("int64")))


def pgd40(net, x0, y, eps=0.1, steps=40, rel_step=1.0 / 30, seed=0):
    """Cusp's PGD-40 (gradient.Pgd + SteepestAscent): returns (adversarial, successes, gradient evaluations)."""
    alpha = eps * rel_step
    gen = torch.Generator().manual_seed(seed)
    out = x0.clone()
    with torch.no_grad():
        active = (net(x0).argmax(1) == y).nonzero().flatten()
    x = (x0[active] + (torch.rand(x0[active].shape, generator=gen) * 2 - 1) * eps).clamp(0, 1)
    left, gradients = steps, 0
    while len(active) > 0:
        with torch.no_grad():
            hit = net(x).argmax(1) != y[active]
        out[active[hit]] = x[hit]
        active, x = active[~hit], x[~hit]
        if len(active) == 0 or left == 0:
            break
        xx = x.clone().requires_grad_(True)
        F.cross_entropy(net(xx), y[active], reduction="sum").backward()
        gradients += len(active)
        x = torch.min(torch.max(x + alpha * xx.grad.sign(), x0[active] - eps), x0[active] + eps).clamp(0, 1)
        left -= 1
    out[active] = x
    with torch.no_grad():
        robust = (net(out).argmax(1) == y).float().mean().item()
    return out, robust, gradients


def pgd40_on_trained_mlp(n=256):
    import time
    net = trained_mlp()
    x0, y = fashion_test(n)
    with torch.no_grad():
        clean = (net(x0).argmax(1) == y).float().mean().item()
    pgd40(net, x0, y)
    best, result = None, None
    for _ in range(3):
        t0 = time.perf_counter()
        result = pgd40(net, x0, y)
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    _, robust, gradients = result
    return {"trained_mlp_clean_accuracy_first256": round(clean, 4),
            "trained_mlp_pgd40_robust_accuracy_eps0.1": round(robust, 4),
            "trained_mlp_pgd40_examples_per_s_batch256": round(n / best, 1),
            "trained_mlp_pgd40_gradients_per_example": round(gradients / n, 2),
            "trained_mlp_pgd40_gradients_per_s": round(gradients / best, 1)}


def fgsm_check():
    """Recomputes Cusp's FGSM (ExportFgsm) on the same weights and images and compares it example by example."""
    import csv
    import numpy
    net = trained_mlp()
    with open(os.path.join(MODELS, "fgsm-cusp.csv")) as f:
        rows = list(csv.DictReader(f))
    epsilons = sorted({float(r["epsilon"]) for r in rows})
    n = len(rows) // len(epsilons)
    x0, y = fashion_test(n)
    cusp_inputs = torch.from_numpy(numpy.fromfile(os.path.join(MODELS, "fgsm-cusp.bin"), dtype="<f4")).reshape(
        len(epsilons), n, 784)
    with torch.no_grad():
        clean = net(x0).argmax(1)
    xx = x0.clone().requires_grad_(True)
    F.cross_entropy(net(xx), y, reduction="sum").backward()
    out = {}
    for k, eps in enumerate(epsilons):
        # FGSM as Cusp defines it: examples already misclassified are returned untouched
        adv = torch.where((clean != y).unsqueeze(1), x0, (x0 + eps * xx.grad.sign()).clamp(0, 1))
        with torch.no_grad():
            predicted = net(adv).argmax(1)
        theirs = [r for r in rows if float(r["epsilon"]) == eps]
        cusp_class = torch.tensor([int(r["adversarial_class"]) for r in theirs])
        cusp_success = torch.tensor([r["success"] == "true" for r in theirs])
        differing = (adv != cusp_inputs[k]).any(1)
        out[f"eps{eps}"] = {
            "examples": n,
            "same_adversarial_class": int((predicted == cusp_class).sum()),
            "same_success": int(((predicted != y) == cusp_success).sum()),
            "robust_accuracy_torch": round(float((predicted == y).float().mean()), 4),
            "robust_accuracy_cusp": round(float((~cusp_success).float().mean()), 4),
            "examples_with_any_differing_pixel": int(differing.sum()),
            "max_abs_pixel_difference": float((adv - cusp_inputs[k]).abs().max()),
        }
    return {"fgsm_check_trained_mlp": out}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    threads = int(args[0]) if args else 1
    blas = with_openblas(threads) if "--openblas" in sys.argv else "libblas.so.3 (Debian)"
    script = os.environ.get("TORCH_REFERENCE_BENCH", SHARED)
    if not os.path.isfile(script):
        script = "/work/shared/bench/torch_reference_bench.py"
    torch.set_num_threads(threads)
    torch.set_num_threads = lambda n: None
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        module = runpy.run_path(script, run_name="__main__")
    out = json.loads(printed.getvalue())
    per_second = module["per_second"]
    torch.manual_seed(0)
    cnn = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(32 * 4 * 4, 128), nn.ReLU(), nn.Linear(128, 10)).eval()
    bs = 1024
    x, y = torch.rand(bs, 784), torch.randint(0, 10, (bs,))

    def cgrad():
        xx = x.clone().requires_grad_(True)
        F.cross_entropy(cnn(xx), y).backward()
    out[f"cnn_input_gradients_per_s_batch{bs}"] = round(per_second(cgrad, bs), 1)
    bs = 256
    x = torch.rand(bs, 784)

    def cjac():
        xx = x.clone().requires_grad_(True)
        z = cnn(xx)
        return torch.stack([torch.autograd.grad(z[:, k].sum(), xx, retain_graph=True)[0] for k in range(10)], 1)
    out["cnn_logit_jacobians_per_s_batch256"] = round(per_second(cjac, bs), 1)
    if "--pgd" in sys.argv:
        out.update(pgd40_on_trained_mlp())
    if "--fgsm" in sys.argv:
        out.update(fgsm_check())
    out["threads"] = torch.get_num_threads()
    out["blas"] = blas
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
