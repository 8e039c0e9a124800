#!/usr/bin/python3
"""Independent reference for facegate's vision path, written against Python cv2.

It decodes YuNet-2023mar exactly as ../shared/DESIGN.md describes (numpy, not
facegate's C++), aligns with cv2.FaceRecognizerSF.alignCrop and embeds with
SFace, then prints one JSON object per image on stdout:
    {"image": path, "width": w, "height": h,
     "faces": [{"box": [x, y, w, h], "landmarks": [[x, y] * 5], "score": s,
                "embedding": [128 floats, L2-normalised]}]}
Faces are sorted largest first, coordinates in the original image's pixels.

Usage: reference_pipeline.py --models DIR [--max-side 640] [--no-embed] IMAGE...
"""
import argparse
import json
import sys

import cv2
import numpy as np

STRIDES = (8, 16, 32)


def detect(net, image, max_side, score_threshold=0.6, nms_threshold=0.3):
    height, width = image.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    if scale < 1.0:
        size = (max(1, int(width * scale + 0.5)), max(1, int(height * scale + 0.5)))
        resized = cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)
    else:
        resized = image
    rh, rw = resized.shape[:2]
    # At least 64 rows, as the shim: OpenCV 4.6 reads past its buffer at 32.
    ph, pw = max(64, (rh + 31) // 32 * 32), (rw + 31) // 32 * 32
    padded = cv2.copyMakeBorder(resized, 0, ph - rh, 0, pw - rw, cv2.BORDER_CONSTANT, value=0)
    net.setInput(cv2.dnn.blobFromImage(padded))
    names = [f"{kind}_{s}" for kind in ("cls", "obj", "bbox", "kps") for s in STRIDES]
    outputs = dict(zip(names, net.forward(names)))

    boxes, scores, marks = [], [], []
    for s in STRIDES:
        rows, cols = ph // s, pw // s
        cls = np.clip(outputs[f"cls_{s}"].reshape(-1), 0, 1)
        obj = np.clip(outputs[f"obj_{s}"].reshape(-1), 0, 1)
        bbox = outputs[f"bbox_{s}"].reshape(-1, 4)
        kps = outputs[f"kps_{s}"].reshape(-1, 10)
        score = np.sqrt(cls * obj)
        r, c = np.divmod(np.arange(rows * cols), cols)
        cx = (c + bbox[:, 0]) * s
        cy = (r + bbox[:, 1]) * s
        w = np.exp(bbox[:, 2]) * s
        h = np.exp(bbox[:, 3]) * s
        for i in np.nonzero(score >= score_threshold)[0]:
            boxes.append([cx[i] - w[i] / 2, cy[i] - h[i] / 2, w[i], h[i]])
            scores.append(float(score[i]))
            marks.append([[(kps[i, 2 * n] + c[i]) * s, (kps[i, 2 * n + 1] + r[i]) * s] for n in range(5)])
    keep = cv2.dnn.NMSBoxes([[float(v) for v in b] for b in boxes], scores, score_threshold, nms_threshold) if boxes else []
    sx, sy = width / rw, height / rh
    faces = []
    for i in np.array(keep).reshape(-1):
        x, y, w, h = boxes[i]
        faces.append({"box": [float(x) * sx, float(y) * sy, float(w) * sx, float(h) * sy],
                      "landmarks": [[float(px) * sx, float(py) * sy] for px, py in marks[i]],
                      "score": scores[i]})
    faces.sort(key=lambda f: -f["box"][2] * f["box"][3])
    return faces


def embed(recognizer, image, face):
    row = np.array([face["box"] + [v for p in face["landmarks"] for v in p] + [face["score"]]], dtype=np.float32)
    aligned = recognizer.alignCrop(image, row)
    feature = recognizer.feature(aligned).reshape(-1).astype(np.float64)
    return (feature / np.linalg.norm(feature)).tolist()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", required=True)
    parser.add_argument("--max-side", type=int, default=640)
    parser.add_argument("--no-embed", action="store_true")
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    cv2.setNumThreads(0)
    net = cv2.dnn.readNetFromONNX(f"{args.models}/face_detection_yunet_2023mar.onnx")
    recognizer = cv2.FaceRecognizerSF.create(f"{args.models}/face_recognition_sface_2021dec.onnx", "")
    for path in args.images:
        image = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            print(json.dumps({"image": path, "error": "unreadable"}))
            continue
        faces = detect(net, image, args.max_side)
        if not args.no_embed:
            for face in faces:
                face["embedding"] = embed(recognizer, image, face)
        print(json.dumps({"image": path, "width": image.shape[1], "height": image.shape[0], "faces": faces}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
