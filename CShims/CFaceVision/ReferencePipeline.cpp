// The C++ half of `facegate bench pipeline`: the same per-frame work as the
// Swift path (detect, then align + embed every face), as one plain C++
// function with no handles, no Swift and no C boundary per face.
#include "Internal.hpp"

using fg::fail;
using fg::guarded;

struct fg_reference {
    fg::YuNet detector;
    cv::Ptr<cv::FaceRecognizerSF> recognizer;
};

extern "C" {

fg_status fg_reference_create(const uint8_t *detector_model, size_t detector_length, const char *recognizer_path,
                              const fg_detector_options *options, fg_reference **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        return fg::emit(out, fg::YuNet(detector_model, detector_length, fg::normalised(options)),
                        cv::FaceRecognizerSF::create(recognizer_path, ""));
    });
}

fg_status fg_reference_run(fg_reference *reference, const fg_image *frame, size_t *faces, fg_error *error) {
    return guarded(error, [&] {
        float feature[FG_EMBEDDING_DIMENSION];
        *faces = 0;
        for (const fg_face &face : reference->detector.detect(frame->mat)) {
            fg::embed(reference->recognizer, frame->mat, face, feature);
            ++*faces;
        }
        return FG_OK;
    });
}

void fg_reference_free(fg_reference *reference) { delete reference; }

} // extern "C"
