"""Training-step throughput of MotorPick's U-Net in PyTorch (Debian python3-torch), the baseline for ModelBench.

  /usr/bin/python3 bench/model/torch_bench.py --preset tiny --patch 64,128,128 --batch 2 --threads 2 --iters 10 --warmup 2
  /usr/bin/python3 bench/model/torch_bench.py --parity parity.pt   # check a TorchSharp export: same weights, same output

One step = forward + BCE-with-logits + backward + AdamW step, batch of uint8-valued float input, as the C# loop does.
"""
import argparse, os, resource, sys, time
import torch
import torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import motorpick_model as mm


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="tiny")
    ap.add_argument("--patch", default="64,128,128")
    ap.add_argument("--stride", type=int, default=16)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--channels-last", type=int, default=0, help="1: model and input in torch.channels_last_3d")
    ap.add_argument("--parity", default=None, help="a .pt written by ModelBench --parity: state dict + input + output")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.parity:
        return parity(a)
    p = [int(v) for v in a.patch.split(",")]
    torch.manual_seed(0)
    model = mm.build(a.preset, a.stride)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4, eps=1e-7, weight_decay=0)
    x = torch.randint(0, 256, (a.batch, 1, *p)).float()
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last_3d)
        x = x.contiguous(memory_format=torch.channels_last_3d)
    y = torch.rand(a.batch, 1, *[d // a.stride for d in p])
    model.train()
    times = []
    parts = [0.0, 0.0, 0.0]  # forward + loss, backward, optimiser step
    for i in range(a.warmup + a.iters):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=False)
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i >= a.warmup:
            times.append(t3 - t0)
            parts[0] += t1 - t0; parts[1] += t2 - t1; parts[2] += t3 - t2
    nparam = sum(t.numel() for t in model.parameters())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mean = sum(times) / len(times)
    print(f"engine=pytorch-{torch.__version__} preset={a.preset} params={nparam} patch={a.patch} batch={a.batch} threads={a.threads} "
          f"step_ms_mean={mean * 1000:.1f} step_ms_best={min(times) * 1000:.1f} steps_per_s={1 / mean:.3f} peak_rss_mb={rss:.0f} "
          f"channels_last={a.channels_last} forward_ms={parts[0] / a.iters * 1000:.1f} backward_ms={parts[1] / a.iters * 1000:.1f} optimizer_ms={parts[2] / a.iters * 1000:.1f}")


def parity(a):
    d = torch.load(a.parity)
    meta = d.pop("__preset__").tolist() if "__preset__" in d else None
    x, y_ref = d.pop("__input__"), d.pop("__output__")
    preset = a.preset
    model = mm.build(preset, a.stride)
    missing, unexpected = model.load_state_dict(d, strict=True)
    model.eval()
    with torch.no_grad():
        y = model(x)
    diff = (y - y_ref).abs().max().item()
    print(f"parity preset={preset} keys={len(d)} max_abs_diff={diff:.3g} {'OK' if diff < 1e-3 else 'MISMATCH'}")
    sys.exit(0 if diff < 1e-3 else 1)


if __name__ == "__main__":
    main()
