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

echo
echo "JSON for scripts: $facegate detect --json IMAGE; more: $facegate --help"
