"""MotorPick's heatmap U-Net in PyTorch, with the same parameter names as the C# (TorchSharp) model.

Used by the throughput benchmark (same architecture in both engines) and as the reference for exchanging weights:
a state dict saved by MotorPick (model.safetensors / save_py .pt) loads here with load_state_dict(strict=True).
Mirrors src/MotorPick.Model/Nn/*.cs; keep the two in step.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

X3D_MEAN, X3D_STD = [114.75], [57.375]
IMAGENET_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
IMAGENET_STD = [0.229 * 255, 0.224 * 255, 0.225 * 255]


def spec(**kw):
    s = dict(encoder="resnet", in_channels=1, input_mean=X3D_MEAN, input_std=X3D_STD, norm="batch", block="basic",
             layers=[1, 1, 1, 1], widths=[16, 32, 64, 128], stem_channels=16, stem_kernel=7, groups=1, width_per_group=64,
             expansion=2.25, se_ratio=0.0625, levels=5, neck_channels=16, decoder_channels=32, decoder_blocks=1, output_stride=16)
    s.update(kw)
    return s


def imagenet3(**kw):
    return spec(in_channels=3, input_mean=IMAGENET_MEAN, input_std=IMAGENET_STD, **kw)


def x3d3(**kw):
    return spec(in_channels=3, input_mean=X3D_MEAN * 3, input_std=X3D_STD * 3, **kw)


PRESETS = {
    "tiny": spec(block="basic", layers=[1, 1, 1, 1], widths=[8, 16, 32, 64], stem_channels=8, stem_kernel=5, neck_channels=8, decoder_channels=16),
    "small": spec(block="basic", layers=[1, 1, 2, 1], widths=[16, 32, 64, 128], stem_channels=16, stem_kernel=5, neck_channels=16, decoder_channels=32),
    "x3d-tiny": spec(encoder="x3d", layers=[1, 2, 2, 1], widths=[12, 24, 48, 96], stem_channels=12, neck_channels=16, decoder_channels=32),
    "resnet18": imagenet3(block="basic", layers=[2, 2, 2, 2], widths=[64, 128, 256, 512], stem_channels=64, neck_channels=32, decoder_channels=64),
    "resnet34": imagenet3(block="basic", layers=[3, 4, 6, 3], widths=[64, 128, 256, 512], stem_channels=64, neck_channels=32, decoder_channels=64),
    "resnet50": imagenet3(block="bottleneck", layers=[3, 4, 6, 3], widths=[64, 128, 256, 512], stem_channels=64, neck_channels=32, decoder_channels=64),
    "resnext50": imagenet3(block="bottleneck", layers=[3, 4, 6, 3], widths=[64, 128, 256, 512], stem_channels=64, groups=32, width_per_group=4, neck_channels=32, decoder_channels=64),
    "x3d-m": x3d3(encoder="x3d", layers=[3, 5, 11, 7], widths=[24, 48, 96, 192], stem_channels=24, neck_channels=None, decoder_channels=64),
    "resnet101": imagenet3(block="bottleneck", layers=[3, 4, 23, 3], widths=[64, 128, 256, 512], stem_channels=64, neck_channels=32, decoder_channels=64),
    "resnet101-mini": spec(block="bottleneck", layers=[1, 1, 2, 1], widths=[8, 16, 32, 64], stem_channels=8, stem_kernel=5, neck_channels=8, decoder_channels=16),
    "convnext-tiny-2.5d": imagenet3(encoder="convnext2.5d", layers=[3, 3, 9, 3], widths=[96, 192, 384, 768], stem_channels=96, neck_channels=32, decoder_channels=64),
    "convnext-2.5d-mini": imagenet3(encoder="convnext2.5d", layers=[1, 1, 2, 1], widths=[16, 32, 64, 128], stem_channels=16, neck_channels=8, decoder_channels=16),
    "x3d-l": x3d3(encoder="x3d", layers=[5, 10, 25, 15], widths=[24, 48, 96, 192], stem_channels=24, neck_channels=None, decoder_channels=64),
}


def conv(cin, cout, k, stride=1, groups=1, bias=False):
    k3 = k if isinstance(k, tuple) else (k, k, k)
    s3 = stride if isinstance(stride, tuple) else (stride, stride, stride)
    return nn.Conv3d(cin, cout, k3, stride=s3, padding=tuple(x // 2 for x in k3), groups=groups, bias=bias)


def norm(s, c):
    if s["norm"] == "group":
        g = min(s.get("norm_groups", 8), c)
        return nn.GroupNorm(g if c % g == 0 else 1, c)
    return nn.BatchNorm3d(c)


class BasicBlock3d(nn.Module):
    def __init__(self, s, inplanes, planes, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(inplanes, planes, 3, stride), norm(s, planes)
        self.conv2, self.bn2 = conv(planes, planes, 3), norm(s, planes)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = nn.Sequential(conv(inplanes, planes, 1, stride), norm(s, planes)) if stride != 1 or inplanes != planes else None

    def forward(self, x):
        y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return self.relu(y + (x if self.downsample is None else self.downsample(x)))


class Bottleneck3d(nn.Module):
    def __init__(self, s, inplanes, planes, stride):
        super().__init__()
        width = planes * s["width_per_group"] // 64 * s["groups"]
        outp = planes * 4
        self.conv1, self.bn1 = conv(inplanes, width, 1), norm(s, width)
        self.conv2, self.bn2 = conv(width, width, 3, stride, groups=s["groups"]), norm(s, width)
        self.conv3, self.bn3 = conv(width, outp, 1), norm(s, outp)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = nn.Sequential(conv(inplanes, outp, 1, stride), norm(s, outp)) if stride != 1 or inplanes != outp else None

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return self.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNetEncoder3d(nn.Module):
    def __init__(self, s):
        super().__init__()
        bottleneck = s["block"] == "bottleneck"
        self.conv1, self.bn1 = conv(s["in_channels"], s["stem_channels"], s["stem_kernel"], 2), norm(s, s["stem_channels"])
        self.relu, self.maxpool = nn.ReLU(inplace=True), nn.MaxPool3d(3, 2, 1)
        self.channels = [s["stem_channels"]]
        inplanes = s["stem_channels"]
        for i in range(s["levels"] - 1):
            blocks = []
            for b in range(s["layers"][i]):
                stride = 2 if b == 0 and i > 0 else 1
                blocks.append((Bottleneck3d if bottleneck else BasicBlock3d)(s, inplanes, s["widths"][i], stride))
                inplanes = s["widths"][i] * (4 if bottleneck else 1)
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
            self.channels.append(inplanes)
        self.n = s["levels"] - 1

    def forward(self, x):
        f = [self.relu(self.bn1(self.conv1(x)))]
        y = self.layer1(self.maxpool(f[0]))
        f.append(y)
        for i in range(2, self.n + 1):
            y = getattr(self, f"layer{i}")(y)
            f.append(y)
        return f


def round_width(width, multiplier, divisor=8):
    width *= multiplier
    out = max(divisor, int(width + divisor / 2) // divisor * divisor)
    if out < 0.9 * width:
        out += divisor
    return out


class SqueezeExcite3d(nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.fc1, self.fc2, self.relu = nn.Conv3d(c, hidden, 1), nn.Conv3d(hidden, c, 1), nn.ReLU(inplace=True)

    def forward(self, x):
        return x * self.fc2(self.relu(self.fc1(F.adaptive_avg_pool3d(x, 1)))).sigmoid()


class X3dBlock(nn.Module):
    def __init__(self, s, cin, inner, cout, stride, use_se):
        super().__init__()
        self.conv_a, self.norm_a, self.act_a = conv(cin, inner, 1), norm(s, inner), nn.ReLU(inplace=True)
        self.conv_b, self.norm_b = conv(inner, inner, 3, stride, groups=inner), norm(s, inner)
        self.se = SqueezeExcite3d(inner, round_width(inner, s["se_ratio"])) if use_se else None
        self.act_b = nn.SiLU()
        self.conv_c, self.norm_c, self.relu = conv(inner, cout, 1), norm(s, cout), nn.ReLU(inplace=True)
        if cin != cout or stride != 1:
            self.branch1_conv, self.branch1_norm = conv(cin, cout, 1, stride), norm(s, cout)
        else:
            self.branch1_conv = None

    def forward(self, x):
        y = self.norm_b(self.conv_b(self.act_a(self.norm_a(self.conv_a(x)))))
        if self.se is not None:
            y = self.se(y)
        y = self.norm_c(self.conv_c(self.act_b(y)))
        sc = x if self.branch1_conv is None else self.branch1_norm(self.branch1_conv(x))
        return self.relu(y + sc)


class X3dStem(nn.Module):
    def __init__(self, s):
        super().__init__()
        c = s["stem_channels"]
        self.conv_xy = conv(s["in_channels"], c, (1, 3, 3), (1, 2, 2))
        self.conv_t = conv(c, c, (5, 1, 1), (2, 1, 1), groups=c)
        self.norm, self.act = norm(s, c), nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.norm(self.conv_t(self.conv_xy(x))))


class X3dEncoder3d(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.stem = X3dStem(s)
        self.channels = [s["stem_channels"]]
        stages, cin = [], s["stem_channels"]
        for i in range(s["levels"] - 1):
            w = s["widths"][i]
            inner = int(w * s["expansion"])
            blocks = []
            for b in range(s["layers"][i]):
                blocks.append(X3dBlock(s, cin, inner, w, 2 if b == 0 else 1, s["se_ratio"] > 0 and b % 2 == 0))
                cin = w
            stages.append(nn.Sequential(*blocks))
            self.channels.append(w)
        self.stages = nn.ModuleList(stages)

    def forward(self, x):
        f = [self.stem(x)]
        for st in self.stages:
            f.append(st(f[-1]))
        return f


class LayerNorm2d(nn.LayerNorm):
    """timm's LayerNorm2d: LayerNorm over the channels of N x C x H x W."""

    def forward(self, x):
        return F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape, self.weight, self.bias, self.eps).permute(0, 3, 1, 2)


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.act, self.fc2 = nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class ConvNeXtBlock(nn.Module):
    """timm's ConvNeXtBlock with conv_mlp=False, kernel 7, mlp_ratio 4, layer scale 1e-6, no drop path."""

    def __init__(self, dim):
        super().__init__()
        self.conv_dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim, bias=True)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, 4 * dim)
        self.gamma = nn.Parameter(1e-6 * torch.ones(dim))

    def forward(self, x):
        y = self.conv_dw(x).permute(0, 2, 3, 1)
        y = self.mlp(self.norm(y)).permute(0, 3, 1, 2)
        return y.mul(self.gamma.reshape(1, -1, 1, 1)) + x


class ConvNeXtStage(nn.Module):
    def __init__(self, cin, cout, depth, stride2):
        super().__init__()
        if stride2 or cin != cout:
            k = 2 if stride2 else 1
            self.downsample = nn.Sequential(LayerNorm2d(cin, eps=1e-6), nn.Conv2d(cin, cout, k, stride=k, bias=True))
        else:
            self.downsample = nn.Identity()
        self.blocks = nn.Sequential(*[ConvNeXtBlock(cout) for _ in range(depth)])

    def forward(self, x):
        return self.blocks(self.downsample(x))


class ConvNeXtEncoder2p5d(nn.Module):
    """timm's ConvNeXt (names stem.0/1, stages.S.downsample/blocks) on real 2D images: image i of a N x C x D x H x W input
    holds slices 4i + c of channel c; level features (N·D/4) x C x h x w go back to N x C x D/4 x h x w and are
    average-pooled along z by stride/4."""

    def __init__(self, s):
        super().__init__()
        w = s["widths"]
        self.slices = s["in_channels"]
        self.stem = nn.Sequential(nn.Conv2d(s["in_channels"], w[0], 4, stride=4, bias=True), LayerNorm2d(w[0], eps=1e-6))
        stages, cin = [], w[0]
        for i in range(s["levels"] - 1):
            stages.append(ConvNeXtStage(cin, w[i], s["layers"][i], i > 0))
            cin = w[i]
        self.stages = nn.Sequential(*stages)
        self.channels = [w[i] for i in range(s["levels"] - 1)]
        self.strides = [4 << i for i in range(s["levels"] - 1)]

    def forward(self, x):
        slabs = torch.cat([x[:, c:c + 1, c::4] for c in range(self.slices)], 1)  # N x C x D/4 x H x W
        n, c, d, h, w = slabs.shape
        y = self.stem(slabs.permute(0, 2, 1, 3, 4).reshape(n * d, c, h, w))
        outs = []
        for stage, stride in zip(self.stages, self.strides):
            y = stage(y)
            f = y.reshape(n, d, *y.shape[1:]).permute(0, 2, 1, 3, 4)
            k = stride // 4
            outs.append(f if k == 1 else F.avg_pool3d(f, (k, 1, 1), (k, 1, 1)))
        return outs


class FpnNeck3d(nn.Module):
    def __init__(self, s, channels, strides=None):
        super().__init__()
        self.strides = strides or [2 ** (i + 1) for i in range(len(channels))]
        self.output_stride = s["output_stride"]
        c = s["neck_channels"]
        if c is not None:
            self.lateral = nn.ModuleList([nn.Sequential(dict_seq(conv=conv(ci, c, 1), norm=norm(s, c), act=nn.ReLU(inplace=True))) for ci in channels])
            self.out_channels = c * len(channels)
        else:
            self.lateral = None
            self.out_channels = sum(channels)

    def forward(self, feats):
        r0 = self.output_stride // self.strides[0]
        size = [d // r0 for d in feats[0].shape[2:]]
        parts = []
        for i, f in enumerate(feats):
            if self.lateral is not None:
                f = self.lateral[i](f)
            if self.strides[i] < self.output_stride:
                k = self.output_stride // self.strides[i]
                f = F.avg_pool3d(f, k, k)
            elif self.strides[i] > self.output_stride:
                f = F.interpolate(f, size=size, mode="trilinear", align_corners=False)
            parts.append(f)
        return torch.cat(parts, 1)


def dict_seq(**mods):
    from collections import OrderedDict
    return OrderedDict(mods)


class HeatmapUNet3d(nn.Module):
    def __init__(self, s):
        super().__init__()
        self.s = s
        self.encoder = {"resnet": ResNetEncoder3d, "x3d": X3dEncoder3d, "convnext2.5d": ConvNeXtEncoder2p5d}[s["encoder"]](s)
        self.neck = FpnNeck3d(s, self.encoder.channels, getattr(self.encoder, "strides", None))
        cin, blocks = self.neck.out_channels, []
        for _ in range(s["decoder_blocks"]):
            blocks.append(nn.Sequential(dict_seq(conv=conv(cin, s["decoder_channels"], 3), norm=norm(s, s["decoder_channels"]), act=nn.ReLU(inplace=True))))
            cin = s["decoder_channels"]
        self.decoder = nn.Sequential(*blocks) if blocks else nn.Identity()
        self.head = nn.Conv3d(cin, 1, 1, bias=True)
        with torch.no_grad():
            self.head.bias.fill_(-math.log(0.99 / 0.01))

    def normalise(self, x):
        m, sd = self.s["input_mean"], self.s["input_std"]
        if len(m) == 1:
            return (x - m[0]) / sd[0]
        return torch.cat([(x - m[c]) / sd[c] for c in range(len(m))], 1)

    def forward(self, x):
        return self.head(self.decoder(self.neck(self.encoder(self.normalise(x)))))


def build(preset, output_stride=16):
    s = dict(PRESETS[preset])
    s["output_stride"] = output_stride
    return HeatmapUNet3d(s)
