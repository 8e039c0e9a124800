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
    --photo "$photos/Female_46_1_2_1.jpg" | tail -n 3
echo "\$ facegate enroll --name … --unit 7-707 --photo Male_24_10_1.jpg --consent-form F-0002"
"$facegate" enroll --config "$site/facegate.toml" --name "Wang Wu" --unit 7-707 --consent-form F-0002 \
    --photo "$photos/Male_24_10_1.jpg" | tail -n 3
echo "\$ facegate enroll (the first resident again, from another photo)"
"$facegate" enroll --config "$site/facegate.toml" --name "Zhang San" --unit 3-402 --consent-form F-0003 \
    --photo "$photos/Female_46_4_1.jpg" 2>&1 >/dev/null | sed 's/^/  /' || true
run list
run withdraw --name "Wang Wu" --unit 7-707 --yes
run audit verify
echo "(names, units and templates are stored only encrypted; grep finds none of them:)"
grep -rl -e "Zhang San" -e "3-402" "$site/state" || echo "  no file in $site/state contains them in clear"

section "5. The gate: facegate run watching a camera stream (MJPEG over HTTP on 127.0.0.1)"
# Two more residents, an impact assessment (R18: without one only alternatives work) and a PIN.
"$facegate" enroll --config "$site/facegate.toml" --name "Chen Jing" --unit 5-501 --consent-form F-0004 \
    --photo "$photos/Female_40_1_1_1.jpg" | tail -n 1
"$facegate" enroll --config "$site/facegate.toml" --name "Liu Qiang" --unit 6-601 --consent-form F-0005 \
    --photo "$photos/Male_41_2_1_1.jpg" | tail -n 1
run pia record --id PIA-DEMO-1 --assessor "Demo DPO" --date 2026-11-01
run pin add --unit 6-601 --pin 482913
camera_port=28180 kiosk_port=28181
sed -i -e "s|^source = \".*\"|source = \"http://127.0.0.1:$camera_port/stream\"|" \
    -e "s|^command = .*|command = [\"/bin/sh\", \"-c\", \"echo opened >> $PWD/$site/gate.log\"]|" \
    -e "s|^port = 8080|port = $kiosk_port|" "$site/facegate.toml"
# The scene, in 1280×480 frames at 15 frames/s: Chen Jing walks up, a stranger walks up, Liu Qiang
# stands beside the stranger, nobody, Liu Qiang alone, then someone holds Chen Jing's photo up on a phone.
/usr/bin/python3 Tests/TestSupport/python/media.py pair "$photos/Male_41_1_1_1.jpg" "$photos/Male_24_10_1.jpg" "$site/two-people.jpg"
/usr/bin/python3 Tests/TestSupport/python/media.py serve --fps 15 --width 1280 --once $camera_port blank*15 \
    "$photos/Female_40_3_1.jpg*25" blank*20 "$photos/Male_24_10_1.jpg*25" blank*20 "$site/two-people.jpg*25" blank*20 \
    "$photos/Male_41_1_1_1.jpg*25" blank*20 "screen:$photos/Female_40_3_1.jpg*25" blank*30 > /dev/null &
camera=$!
sleep 1
echo "Kiosk page: http://127.0.0.1:$kiosk_port/   metrics: http://127.0.0.1:$kiosk_port/metrics"
echo "Scene: Chen Jing walks up · a stranger walks up · Liu Qiang beside the stranger · Liu Qiang alone · Chen Jing's photo on a phone"
"$facegate" run --config "$site/facegate.toml" 2> >(sed -u -n \
    -e 's/^[^T]*T\([0-9:]*\)+[0-9]* notice facegate: band=\(.*\) outcome=\([a-z-]*\) reason=\(.*\) \[Daemon\] decision$/  \1  \3 (score band \2): \4/p' \
    -e 's/^[^T]*T\([0-9:]*\)+[0-9]* notice facegate: mode=\(.*\) \[Daemon\] mode$/  \1  mode: \2/p') &
daemon=$!
sleep 17
echo "  (camera gone: kill the stream, then a resident types the PIN on the kiosk)"
kill $camera
sleep 2.5
# What the gate's screen shows now, drawn by a real Chromium at a 7-inch panel's 800×480.
rm -f "$site/kiosk-camera-gone.png"
printf '%s\n' "{\"cmd\":\"open\",\"url\":\"http://127.0.0.1:$kiosk_port/\",\"width\":800,\"height\":480}" \
    '{"cmd":"wait","expr":"document.body.dataset.state === \"alternatives-only\"","timeout":10}' \
    "{\"cmd\":\"screenshot\",\"path\":\"$PWD/$site/kiosk-camera-gone.png\"}" '{"cmd":"quit"}' \
    | timeout 60 /usr/bin/python3 Tests/TestSupport/python/kiosk_browser.py > /dev/null 2>&1 || true
[ -s "$site/kiosk-camera-gone.png" ] && echo "  the gate screen now (face entry paused, the other ways in): $site/kiosk-camera-gone.png"
printf '  POST /api/pin → %s\n' "$(curl -s -X POST -H 'Content-Type: application/json' -d '{"pin":"482913"}' http://127.0.0.1:$kiosk_port/api/pin)"
sleep 0.5
kill -TERM $daemon
wait $daemon 2>/dev/null || true
echo "The gate opened $(grep -c opened "$site/gate.log" 2>/dev/null || echo 0) times (two residents, one PIN); strangers, two people together and a photo on a phone: never."
run audit verify

echo
echo "JSON for scripts: $facegate detect --json IMAGE; more: $facegate --help"
