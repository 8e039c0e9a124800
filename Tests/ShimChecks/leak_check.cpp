// Runs CFaceVision's C interface under AddressSanitizer, UBSan and
// LeakSanitizer (scripts/leak-check.sh builds it): N decode + detect + embed
// + spoof-screen rounds on a real photo, plus every error path once. Any leak, overflow or
// undefined behaviour makes the run fail. (RSS is measured without the
// sanitizer, whose quarantine holds freed memory, by `facegate bench memory`.)
#include "CFaceVision.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> slurp(const std::string &path) {
    std::ifstream file(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), {});
}

void require(bool condition, const char *what, const fg_error &error) {
    if (!condition) {
        std::fprintf(stderr, "leak-check: %s: %s\n", what, error.message);
        std::exit(1);
    }
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: leak_check MODELS_DIR PHOTO ROUNDS\n");
        return 2;
    }
    const std::string models = argv[1];
    const std::vector<uint8_t> photo = slurp(argv[2]);
    const int rounds = std::atoi(argv[3]);
    const std::vector<uint8_t> yunet = slurp(models + "/face_detection_yunet_2023mar.onnx");
    const std::string sface = models + "/face_recognition_sface_2021dec.onnx";
    fg_error error{};
    fg_runtime_configure(0);

    fg_detector *detector = nullptr;
    fg_recognizer *recognizer = nullptr;
    require(fg_detector_create(yunet.data(), yunet.size(), nullptr, &detector, &error) == FG_OK, "detector", error);
    require(fg_recognizer_create(sface.c_str(), &recognizer, &error) == FG_OK, "recognizer", error);
    const std::vector<uint8_t> v2 = slurp(models + "/MiniFASNetV2.onnx"), v1se = slurp(models + "/MiniFASNetV1SE.onnx");
    const uint8_t *padModels[] = {v2.data(), v1se.data()};
    const size_t padLengths[] = {v2.size(), v1se.size()};
    const float padScales[] = {2.7f, 4.0f};
    fg_liveness *liveness = nullptr;
    require(fg_liveness_create(padModels, padLengths, padScales, 2, &liveness, &error) == FG_OK, "liveness", error);

    // Error paths: each must fail cleanly and leave nothing behind.
    fg_image *none = nullptr;
    const uint8_t garbage[] = {0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02};
    require(fg_image_decode(garbage, sizeof garbage, &none, &error) == FG_ERR_DECODE && none == nullptr, "garbage decode", error);
    fg_detector *broken = nullptr;
    require(fg_detector_create(yunet.data(), yunet.size() / 3, nullptr, &broken, &error) == FG_ERR_MODEL && !broken, "truncated model", error);
    fg_recognizer *missing = nullptr;
    require(fg_recognizer_create("/nonexistent.onnx", &missing, &error) == FG_ERR_MODEL && !missing, "missing model", error);
    fg_capture *capture = nullptr;
    fg_liveness *wrong = nullptr;
    const uint8_t *detectorAsPad[] = {yunet.data()};
    const size_t detectorLength[] = {yunet.size()};
    require(fg_liveness_create(detectorAsPad, detectorLength, padScales, 1, &wrong, &error) == FG_ERR_MODEL && !wrong,
            "a detector given as a liveness model", error);
    require(fg_capture_open(FG_CAPTURE_FILE, "/nonexistent.avi", 0, 1000, nullptr, &capture, &error) == FG_ERR_SOURCE_OPEN, "capture", error);

    size_t faces = 0;
    for (int round = 0; round < rounds; ++round) {
        fg_image *image = nullptr, *small = nullptr;
        require(fg_image_decode(photo.data(), photo.size(), &image, &error) == FG_OK, "decode", error);
        require(fg_image_resize(image, 240, 320, &small, &error) == FG_OK, "resize", error);
        size_t count = 0;
        require(fg_detector_detect(detector, small, &count, &error) == FG_OK && count >= 1, "detect", error);
        std::vector<fg_face> found(count);
        fg_detector_faces(detector, found.data(), found.size());
        float feature[FG_EMBEDDING_DIMENSION];
        float realness[2];
        for (const fg_face &face : found) {
            require(fg_recognizer_embed(recognizer, small, &face, feature, &error) == FG_OK, "embed", error);
            require(fg_liveness_score(liveness, small, &face, realness, &error) == FG_OK, "liveness", error);
            ++faces;
        }
        fg_image_free(small);
        fg_image_free(image);
    }
    std::printf("leak-check: %d decode + detect + embed + spoof-screen rounds, %zu faces\n", rounds, faces);
    fg_liveness_free(liveness);
    fg_recognizer_free(recognizer);
    fg_detector_free(detector);
    return 0;
}
