"""PyTorch side of bench/inference: the same tiny network (MotorPick's U-Net twin, ../model/motorpick_model.py) on the
same deterministic window as InferenceBench, plus an ONNX export for the ONNX Runtime run.

  /usr/bin/python3 bench/inference/torch_forward.py --weights bench/out/inference/tiny/tiny.pt --onnx bench/out/inference/tiny/tiny.onnx
"""
import argparse, os, resource, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "model"))
import motorpick_model as mm  # noqa: E402


def window(shape):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    return torch.from_numpy(((i * 37 + i // 4099) % 256).astype(np.float32).reshape(1, 1, *shape))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--preset", default="tiny")
    ap.add_argument("--patch", default="224,448,448")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=2, help="timed forwards after one warm-up (0 with --onnx: export only)")
    ap.add_argument("--onnx", default=None, help="also export the network to this ONNX file (opset 13, dynamic N/D/H/W)")
    ap.add_argument("--compare", default=None, help="raw float32 logits written by InferenceBench forward --dump")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model = mm.build(a.preset, 16)
    model.load_state_dict(torch.load(a.weights), strict=True)
    model.eval()
    p = [int(v) for v in a.patch.split(",")]
    x = window(p)
    if a.onnx:
        small = window([32, 64, 64])
        torch.onnx.export(model, small, a.onnx, opset_version=13, input_names=["image"], output_names=["logits"],
                          dynamic_axes={"image": {0: "n", 2: "d", 3: "h", 4: "w"}, "logits": {0: "n", 2: "d", 3: "h", 4: "w"}})
        if a.iters == 0:
            return
    times = []
    with torch.inference_mode():
        for i in range(a.iters + 1):
            t0 = time.perf_counter()
            y = model(x)
            if i > 0:
                times.append(time.perf_counter() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    msg = (f"engine=pytorch-{torch.__version__} patch={a.patch} threads={a.threads} forward_ms_mean={1000 * sum(times) / len(times):.0f} "
           f"forward_ms_best={1000 * min(times):.0f} out={tuple(y.shape)} logit_sum={y.double().sum().item():.4f} peak_rss_mb={rss:.0f}")
    if a.compare:
        ref = np.fromfile(a.compare, dtype=np.float32)
        msg += f" max_abs_diff_vs_dump={np.abs(ref - y.numpy().ravel()).max():.2e}"
    print(msg)


if __name__ == "__main__":
    main()
