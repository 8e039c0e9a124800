#!/usr/bin/python3
"""What a gate decided, read from `facegate audit export` (JSON lines on stdin).

Usage: audit_outcomes.py AFTER [PSEUDONYM=LABEL ...]
Prints one line per decision after audit sequence AFTER (time, kind, who,
score band, reason), then how many openings the audit counts. `make demo`
prints what happened from this, never from a fixed sentence.
"""
import json
import sys

DECISIONS = ("match", "match-refused", "unknown", "ambiguous", "multi-face", "spoof-suspected", "face-paused",
             "alternative", "alternative-refused")
OPENINGS = ("match", "alternative")


def main():
    after = int(sys.argv[1])
    labels = dict(argument.split("=", 1) for argument in sys.argv[2:])
    opened = {}
    for line in sys.stdin:
        entry = json.loads(line)
        if entry["sequence"] <= after or entry["kind"] not in DECISIONS:
            continue
        pseudonym = entry.get("pseudonym") or ""
        who = f" {labels.get(pseudonym, pseudonym)}" if pseudonym else ""
        band = f" (score band {entry['score_band']})" if entry.get("score_band") else ""
        print(f"  {entry['time'][11:19]}  {entry['kind']}{who}{band}: {entry['reason']}")
        if entry["kind"] in OPENINGS:
            opened[entry["kind"]] = opened.get(entry["kind"], 0) + 1
    counted = ", ".join(f"{count} {kind}" for kind, count in opened.items())
    print(f"  The audit counts {counted or 'no opening'}.")


if __name__ == "__main__":
    main()
