#!/usr/bin/python3
"""Seed corpus for scripts/fuzz.sh, made at run time with Python cv2 (never
committed): small JPEG, PNG, BMP and WebP files — the four formats facegate
accepts — in the variants their decoders branch on, and a few real face
photos from .cache/photos shrunk so that the detector finds faces.

  fuzz_seeds.py OUT_DIR MAX_BYTES PHOTO...
"""
import os
import sys

import cv2
import numpy as np


def synthetic():
    """(name, image, extension, encoder parameters) for made-up pictures."""
    rng = np.random.default_rng(9)
    ramp = np.tile(np.linspace(0, 255, 64, dtype=np.uint8), (48, 1))
    down = np.tile(np.linspace(0, 255, 48, dtype=np.uint8)[:, None], (1, 64))
    colour = cv2.merge([ramp, down, 255 - ramp])
    noise = rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)
    alpha = cv2.merge([colour[:, :, 0], colour[:, :, 1], colour[:, :, 2], ramp])
    deep = (ramp.astype(np.uint16) * 257)
    jpeg = cv2.IMWRITE_JPEG_QUALITY
    return [
        ("pixel", np.full((1, 1, 3), 200, np.uint8), ".png", []),
        ("tiny", noise[:3, :2], ".bmp", []),
        ("ramp", colour, ".jpg", [jpeg, 90]),
        ("progressive", colour, ".jpg", [jpeg, 80, cv2.IMWRITE_JPEG_PROGRESSIVE, 1]),
        ("restarts", noise, ".jpg", [jpeg, 70, cv2.IMWRITE_JPEG_RST_INTERVAL, 2]),
        ("optimised", noise, ".jpg", [jpeg, 50, cv2.IMWRITE_JPEG_OPTIMIZE, 1]),
        ("grey", ramp, ".jpg", [jpeg, 85]),
        ("grey", ramp, ".png", [cv2.IMWRITE_PNG_COMPRESSION, 9]),
        ("grey", ramp, ".bmp", []),
        ("noise", noise, ".png", [cv2.IMWRITE_PNG_COMPRESSION, 1]),
        ("alpha", alpha, ".png", []),
        ("deep", deep, ".png", []),
        ("bilevel", (ramp > 127).astype(np.uint8) * 255, ".png", [cv2.IMWRITE_PNG_BILEVEL, 1]),
        ("column", noise[:, :1], ".png", []),
        ("row", noise[:1, :], ".bmp", []),
        ("ramp", colour, ".webp", [cv2.IMWRITE_WEBP_QUALITY, 60]),
        ("lossless", noise[:16, :16], ".webp", [cv2.IMWRITE_WEBP_QUALITY, 101]),
    ]


def photos(paths):
    """The same, for real faces: shrunk, and in each accepted format."""
    seeds = []
    for index, path in enumerate(paths):
        image = cv2.imread(path, cv2.IMREAD_COLOR)
        if image is None:
            sys.exit(f"fuzz_seeds: cannot read {path}")
        for width in (120, 320):
            height = max(1, round(image.shape[0] * width / image.shape[1]))
            small = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
            seeds.append((f"photo{index}-{width}", small, ".jpg", [cv2.IMWRITE_JPEG_QUALITY, 75]))
        smallest = seeds[-2][1]
        seeds.append((f"photo{index}-120", smallest, (".png", ".bmp", ".webp")[index % 3], []))
    return seeds


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, limit = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    written = 0
    for name, image, extension, parameters in synthetic() + photos(sys.argv[3:]):
        ok, data = cv2.imencode(extension, image, parameters)
        if not ok:
            sys.exit(f"fuzz_seeds: cv2 cannot encode {name}{extension}")
        if len(data) > limit:
            sys.exit(f"fuzz_seeds: {name}{extension} is {len(data)} bytes, above the fuzzer's {limit}")
        with open(os.path.join(out, name + extension), "wb") as file:
            file.write(data.tobytes())
        written += 1
    print(f"fuzz_seeds: {written} seeds in {out}")


if __name__ == "__main__":
    main()
