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
    out["threads"] = torch.get_num_threads()
    out["blas"] = blas
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
