#!/usr/bin/python3
"""A stand-in IP camera: a media.py scene of real footage encoded to H.264
(x264, no B-frames, as gate cameras stream) and served over RTSP by
gst-rtsp-server at rtsp://127.0.0.1:PORT/camera, over UDP or TCP as the
client asks, until killed.

  rtsp_camera.py [--fps F] [--width W] [--height H] [--once] [--onsets FILE]
                 [--hold AT:SECONDS] [--user NAME:PASSWORD] PORT ITEM...

ITEMs are media.py's (IMAGE*N, blank*N, video:CLIP@START-END). Each client
that connects gets the scene from its start, looping, or with --once playing
it once and then the empty scene. Every frame carries its capture time.

--hold AT:SECONDS is a camera whose network stalls: from AT seconds into the
scene its frames are captured on time but held back for SECONDS, then sent
all at once, as a camera or a switch does when a link recovers.
--user makes the camera ask for RTSP basic authentication.
--onsets FILE appends the time (seconds since 1970) each face came into view
and was sent. Prints "ready" once the server listens.
"""
import argparse
import os
import sys
import threading
import time

import cv2
import gi
import numpy as np

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from media import scene  # noqa: E402


class Camera:
    """Pushes one client's copy of the scene into its pipeline's appsrc."""

    def __init__(self, source, frames, blank, options):
        self.source, self.frames, self.blank, self.options = source, frames, blank, options
        self.stopped = threading.Event()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        options, fps = self.options, self.options.fps
        hold_at, hold_for = options.hold or (None, 0.0)
        held, release_at = [], None
        index, previous, start = 0, self.blank, time.monotonic()
        while not self.stopped.is_set():
            time.sleep(max(0.0, start + index / fps - time.monotonic()))
            data = self.blank if options.once and index >= len(self.frames) else self.frames[index % len(self.frames)]
            pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
            buffer = Gst.Buffer.new_wrapped(pixels.tobytes())
            running = self.source.get_current_running_time()
            buffer.pts = running if running != Gst.CLOCK_TIME_NONE else index * Gst.SECOND // round(fps)
            buffer.duration = Gst.SECOND // round(fps)
            onset = data is not self.blank and (index == 0 or previous is self.blank)
            if hold_at is not None and release_at is None and index / fps >= hold_at:
                release_at = time.monotonic() + hold_for
            if release_at is not None and time.monotonic() < release_at:
                held.append((buffer, onset))
            else:
                for waiting, waiting_onset in held + [(buffer, onset)]:
                    if self.source.emit("push-buffer", waiting) != Gst.FlowReturn.OK:
                        return
                    if waiting_onset and options.onsets:
                        with open(options.onsets, "a") as log:
                            log.write("%.3f\n" % time.time())
                held = []
            previous, index = data, index + 1


def main():
    parser = argparse.ArgumentParser(description="an RTSP H.264 camera playing a scene of real footage")
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=480)
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--onsets", default="")
    parser.add_argument("--hold", type=lambda text: tuple(float(part) for part in text.split(":")), default=None)
    parser.add_argument("--user", default="")
    parser.add_argument("port", type=int)
    parser.add_argument("items", nargs="+")
    options = parser.parse_args()

    Gst.init(None)
    frames, blank = scene(options.items, options.width, options.height, options.fps)
    fps = round(options.fps)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        f"( appsrc name=camera is-live=true format=time do-timestamp=false "
        f"caps=video/x-raw,format=BGR,width={options.width},height={options.height},framerate={fps}/1 "
        f"! videoconvert ! video/x-raw,format=I420 "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={2 * fps} bitrate={options.width * options.height * 4 // 1000} "
        f"! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )")
    factory.set_shared(False)
    cameras = []

    def configure(_factory, media):
        source = media.get_element().get_by_name("camera")
        camera = Camera(source, frames, blank, options)
        cameras.append(camera)
        media.connect("unprepared", lambda _media: camera.stopped.set())

    factory.connect("media-configure", configure)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(options.port))
    if options.user:
        name, _, password = options.user.partition(":")
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "camera-user")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(name, password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("camera-user", "media.factory.access", True)
        permissions.add_permission_for_role("camera-user", "media.factory.construct", True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory("/camera", factory)
    if server.attach(None) == 0:
        sys.exit(f"rtsp_camera.py: cannot listen on port {options.port}")
    print("ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
