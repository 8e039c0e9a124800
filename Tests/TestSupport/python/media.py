#!/usr/bin/python3
"""Test and demo media made from real photos with Python cv2 — never by facegate,
which has no code that writes an image.

  media.py encode SRC OUT_DIR          SRC re-encoded as PNG, BMP and WebP in OUT_DIR
  media.py video OUT.avi N IMAGE...    an MJPEG AVI: each IMAGE letterboxed to 640x480, N frames each
  media.py pair A B OUT               A and B side by side (each 640x480), as a JPEG: two people
  media.py resize SRC WIDTH OUT       SRC scaled to WIDTH pixels wide, as a JPEG
  media.py blur SRC SIGMA OUT         SRC with a Gaussian blur, as a JPEG
  media.py frames KIND OUT_DIR SRC...
                                      each SRC as the gate's camera sees it (640x480), as a JPEG of
                                      the same name in OUT_DIR: KIND live is the person in front of
                                      the camera; screen is the photo shown on a phone held up to
                                      it (subpixel grid, moire, colour cast, glare, blur); print is
                                      a halftone print on paper held up to it
  media.py clipframe VIDEO SECONDS OUT
                                      the frame of VIDEO (a video or GIF) nearest to SECONDS into it,
                                      at its own size, as a JPEG: a resident enrolled from a clip
  media.py y4m VIDEO X Y W H SCALE OUT
                                      the W x H region of every frame of VIDEO at X, Y, scaled by SCALE,
                                      as a YUV4MPEG2 (.y4m) file at the clip's own rate: Chromium's fake
                                      webcam (--use-file-for-fake-video-capture), which loops it
  media.py crop SRC X Y W H SCALE OUT
                                      the W x H region of SRC at X, Y, scaled by SCALE, as a JPEG: one
                                      person of a clip showing two
  media.py serve [--fps F] [--width W] [--height H] [--once [--exit]] PORT ITEM...
                                      MJPEG over HTTP at http://127.0.0.1:PORT/stream, W x H frames
                                      (default 640 x 480), looping the
                                      items at F frames/s (default 10) until killed, or with --once
                                      playing them once and then an empty scene (with --exit, for
                                      2 s, then the server exits, as a camera unplugged); prints "ready" when
                                      listening. An ITEM is [KIND:]IMAGE[*N] (N frames of it; KIND
                                      live, screen, print or frozen, see scene()), blank*N (N
                                      frames of nobody), empty*N (N frames of a grey wall with
                                      sensor noise: nobody, as a camera sees it) or video:VIDEO[@START-END][*N] (the clip
                                      from START to END seconds, default all of it, at real speed,
                                      played N times, default once; see clip()).
                                      With --follow URL (a kiosk's /api/state) and --answer
                                      STATE=ITEM..., a person who follows the screen: each time the
                                      kiosk turns to STATE, after --reaction seconds (default 0.4)
                                      the stream plays ITEM once, then goes on with the scene.
"""
import http.server
import json
import math
import os
import re
import socketserver
import sys
import threading
import time
import urllib.request

import cv2
import numpy as np


def letterbox(path, width=640, height=480):
    """The photo at PATH fitted into a width x height frame, see fit()."""
    return fit(cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR), width, height)


def fit(image, width=640, height=480):
    """The image scaled to fit a 640 x height view (wider images, such as two
    people side by side, as wide as the frame allows), the rest of the frame
    continuing the image's edge: surroundings as a camera sees them, not
    black bars (which a spoof screen rightly reads as a phone's bezel), and
    never a second face (as mirroring could make)."""
    view = min(width, max(640, round(image.shape[1] * height / image.shape[0])))
    scale = min(view / image.shape[1], height / image.shape[0])
    w, h = max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale))
    x, y = (view - w) // 2, (height - h) // 2
    fitted = cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    x += (width - view) // 2
    return cv2.copyMakeBorder(fitted, y, height - h - y, x, width - w - x, cv2.BORDER_REPLICATE)


def screen_attack(image, rng):
    """The photo as a phone's screen shows it to a camera: drawn on a panel
    of RGB subpixel stripes at three times the camera's resolution, seen
    slightly rotated, then resampled by the camera, with the moire of panel
    and sensor grids beating; a cool colour cast with raised blacks, a glare
    gradient and a little lens blur."""
    h, w = image.shape[:2]
    panel = cv2.resize(image, (w * 3, h * 3), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    xs = np.arange(w * 3)
    mask = np.zeros((1, w * 3, 3), np.float32)
    for channel in range(3):
        mask[0, :, 2 - channel] = (xs % 3 == channel) * 1.2 + 0.6
    panel *= mask
    angle = rng.uniform(-4.0, 4.0)
    rotation = cv2.getRotationMatrix2D((w * 1.5, h * 1.5), angle, rng.uniform(1.0, 1.04))
    panel = cv2.warpAffine(panel, rotation, (w * 3, h * 3), borderMode=cv2.BORDER_REFLECT_101)
    shown = cv2.resize(panel, (w, h), interpolation=cv2.INTER_AREA)
    yy, xx = np.mgrid[0:h, 0:w]
    beat = rng.uniform(0.0, np.pi)
    moire = 1.0 + 0.08 * np.sin(2 * np.pi * (xx * np.cos(beat) + yy * np.sin(beat)) / rng.uniform(6.0, 12.0))
    shown = shown * moire[:, :, None] * 0.82 + 30.0
    shown *= np.array([1.1, 1.0, 0.9], np.float32)
    glare = np.clip(1.0 - (xx / w + yy / h) * rng.uniform(0.1, 0.25), 0.6, 1.0)
    shown = shown * glare[:, :, None] + 25.0 * (1 - glare[:, :, None])
    shown = cv2.GaussianBlur(shown, (0, 0), rng.uniform(0.4, 0.7))
    shown += rng.normal(0, 2.0, shown.shape)
    return np.clip(shown, 0, 255).astype(np.uint8)


def print_attack(image, rng):
    """The photo printed in halftone on paper: clustered dots per ink
    (cyan, magenta, yellow at their screen angles), paper white, ink that
    never reaches black, and the slight blur of paper held up to a camera."""
    h, w = image.shape[:2]
    cell = rng.uniform(2.2, 3.0)
    ink = 1.0 - image.astype(np.float32) / 255.0
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    printed = np.zeros_like(ink)
    for channel, degrees in zip((0, 1, 2), (0.0, 75.0, 15.0)):
        theta = np.deg2rad(degrees)
        u = (xx * np.cos(theta) + yy * np.sin(theta)) / cell
        v = (-xx * np.sin(theta) + yy * np.cos(theta)) / cell
        distance = np.hypot(u - np.floor(u) - 0.5, v - np.floor(v) - 0.5) / 0.7071
        coverage = cv2.GaussianBlur(ink[:, :, channel], (0, 0), cell / 2)
        printed[:, :, channel] = (distance < np.sqrt(coverage)).astype(np.float32)
    paper = np.array([232.0, 240.0, 245.0], np.float32)
    shown = paper * (1.0 - 0.82 * printed)
    shown = cv2.GaussianBlur(shown, (0, 0), rng.uniform(0.7, 1.1))
    shown += rng.normal(0, 2.0, shown.shape)
    return np.clip(shown, 0, 255).astype(np.uint8)


ATTACKS = {"screen": screen_attack, "print": print_attack}


def frames(kind, out_dir, sources):
    make = {"live": lambda image, rng: image, **ATTACKS}[kind]
    os.makedirs(out_dir, exist_ok=True)
    for index, source in enumerate(sources):
        rng = np.random.default_rng(index)
        write(os.path.join(out_dir, os.path.basename(source)), make(letterbox(source), rng))


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


def camera_variants(image, count=8, seed=0):
    """What a camera delivers of a person standing still in front of it:
    every frame differs by sensor noise and a slight sway (a random walk of
    about a pixel and a half per frame), never twice the same."""
    rng = np.random.default_rng(seed)
    h, w = image.shape[:2]
    variants, dx, dy = [], 0.0, 0.0
    for _ in range(count):
        dx, dy = np.clip(dx + rng.normal(0, 1.5), -4, 4), np.clip(dy + rng.normal(0, 1.5), -4, 4)
        moved = cv2.warpAffine(image, np.float32([[1, 0, dx], [0, 1, dy]]), (w, h), borderMode=cv2.BORDER_REPLICATE)
        noisy = np.clip(moved.astype(np.float32) + rng.normal(0, 1.0, moved.shape), 0, 255).astype(np.uint8)
        variants.append(cv2.imencode(".jpg", noisy)[1].tobytes())
    return variants


def open_clip(path):
    """A capture of the video or GIF at PATH and its frame rate."""
    if not os.path.isfile(path):
        sys.exit(f"media.py: no video at {path}")
    capture = cv2.VideoCapture(path)
    clip_fps = capture.get(cv2.CAP_PROP_FPS)
    if not capture.isOpened() or not 0 < clip_fps < 1000:
        sys.exit(f"media.py: cannot read {path} as a video")
    return capture, clip_fps


def y4m(path, region, scale, out):
    """Every frame of the clip at PATH, cut to REGION (x, y, w, h) and scaled,
    written as 4:2:0 YUV4MPEG2, the format Chromium's fake camera plays."""
    capture, clip_fps = open_clip(path)
    x, y, w, h = region
    width, height = round(w * scale) // 2 * 2, round(h * scale) // 2 * 2
    count = 0
    with open(out, "wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F{round(clip_fps * 1000)}:1000 Ip A1:1 C420jpeg\n".encode())
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            part = cv2.resize(frame[y:y + h, x:x + w], (width, height), interpolation=cv2.INTER_CUBIC)
            file.write(b"FRAME\n" + cv2.cvtColor(part, cv2.COLOR_BGR2YUV_I420).tobytes())
            count += 1
    if count == 0:
        sys.exit(f"media.py: no frame in {path}")


MAX_CLIP_SECONDS = 60  # of output per video item, so that its JPEGs stay a few tens of MB


def clip(path, width, height, fps, start=0.0, end=None):
    """The JPEG frames of a video or GIF from START to END seconds (the
    whole clip by default; at most MAX_CLIP_SECONDS), each fitted into
    width x height as fit() does photos, at fps frames/s: output frame k
    shows the clip frame nearest to START + k/fps, so that people move at
    real speed whatever the clip's own rate. Where a slower clip shows one
    frame twice in a row, the repeat gets fresh sensor noise, as a camera
    never delivers the same picture twice (the gate reads byte-equal
    geometry as a frozen stream)."""
    capture, clip_fps = open_clip(path)
    stop = start + MAX_CLIP_SECONDS if end is None else min(end, start + MAX_CLIP_SECONDS)
    frames, rng = [], np.random.default_rng(0)

    def show(image, until):  # output frames before `until` seconds show this clip frame
        count = max(0, math.ceil((min(until, stop) - start) * fps - 1e-6) - len(frames))
        if count:
            fitted = fit(image, width, height)
            frames.append(cv2.imencode(".jpg", fitted)[1].tobytes())
            for _ in range(count - 1):
                noisy = np.clip(fitted.astype(np.float32) + rng.normal(0, 1.0, fitted.shape), 0, 255)
                frames.append(cv2.imencode(".jpg", noisy.astype(np.uint8))[1].tobytes())

    # Clip frame i is nearest to the output times in [(i - 0.5) / clip_fps, (i + 0.5) / clip_fps);
    # the last one lasts to the clip's end.
    index, previous = 0, None
    while (index - 0.5) / clip_fps < stop:
        ok, image = capture.read()
        if not ok:
            break
        if previous is not None:
            show(previous, (index - 0.5) / clip_fps)
        previous, index = image, index + 1
    if previous is not None:
        show(previous, index / clip_fps)
    capture.release()
    if not frames:
        sys.exit(f"media.py: {path} has no frames from {start} to {end} s")
    return frames


def clip_frame(path, seconds, out):
    """The frame of a video or GIF nearest to `seconds` into it (its last
    frame past the end), at its own size, as a JPEG at OUT."""
    capture, clip_fps = open_clip(path)
    wanted, frame, index = max(0, round(seconds * clip_fps)), None, 0
    while index <= wanted:
        ok, image = capture.read()
        if not ok:
            break
        frame, index = image, index + 1
    capture.release()
    if frame is None:
        sys.exit(f"media.py: {path} has no frames")
    write(out, frame)


VIDEO_ITEM = re.compile(r"video:(.+?)(?:@(\d*\.?\d*)(?:-(\d*\.?\d*))?)?")


def scene(items, width, height=480, fps=10.0):
    """The JPEG frames of a scene: each item once per frame it lasts. An ITEM
    is [KIND:]IMAGE[*N], blank*N, empty*N or video:VIDEO[@START-END][*N]. KIND live
    (the default) is the person, as a camera sees them; screen and print are
    the photo held up on a phone or on paper, moving with the hand; frozen is
    the photo repeated byte for byte, as an injected or frozen stream
    delivers it. A video item is its clip (see clip()) N times over."""
    rendered, frames = {}, []
    blank = cv2.imencode(".jpg", np.zeros((height, width, 3), np.uint8))[1].tobytes()
    for item in items:
        spec, _, count = item.partition("*")
        video = VIDEO_ITEM.fullmatch(spec)
        if video:
            if spec not in rendered:
                path, start, end = video.groups()
                rendered[spec] = clip(path, width, height, fps, float(start or 0), float(end) if end else None)
            frames += rendered[spec] * int(count or 1)
            continue
        kind, _, path = spec.rpartition(":")
        kind = kind or "live"
        if path == "blank":
            frames += [blank] * int(count or 1)
            continue
        if path == "empty":
            if "empty" not in rendered:
                rng = np.random.default_rng(1)
                rendered["empty"] = [cv2.imencode(".jpg", np.clip(128 + rng.normal(0, 2.0, (height, width, 3)), 0, 255).astype(np.uint8))[1].tobytes() for _ in range(8)]
            frames += [rendered["empty"][index % 8] for index in range(int(count or 1))]
            continue
        if (kind, path) not in rendered:
            image = letterbox(path, width, height)
            if kind in ATTACKS:
                image = ATTACKS[kind](image, np.random.default_rng(len(rendered)))
            if kind == "frozen":
                rendered[(kind, path)] = [cv2.imencode(".jpg", image)[1].tobytes()]
            else:
                rendered[(kind, path)] = camera_variants(image, min(8, int(count or 1)), seed=len(rendered))
        variants = rendered[(kind, path)]
        frames += [variants[index % len(variants)] for index in range(int(count or 1))]
    return frames, blank


def follow(url, answers, reaction, pending):
    """Polls the kiosk state at `url`; each time it turns to a state of
    `answers`, waits `reaction` seconds and queues that answer's frames."""
    shown = None
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                state = json.load(response).get("state")
        except (OSError, ValueError):
            state = None
        if state != shown and state in answers:
            time.sleep(reaction)
            pending.append(answers[state])
        shown = state
        time.sleep(0.03)


def serve(port, items, fps=10.0, once=False, width=640, height=480, onsets="", follow_url="", answers=(), reaction=0.4, exit=False):
    """Serves the scene as MJPEG. With `onsets`, appends to that file the
    wall-clock time at which each face came into view (the first frame after
    a blank one was sent), so a test can time the gate from that moment.
    With `follow_url`, plays the `answers` (STATE=ITEM) as the kiosk asks."""
    frames, blank = scene(items, width, height, fps)
    pending = []
    if follow_url:
        rendered = {}
        for answer in answers:
            state, _, item = answer.partition("=")
            rendered[state] = scene([item], width, height, fps)[0]
        threading.Thread(target=follow, args=(follow_url, rendered, reaction, pending), daemon=True).start()

    class Stream(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/stream":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
            self.end_headers()
            try:
                index, previous, playing = 0, blank, []
                while True:
                    if not playing and pending:
                        playing = list(pending.pop(0))
                    if playing:
                        data = playing.pop(0)
                    else:
                        data = blank if once and index >= len(frames) else frames[index % len(frames)]
                        index += 1
                        if exit and index >= len(frames) + 2 * fps:
                            os._exit(0)
                    self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(data))
                    self.wfile.write(data + b"\r\n")
                    if onsets and data is not blank and previous is blank:
                        with open(onsets, "a") as log:
                            log.write("%.3f\n" % time.time())
                    previous = data
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
    elif command == "crop":
        x, y, w, h = (int(value) for value in arguments[1:5])
        region = read(arguments[0])[y:y + h, x:x + w]
        scale = float(arguments[5])
        write(arguments[6], cv2.resize(region, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_CUBIC))
    elif command == "y4m":
        x, y, w, h = (int(value) for value in arguments[1:5])
        y4m(arguments[0], (x, y, w, h), float(arguments[5]), arguments[6])
    elif command == "clipframe":
        clip_frame(arguments[0], float(arguments[1]), arguments[2])
    elif command == "frames":
        frames(arguments[0], arguments[1], arguments[2:])
    elif command == "serve":
        options = {"fps": 10.0, "once": False, "exit": False, "width": 640, "height": 480, "onsets": "", "follow_url": "", "answers": [], "reaction": 0.4}
        while arguments[0].startswith("--"):
            name = arguments[0][2:].replace("follow", "follow_url")
            if name in ("once", "exit"):
                options[name], arguments = True, arguments[1:]
            elif name == "answer":
                options["answers"], arguments = options["answers"] + [arguments[1]], arguments[2:]
            else:
                options[name], arguments = type(options[name])(arguments[1]), arguments[2:]
        serve(int(arguments[0]), arguments[1:], **options)
    else:
        sys.exit(__doc__)
