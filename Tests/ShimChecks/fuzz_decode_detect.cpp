// libFuzzer harness for CFaceVision's image path (scripts/fuzz.sh builds and
// runs it under AddressSanitizer and UBSan): every input goes to
// fg_image_decode as it would arrive from a camera or an enrollment photo,
// and an image that decodes goes through the YuNet detector and back out
// through fg_detector_faces. Besides memory errors and undefined behaviour
// it fails on answers the Swift side cannot take: a non-finite box or
// landmark (Swift's Int(Float) traps on those) or a score outside 0…1.
//
// OpenCV itself is the system's uninstrumented build, so coverage guidance
// covers only the shim; crashes inside the codecs are still caught.
#include "CFaceVision.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

fg_detector *detector = nullptr;

[[noreturn]] void stop(const char *what, const char *detail) {
    std::fprintf(stderr, "fuzz_decode_detect: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    std::abort();
}

bool finite(const float *values, size_t count) {
    for (size_t n = 0; n < count; ++n) {
        if (!std::isfinite(values[n])) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    const char *models = std::getenv("FACEGATE_MODELS");
    const std::string path = std::string(models ? models : "Models") + "/face_detection_yunet_2023mar.onnx";
    std::ifstream file(path, std::ios::binary);
    const std::vector<uint8_t> model((std::istreambuf_iterator<char>(file)), {});
    if (model.empty()) {
        stop("cannot read the detector model", path.c_str());
    }
    // One OpenCV thread: the fuzzer is the unit of parallelism, and the
    // detector's answers must not depend on scheduling.
    fg_runtime_configure(1);
    fg_error error{};
    if (fg_detector_create(model.data(), model.size(), nullptr, &detector, &error) != FG_OK) {
        stop("cannot create the detector", error.message);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fg_error error{};
    fg_image *image = nullptr;
    const fg_status decoded = fg_image_decode(data, size, &image, &error);
    if (decoded != FG_OK) {
        // A refusal is the right answer to most inputs; it must leave nothing behind.
        if (image != nullptr) {
            stop("a failed decode returned an image", error.message);
        }
        if (size > 0 && decoded != FG_ERR_DECODE && decoded != FG_ERR_OPENCV && decoded != FG_ERR_NO_MEMORY) {
            stop("unexpected decode status", error.message);
        }
        return 0;
    }
    if (image == nullptr || fg_image_width(image) <= 0 || fg_image_height(image) <= 0) {
        stop("decode succeeded without a usable image", nullptr);
    }
    size_t count = 0;
    if (fg_detector_detect(detector, image, &count, &error) != FG_OK) {
        // A decoded image of any size or content must be detectable.
        stop("detection failed on a decoded image", error.message);
    }
    std::vector<fg_face> faces(count);
    if (fg_detector_faces(detector, faces.data(), faces.size()) != count) {
        stop("fg_detector_faces returned fewer faces than detected", nullptr);
    }
    for (const fg_face &face : faces) {
        if (!finite(face.box, 4) || !finite(face.landmarks, 10) || !(face.score >= 0 && face.score <= 1)) {
            char detail[256];
            std::snprintf(detail, sizeof detail, "%d×%d image, box %g %g %g %g, eye %g %g, score %g",
                          fg_image_width(image), fg_image_height(image), face.box[0], face.box[1], face.box[2],
                          face.box[3], face.landmarks[0], face.landmarks[1], face.score);
            stop("a detected face has a non-finite box or landmark or a score outside 0…1", detail);
        }
    }
    fg_image_free(image);
    return 0;
}
