"""Makes the extra zarr fixtures of the Formats tests with Debian python3-zarr 2.13.6 / numcodecs 0.11.0.

Run with /usr/bin/python3 from this folder. Each array holds a deterministic pattern that the tests recompute:
value(z, y, x) = ((z * 131 + y * 31 + x * 7) % 251) - 100, cast to the array dtype (float: divided by 8).
"""
import json, shutil, os
import numpy as np
import zarr
from numcodecs import Blosc, Zstd, GZip, Zlib, LZ4

default_shape = (9, 10, 11)
big_chunks = ("blosclz_shuffle", "blosclz_noshuffle_i2", "lz4_bitshuffle_u2", "blosc_leftover_block", "zlib_shuffle", "lz4hc_shuffle_f8")

cases = {
    "blosclz_shuffle": (Blosc(cname="blosclz", clevel=5, shuffle=Blosc.SHUFFLE), "<f4"),
    "blosclz_noshuffle_i2": (Blosc(cname="blosclz", clevel=9, shuffle=Blosc.NOSHUFFLE), "<i2"),
    "lz4_bitshuffle_u2": (Blosc(cname="lz4", clevel=5, shuffle=Blosc.BITSHUFFLE), "<u2"),
    "lz4hc_shuffle_f8": (Blosc(cname="lz4hc", clevel=5, shuffle=Blosc.SHUFFLE), "<f8"),
    "zlib_shuffle": (Blosc(cname="zlib", clevel=5, shuffle=Blosc.SHUFFLE), "<f4"),
    # 1,000,000-byte chunks: c-blosc makes a 512 KiB block plus a 475,712-byte leftover block (not split).
    "blosc_leftover_block": (Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE), "<f4"),
    "blosc_memcpyed": (Blosc(cname="lz4", clevel=0, shuffle=Blosc.SHUFFLE), "<f4"),
    "gzip_i1": (GZip(level=5), "|i1"),
    "zlib_u1": (Zlib(level=5), "|u1"),
    "lz4_plain": (LZ4(acceleration=1), "<f4"),
    "zstd_dot_separator": (Zstd(level=3), "<f4"),
    "missing_chunks_nan": (Zstd(level=3), "<f4"),
}
manifest = {}
for name, (codec, dtype) in cases.items():
    shape = (20, 100, 130) if name == "blosc_leftover_block" else default_shape
    z, y, x = np.indices(shape)
    base = ((z * 131 + y * 31 + x * 7) % 251) - 100
    path = name + ".zarr"
    shutil.rmtree(path, ignore_errors=True)
    data = (base / 8.0 if dtype[1] == "f" else base).astype(dtype) if dtype != "<u2" else (base + 1000).astype(dtype)
    if dtype == "|u1":
        data = (base + 100).astype(dtype)
    sep = "." if name == "zstd_dot_separator" else "/"
    fill = float("nan") if name == "missing_chunks_nan" else 0
    a = zarr.open_array(path, mode="w", shape=shape, chunks=(20, 100, 125) if name == "blosc_leftover_block" else (8, 8, 8) if name in big_chunks else (4, 4, 4), dtype=dtype, compressor=codec,
                        fill_value=fill, dimension_separator=sep)
    if name == "missing_chunks_nan":
        a[0:4, 0:8, 0:8] = data[0:4, 0:8, 0:8]  # only these chunks are written; the rest read as NaN
    else:
        a[:] = data
    manifest[name] = {"dtype": dtype, "separator": sep, "shape": list(shape)}
with open("extra_zarr.json", "w") as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
print("ok")
