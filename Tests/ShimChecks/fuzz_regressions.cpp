// Inputs scripts/fuzz.sh once found, checked before each fuzzing run.
//
// 1. A JPEG declaring 8312×90 black pixels: the detector scales it to
//    640×7, which YuNet padded to 32 rows, and OpenCV 4.6's convolution
//    reads past its buffer on a 32-row input 576 or more wide (valgrind:
//    "Invalid read of size 4 … 0 bytes after a block"). The bytes it read
//    came out as faces with score 1 and infinite boxes, which Swift's
//    Int(Float) traps on (FaceQuality). The shim now pads to at least 64
//    rows and drops non-finite faces.
//
// The garbage shows only with the ordinary allocator (AddressSanitizer's
// redzones read as zeros), so fuzz.sh builds this without ASan: a black
// picture of any of these shapes must give no face, every time.
#include "CFaceVision.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool condition, const char *what, int width, int height) {
    if (!condition) {
        std::fprintf(stderr, "fuzz-regressions: %d×%d black image: %s\n", width, height, what);
        ++failures;
    }
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_regressions MODELS_DIR\n");
        return 2;
    }
    std::ifstream file(std::string(argv[1]) + "/face_detection_yunet_2023mar.onnx", std::ios::binary);
    const std::vector<uint8_t> model((std::istreambuf_iterator<char>(file)), {});
    fg_runtime_configure(1);
    fg_error error{};
    fg_detector *detector = nullptr;
    if (fg_detector_create(model.data(), model.size(), nullptr, &detector, &error) != FG_OK) {
        std::fprintf(stderr, "fuzz-regressions: detector: %s\n", error.message);
        return 1;
    }
    // The fuzzer's input, then the shapes that reach the network as 32 rows.
    const int shapes[][2] = {{8312, 90}, {640, 7}, {576, 32}, {640, 32}, {1000, 1}, {4000, 150}};
    for (const auto &shape : shapes) {
        const int width = shape[0], height = shape[1];
        const std::vector<uint8_t> black(static_cast<size_t>(width) * height * 3, 0);
        fg_image *image = nullptr;
        if (fg_image_from_bgr(black.data(), width, height, static_cast<size_t>(width) * 3, &image, &error) != FG_OK) {
            check(false, error.message, width, height);
            continue;
        }
        for (int round = 0; round < 3; ++round) {
            size_t count = 0;
            check(fg_detector_detect(detector, image, &count, &error) == FG_OK, error.message, width, height);
            std::vector<fg_face> faces(count);
            fg_detector_faces(detector, faces.data(), faces.size());
            for (const fg_face &face : faces) {
                std::fprintf(stderr, "  face: box %g %g %g %g, score %g\n", face.box[0], face.box[1], face.box[2],
                             face.box[3], face.score);
            }
            check(count == 0, "the detector found faces in a black picture", width, height);
        }
        fg_image_free(image);
    }
    fg_detector_free(detector);
    if (failures > 0) {
        return 1;
    }
    std::printf("fuzz-regressions: %zu former crash shapes, no faces, no garbage\n", std::size(shapes));
    return 0;
}
