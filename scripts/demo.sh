#!/usr/bin/env bash
# `make demo`: facegate on real photos — find faces, then tell the same
# person from different people — printed as readable tables.
set -euo pipefail
facegate=$1
photos=$2

section() { printf '\n\033[1m%s\033[0m\n' "$*"; }

section "1. Detect faces (YuNet-2023mar through the OpenCV C shim)"
for photo in Female_40-2_1.jpg Male_24_10_1.jpg Male_24_2_3_1.jpg; do
    "$facegate" detect "$photos/$photo" || true
done

section "2. Compare faces (SFace embeddings, cosine similarity, threshold 0.363)"
printf '%-22s %-22s %s\n' "photo A" "photo B" "result"
while read -r a b; do
    result=$("$facegate" compare "$photos/$a" "$photos/$b" | tail -n 1)
    printf '%-22s %-22s %s\n' "$a" "$b" "$result"
done <<'PAIRS'
Female_46_1_2_1.jpg Female_46_4_1.jpg
Male_41_2_5.jpg Male_41_7.jpg
Female_46_1_2_1.jpg Male_24_10_1.jpg
Female_44_1_2.jpg Male_23_1_3_1.jpg
Female_42_1_5.jpg Female_47_6.jpg
PAIRS

echo "(Female_44 and Male_23 are different people: SFace's published threshold lets some strangers"
echo " match, which is why the gate will decide with a calibrated threshold, a margin and N-of-M frames.)"

section "3. Bad input is a one-line error with its own exit code"
printf 'not a picture' > /tmp/facegate-demo-not-an-image.jpg
"$facegate" detect /tmp/facegate-demo-not-an-image.jpg || echo "(exit code $?)"
rm -f /tmp/facegate-demo-not-an-image.jpg

section "4. A consent-only, encrypted gallery (a throw-away site in .cache/demo-site)"
site=.cache/demo-site
rm -rf "$site" && mkdir -p "$site"
sed -e "s|\"/var/lib/facegate\"|\"$PWD/$site/state\"|" -e "s|\"/etc/facegate/master.key\"|\"$PWD/$site/master.key\"|" \
    -e "s|= \"notice\.|= \"$PWD/config/notice.|" config/facegate.example.toml > "$site/facegate.toml"
run() { echo "\$ facegate $*"; "$facegate" "$@" --config "$site/facegate.toml"; }
run keygen
echo "\$ facegate enroll --name … --unit 3-402 --photo Female_46_1_2_1.jpg --consent-form F-0001"
"$facegate" enroll --config "$site/facegate.toml" --name "张三 Zhang San" --unit 3-402 --consent-form F-0001 --language en \
    --photo "$photos/Female_46_1_2_1.jpg" | tail -n 4
echo "\$ facegate enroll --name … --unit 7-707 --photo Male_24_10_1.jpg --consent-form F-0002"
"$facegate" enroll --config "$site/facegate.toml" --name "Wang Wu" --unit 7-707 --consent-form F-0002 \
    --photo "$photos/Male_24_10_1.jpg" | tail -n 4
echo "\$ facegate enroll (the first resident again, from another photo)"
"$facegate" enroll --config "$site/facegate.toml" --name "Zhang San" --unit 3-402 --consent-form F-0003 \
    --photo "$photos/Female_46_4_1.jpg" 2>&1 >/dev/null | sed 's/^/  /' || true
run list
run withdraw --name "Wang Wu" --unit 7-707 --yes
run audit verify
echo "(names, units and templates are stored only encrypted; grep finds none of them:)"
grep -rl -e "Zhang San" -e "3-402" "$site/state" || echo "  no file in $site/state contains them in clear"

section "5. The gate: facegate run on real footage (a camera stream, MJPEG over HTTP on 127.0.0.1)"
clips=.cache/data/video-dev
# Residents enrolled from pictures of other occasions: the woman and the man of
# Intel's head-pose clips from a frame of the clip that shows them together, and
# the man of d18.mp4 from the photo d19.jpg (d19.mp4 shows a look-alike).
/usr/bin/python3 Tests/TestSupport/python/media.py clipframe "$clips/intel/head-pose-face-detection-female-and-male.gif" 0 "$site/together.jpg"
/usr/bin/python3 Tests/TestSupport/python/media.py crop "$site/together.jpg" 0 0 240 270 2 "$site/woman.jpg"
/usr/bin/python3 Tests/TestSupport/python/media.py crop "$site/together.jpg" 240 0 240 270 2 "$site/man.jpg"
declare -A who=()
resident() {  # NAME UNIT FORM PHOTO
    local line
    line=$("$facegate" enroll --config "$site/facegate.toml" --name "$1" --unit "$2" --consent-form "$3" --photo "$4" | grep -A1 '^Enrolled')
    echo "$line" | sed 's/^/  /'
    who[$(sed -n 's/^Enrolled \(s-[0-9a-z]*\).*/\1/p' <<<"$line")]="unit $2"
}
resident "Chen Jing" 5-501 F-0004 "$site/woman.jpg"
resident "Liu Qiang" 6-601 F-0005 "$site/man.jpg"
resident "Zhou Ming" 8-801 F-0006 "$clips/d19.jpg"
rm -f "$site/together.jpg" "$site/woman.jpg" "$site/man.jpg"
# An impact assessment (R18: without one only the alternatives work) and a PIN.
run pia record --id PIA-DEMO-1 --assessor "Demo DPO" --date 2026-11-01
run pin add --unit 6-601 --pin 482913
camera_port=28180 kiosk_port=28181
sed -i -e "s|^source = \".*\"|source = \"http://127.0.0.1:$camera_port/stream\"|" \
    -e "s|^command = .*|command = [\"/bin/sh\", \"-c\", \"echo opened >> $PWD/$site/gate.log\"]|" \
    -e "s|^port = 8080|port = $kiosk_port|" "$site/facegate.toml"
run list --count

# What the audit says happened since sequence $1: one line per decision, and the openings.
outcomes() { "$facegate" audit export --config "$site/facegate.toml" 2>/dev/null | scripts/audit_outcomes.py "$@"; }
last_sequence() { "$facegate" audit export --config "$site/facegate.toml" 2>/dev/null | tail -n 1 | sed 's/^{"sequence":\([0-9]*\).*/\1/'; }
names=(); for pseudonym in "${!who[@]}"; do names+=("$pseudonym=${who[$pseudonym]}"); done

# The scene, 640×360 at 15 frames/s: Chen Jing walks up, a stranger (s18.mp4),
# Zhou Ming's look-alike (d19.mp4), Chen Jing and Liu Qiang together, Liu Qiang alone.
start=$(last_sequence)
timeout 300 /usr/bin/python3 Tests/TestSupport/python/media.py serve --fps 15 --width 640 --height 360 --once --exit $camera_port blank*15 \
    "video:$clips/intel/head-pose-face-detection-female.gif*2" blank*20 "video:$clips/s18.mp4@0-5" blank*20 \
    "video:$clips/d19.mp4@0-5" blank*20 "video:$clips/intel/head-pose-face-detection-female-and-male.gif" blank*20 \
    "video:$clips/intel/head-pose-face-detection-male.gif" blank*30 > /dev/null &
camera=$!
sleep 1
echo "Kiosk page: http://127.0.0.1:$kiosk_port/   metrics: http://127.0.0.1:$kiosk_port/metrics"
echo "Scene: Chen Jing walks up · a stranger · Zhou Ming's look-alike · Chen Jing and Liu Qiang together · Liu Qiang alone"
"$facegate" run --config "$site/facegate.toml" 2>/dev/null &
daemon=$!
wait $camera 2>/dev/null || true
sleep 2
echo "  (the camera is gone; a resident types the PIN on the kiosk)"
# What the gate's screen shows now, drawn by a real Chromium at a 7-inch panel's 800×480.
rm -f "$site/kiosk-camera-gone.png"
printf '%s\n' "{\"cmd\":\"open\",\"url\":\"http://127.0.0.1:$kiosk_port/\",\"width\":800,\"height\":480}" \
    '{"cmd":"wait","expr":"document.body.dataset.state === \"alternatives-only\"","timeout":15}' \
    "{\"cmd\":\"screenshot\",\"path\":\"$PWD/$site/kiosk-camera-gone.png\"}" '{"cmd":"quit"}' \
    | timeout 60 /usr/bin/python3 Tests/TestSupport/python/kiosk_browser.py > /dev/null 2>&1 || true
[ -s "$site/kiosk-camera-gone.png" ] && echo "  the gate screen now (no camera: face entry off, the other ways in): $site/kiosk-camera-gone.png"
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"pin":"482913"}' http://127.0.0.1:$kiosk_port/api/pin || true
sleep 0.5
kill -TERM $daemon
wait $daemon 2>/dev/null || true
echo "What the audit recorded:"
outcomes "$start" "${names[@]}"
echo "  The gate's relay was pulsed $(grep -c opened "$site/gate.log" 2>/dev/null || echo 0) times."

section "6. A replayed recording of a resident, with liveness.challenge = \"always\""
# Chen Jing's clip looped on a screen held to the camera: it cannot follow the instructions.
sed -i 's/^challenge = "on-doubt"/challenge = "always"/' "$site/facegate.toml"
start=$(last_sequence)
timeout 300 /usr/bin/python3 Tests/TestSupport/python/media.py serve --fps 15 --width 640 --height 360 --once --exit $camera_port blank*15 \
    "video:$clips/intel/head-pose-face-detection-female.gif*20" blank*15 > /dev/null &
camera=$!
sleep 1
"$facegate" run --config "$site/facegate.toml" 2>/dev/null &
daemon=$!
wait $camera 2>/dev/null || true
kill -TERM $daemon
wait $daemon 2>/dev/null || true
echo "What the audit recorded:"
outcomes "$start" "${names[@]}"
run audit verify

echo
echo "JSON for scripts: $facegate detect --json IMAGE; more: $facegate --help"
