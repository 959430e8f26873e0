#!/usr/bin/python3
"""The reference's volume processing with its libraries (numpy, torch F.interpolate, Pillow, mrcfile), for the
MotorPick volume benchmark (bench/MotorPick.Bench.Volumes). Debian: apt-get install python3-torch python3-numpy
python3-pil python3-mrcfile python3-zarr.

  job1 <in.mrc> <outdir> <vs>   MRC float32 -> percentile clip/scale -> F.interpolate 15.6 A -> 16 A -> uint8 JPEG slices (q95)
  job2 <slicedir> <voxelsize>   JPEG slices -> uint8 volume at 16 A
  job3 <in.zarr> <outdir>       the portal ingest's processing step (reference 2.3): OME-Zarr scale 0 -> statistics,
                                256-bin histogram, uint8-range detection, percentile clip/scale -> 16 A -> uint8 JPEG slices

Prints total_s and peak_rss_kb (VmHWM) like the C# jobs. Code follows docs/reference.md 2.3 and 5.2.
"""
import glob, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
import mrcfile


def peak_rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def process_tomogram(box, ori, target, out_dir):
    """Reference 2.3 step 6-7: percentile clip/scale, F.interpolate to the target spacing, uint8 truncation, JPEG slices.
    The tomogram comes in a one-item list, so that this function holds its only reference and frees it as the reference did."""
    tomo = box.pop()
    lower = np.percentile(tomo, 0.87910068792905)
    upper = np.percentile(tomo, 99.06423106440042)
    x = (np.clip(tomo, lower, upper) - lower) / (upper - lower)
    del tomo
    t = torch.from_numpy(x)[None, None]
    t = F.interpolate(t, scale_factor=ori / target, mode="trilinear", align_corners=False, recompute_scale_factor=False)
    del x
    u8 = torch.clip(t[0, 0] * 255, 0, 255).to(torch.uint8).numpy()
    del t
    os.makedirs(out_dir, exist_ok=True)
    for z in range(u8.shape[0]):
        Image.fromarray(u8[z]).save(os.path.join(out_dir, f"slice_{z:04d}.jpg"), quality=95)
    return lower, upper, u8.shape


def job1(mrc_path, out_dir, ori):
    # ori: the voxel spacing from the label table, as the reference's inference takes it (not the MRC header)
    t0 = time.time()
    with mrcfile.open(mrc_path, permissive=True) as m:
        box = [np.asarray(m.data, dtype=np.float32)]
    lower, upper, shape = process_tomogram(box, ori, 16.0, out_dir)
    print(f"job1 shape={shape} window=({lower}, {upper}) total_s={time.time() - t0:.2f} peak_rss_kb={peak_rss_kb()} cpu_s={time.process_time():.2f}")


def job2(slice_dir, voxel_size):
    t0 = time.time()
    paths = sorted(glob.glob(os.path.join(slice_dir, "slice_*.jpg")))
    tomo = np.stack([np.asarray(Image.open(p).convert("L")) for p in paths])
    vol = torch.from_numpy(tomo).float()[None, None]
    vol = F.interpolate(vol, scale_factor=voxel_size / 16.0, mode="trilinear", align_corners=False, recompute_scale_factor=False)
    out = vol[0, 0].to(torch.uint8).numpy()
    print(f"job2 shape={out.shape} sum={int(out.sum(dtype=np.int64))} total_s={time.time() - t0:.2f} peak_rss_kb={peak_rss_kb()} cpu_s={time.process_time():.2f}")


def job3(zarr_path, out_dir):
    import zarr
    t0 = time.time()
    ori = 10.0  # the API's voxel spacing of the bench tomogram
    tomo = zarr.open(zarr_path, mode="r")["0"][:]
    tomo_min, tomo_max = float(tomo.min()), float(tomo.max())
    hist, bins = np.histogram(tomo.flatten(), bins=256, range=(tomo_min, tomo_max))
    tomo_mean, tomo_std = float(tomo.mean()), float(tomo.std())
    uint8_range = bool(-128 <= tomo_min <= tomo_max <= 128 and np.all(np.round(tomo) == tomo))
    box = [tomo]
    del tomo
    lower, upper, shape = process_tomogram(box, ori, max(ori, 16.0), out_dir)
    print(f"job3 shape={shape} window=({lower}, {upper}) uint8_range={uint8_range} total_s={time.time() - t0:.2f} peak_rss_kb={peak_rss_kb()} cpu_s={time.process_time():.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "job1":
        job1(sys.argv[2], sys.argv[3], float(sys.argv[4]))
    elif sys.argv[1] == "job2":
        job2(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1] == "job3":
        job3(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
