#!/usr/bin/env bash
# `make bench-camera`: what an H.264 RTSP camera costs the box, idle and
# with a resident, at 640x480@15, 1280x720@25 and 1920x1080@25. The test
# camera (Tests/TestSupport/python/rtsp_camera.py, gst-rtsp-server + x264)
# serves an empty scene (a grey wall with sensor noise), then the resident
# of d18.mp4 walking up every 5 s; `facegate bench camera` measures
# decoding alone and the whole daemon on each stream.
set -euo pipefail
bin=${1:-.build/release/facegate}
clips=.cache/data/video-dev
seconds=${SECONDS_PER_RUN:-10}
camera=""
trap '[ -n "$camera" ] && kill "$camera" 2>/dev/null || true' EXIT

for mode in "640 480 15" "1280 720 25" "1920 1080 25"; do
    read -r width height fps <<<"$mode"
    for scene in idle resident; do
        port=$((20000 + RANDOM % 6000))
        if [ "$scene" = idle ]; then items=("empty*$((fps * 2))"); else items=("empty*$((fps * 2))" "video:$clips/d18.mp4@0-3"); fi
        exec 3< <(/usr/bin/python3 Tests/TestSupport/python/rtsp_camera.py --fps "$fps" --width "$width" --height "$height" "$port" "${items[@]}")
        camera=$!
        read -r ready <&3
        [ "$ready" = ready ] || { echo "bench-camera: the test camera did not start" >&2; exit 1; }
        echo "== ${width}x${height}@${fps}, $scene"
        "$bin" bench camera "rtsp://127.0.0.1:$port/camera" "$clips/d19.jpg" --seconds "$seconds"
        kill "$camera"; wait "$camera" 2>/dev/null || true; camera=""
    done
done
