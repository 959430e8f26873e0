"""OpBench's PyTorch side: the same single operations, contiguous against channels_last_3d (see Program.cs)."""
import sys, time
import torch, torch.nn as nn, torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
print(f"PyTorch {torch.__version__}, {threads} threads; ms per forward + backward (mean of 20 after 3)")


def time_op(name, f):
    for _ in range(3):
        f().sum().backward()
    t = time.perf_counter()
    for _ in range(20):
        f().sum().backward()
    print(f"{name:<36} {(time.perf_counter() - t) / 20 * 1000:8.2f}")


torch.manual_seed(0)
for cl in (False, True):
    fmt = torch.channels_last_3d if cl else torch.contiguous_format
    inp = lambda *s: torch.randn(*s).contiguous(memory_format=fmt).requires_grad_()
    big, mid, small = inp(2, 8, 32, 64, 64), inp(2, 8, 16, 32, 32), inp(2, 16, 8, 16, 16)
    conv1x1, conv3, conv3b = nn.Conv3d(8, 8, 1, bias=False), nn.Conv3d(8, 8, 3, padding=1, bias=False), nn.Conv3d(16, 16, 3, padding=1, bias=False)
    if cl:
        for m in (conv1x1, conv3, conv3b):
            m.to(memory_format=fmt)
    bn = nn.BatchNorm3d(8)
    tag = "channels-last " if cl else "contiguous    "
    time_op(tag + "conv 1x1x1 8ch 32x64x64", lambda: conv1x1(big))
    time_op(tag + "conv 3x3x3 8ch 16x32x32", lambda: conv3(mid))
    time_op(tag + "conv 3x3x3 16ch 8x16x16", lambda: conv3b(small))
    time_op(tag + "max pool 3/2 32x64x64", lambda: F.max_pool3d(big, 3, 2, 1))
    time_op(tag + "batch norm 32x64x64", lambda: bn(big))
    time_op(tag + "avg pool 8 32x64x64", lambda: F.avg_pool3d(big, 8, 8))
    time_op(tag + "trilinear x2 8x16x16", lambda: F.interpolate(small, size=(16, 32, 32), mode="trilinear", align_corners=False))
