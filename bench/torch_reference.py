#!/usr/bin/python3
"""PyTorch side of the benchmark at a chosen thread count: runs shared/bench/torch_reference_bench.py unchanged (it
pins 2 threads; here its set_num_threads call is neutralised after setting ours) and adds, measured the same way
(its per_second: one warm-up call, then calls for 2 s), the two kernels it leaves out: CNN input gradients at batch
1024 and CNN logit Jacobians (10 reverse passes) at batch 256. Prints one JSON object.

  /usr/bin/python3 bench/torch_reference.py 1      # 1 thread (2 threads: argument 2)
"""
import contextlib
import io
import json
import os
import runpy
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench",
                      "torch_reference_bench.py")


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    script = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("TORCH_REFERENCE_BENCH", SHARED)
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
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
