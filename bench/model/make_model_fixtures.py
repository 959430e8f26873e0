"""Writes tests/fixtures/peer/torch-models: what the PyTorch twin (motorpick_model.py, Debian python3-torch 1.13) says
about the round-2 presets, for the C# tests to compare against.

* <preset>.names.txt: every state-dict entry (parameters and buffers) of the full-size preset, "name<TAB>d0xd1x...".
* <case>.pt: the state dict of a small network of the same architecture, with randomised weights and norm statistics
  (torch.save); <case>.json: its spec; <case>.logits.bin: the twin's eval-mode logits (float32 little-endian) for the
  fixed 1x1x32x64x64 input ((7z + 13y + 3x) mod 256, see fixed_input; the C# test computes the same).

Run: /usr/bin/python3 bench/model/make_model_fixtures.py tests/fixtures/peer/torch-models
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import motorpick_model as mm  # noqa: E402

SMALL = {
    # the blocks of resnet101 (bottleneck) and convnext-tiny-2.5d, narrow and shallow so the files stay small
    "resnet-bottleneck-small": mm.spec(block="bottleneck", layers=[1, 1, 1, 1], widths=[4, 8, 8, 16], stem_channels=8, stem_kernel=5,
                                       neck_channels=8, decoder_channels=8),
    "convnext-2.5d-small": mm.imagenet3(encoder="convnext2.5d", layers=[1, 1, 1, 1], widths=[8, 16, 24, 32], stem_channels=8,
                                        neck_channels=8, decoder_channels=8),
}
SHAPE = (1, 1, 32, 64, 64)


def fixed_input():
    z, y, x = torch.meshgrid(*[torch.arange(n) for n in SHAPE[2:]], indexing="ij")
    return ((z * 7 + y * 13 + x * 3) % 256).float().reshape(SHAPE)


def main(out):
    os.makedirs(out, exist_ok=True)
    for preset in ("resnet101", "convnext-tiny-2.5d"):
        net = mm.build(preset)
        with open(os.path.join(out, f"{preset}.names.txt"), "w") as f:
            for name, t in net.state_dict().items():
                f.write(f"{name}\t{'x'.join(str(d) for d in t.shape)}\n")
    for case, s in SMALL.items():
        torch.manual_seed(7)
        net = mm.HeatmapUNet3d(dict(s))
        with torch.no_grad():
            for name, t in net.state_dict().items():
                if not t.is_floating_point():
                    continue
                if name.endswith("running_var"):
                    t.copy_(0.75 + 0.5 * torch.rand(t.shape))
                elif name.endswith("gamma"):
                    t.copy_(0.5 + 0.5 * torch.rand(t.shape))  # timm starts layer scale at 1e-6: make the blocks count
                else:
                    t.copy_(0.3 * torch.randn(t.shape) if "running_mean" in name or name.endswith("bias") else t + 0.1 * torch.randn(t.shape))
        net.eval()
        x = fixed_input()
        with torch.no_grad():
            y = net(x)
        torch.save(net.state_dict(), os.path.join(out, f"{case}.pt"), _use_new_zipfile_serialization=True)
        with open(os.path.join(out, f"{case}.json"), "w") as f:
            json.dump({k: v for k, v in s.items()}, f, indent=1)
        y.numpy().astype("<f4").tofile(os.path.join(out, f"{case}.logits.bin"))
        print(case, sum(t.numel() for t in net.parameters()), "parameters, logits", tuple(y.shape), float(y.abs().max()))


if __name__ == "__main__":
    main(sys.argv[1])
