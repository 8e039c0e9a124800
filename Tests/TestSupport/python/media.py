#!/usr/bin/python3
"""Test and demo media made from real photos with Python cv2 — never by facegate,
which has no code that writes an image.

  media.py encode SRC OUT_DIR          SRC re-encoded as PNG, BMP and WebP in OUT_DIR
  media.py video OUT.avi N IMAGE...    an MJPEG AVI: each IMAGE letterboxed to 640x480, N frames each
  media.py pair A B OUT               A and B side by side (each 640x480), as a JPEG: two people
  media.py resize SRC WIDTH OUT       SRC scaled to WIDTH pixels wide, as a JPEG
  media.py blur SRC SIGMA OUT         SRC with a Gaussian blur, as a JPEG
  media.py serve [--fps F] [--width W] [--once] PORT ITEM...
                                      MJPEG over HTTP at http://127.0.0.1:PORT/stream, W x 480 frames
                                      (default 640), looping the
                                      items at F frames/s (default 10) until killed, or with --once
                                      playing them once and then an empty scene; prints "ready" when
                                      listening. An ITEM is IMAGE, IMAGE*N (N frames of it) or
                                      blank*N (N frames of nobody).
"""
import http.server
import os
import socketserver
import sys
import time

import cv2
import numpy as np


def letterbox(path, width=640, height=480):
    image = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)
    scale = min(width / image.shape[1], height / image.shape[0])
    w, h = max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale))
    canvas = np.zeros((height, width, 3), np.uint8)
    x, y = (width - w) // 2, (height - h) // 2
    canvas[y:y + h, x:x + w] = cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    return canvas


def encode(source, out_dir):
    image = cv2.imdecode(np.fromfile(source, dtype=np.uint8), cv2.IMREAD_COLOR)
    stem = os.path.splitext(os.path.basename(source))[0]
    for extension in (".png", ".bmp", ".webp"):
        ok, data = cv2.imencode(extension, image)
        assert ok, extension
        data.tofile(os.path.join(out_dir, stem + extension))
    print(image.shape[1], image.shape[0])


def video(out, repeat, images):
    writer = cv2.VideoWriter(out, cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    assert writer.isOpened(), out
    for path in images:
        frame = letterbox(path)
        for _ in range(repeat):
            writer.write(frame)
    writer.release()


def write(path, image):
    ok, data = cv2.imencode(".jpg", image)
    assert ok, path
    data.tofile(path)


def read(path):
    return cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)


def scene(items, width):
    """The JPEG frames of a scene: each item once per frame it lasts."""
    encoded, frames = {}, []
    blank = cv2.imencode(".jpg", np.zeros((480, width, 3), np.uint8))[1].tobytes()
    for item in items:
        path, _, count = item.partition("*")
        if path not in encoded:
            encoded[path] = blank if path == "blank" else cv2.imencode(".jpg", letterbox(path, width))[1].tobytes()
        frames += [encoded[path]] * int(count or 1)
    return frames, blank


def serve(port, items, fps=10.0, once=False, width=640):
    frames, blank = scene(items, width)

    class Stream(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/stream":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
            self.end_headers()
            try:
                index = 0
                while True:
                    data = blank if once and index >= len(frames) else frames[index % len(frames)]
                    self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(data))
                    self.wfile.write(data + b"\r\n")
                    index += 1
                    time.sleep(1.0 / fps)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    with Server(("127.0.0.1", port), Stream) as server:
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "encode":
        encode(*arguments)
    elif command == "video":
        video(arguments[0], int(arguments[1]), arguments[2:])
    elif command == "pair":
        write(arguments[2], np.hstack([letterbox(arguments[0]), letterbox(arguments[1])]))
    elif command == "resize":
        image = read(arguments[0])
        width = int(arguments[1])
        write(arguments[2], cv2.resize(image, (width, round(image.shape[0] * width / image.shape[1])), interpolation=cv2.INTER_AREA))
    elif command == "blur":
        write(arguments[2], cv2.GaussianBlur(read(arguments[0]), (0, 0), float(arguments[1])))
    elif command == "serve":
        options = {"fps": 10.0, "once": False, "width": 640}
        while arguments[0].startswith("--"):
            name = arguments[0][2:]
            if name == "once":
                options["once"], arguments = True, arguments[1:]
            else:
                options[name], arguments = type(options[name])(arguments[1]), arguments[2:]
        serve(int(arguments[0]), arguments[1:], **options)
    else:
        sys.exit(__doc__)
