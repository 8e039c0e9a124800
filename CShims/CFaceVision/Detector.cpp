#include "Internal.hpp"

#include <memory>

using fg::fail;
using fg::guarded;

extern "C" {

fg_status fg_detector_create(const uint8_t *model, size_t length, const fg_detector_options *options,
                             fg_detector **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        if (model == nullptr || length == 0) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "no detector model bytes");
        }
        const fg_detector_options settings = fg::normalised(options);
        if (settings.max_side < 32 || settings.top_k < 1 || !(settings.score_threshold > 0) ||
            !(settings.score_threshold <= 1) || !(settings.nms_threshold > 0) || !(settings.nms_threshold <= 1)) {
            return fail(error, FG_ERR_INVALID_ARGUMENT,
                        "detector options out of range (max side ≥ 32, thresholds in (0, 1], top-k ≥ 1)");
        }
        try {
            return fg::emit(out, fg::YuNet(model, length, settings), std::vector<fg_face>{});
        } catch (const cv::Exception &exception) {
            return fail(error, FG_ERR_MODEL, "the detector model could not be loaded: %s", exception.err.c_str());
        } catch (const std::runtime_error &exception) {
            return fail(error, FG_ERR_MODEL, "%s", exception.what());
        }
    });
}

fg_status fg_detector_detect(fg_detector *detector, const fg_image *image, size_t *count, fg_error *error) {
    return guarded(error, [&] {
        *count = 0;
        detector->faces.clear();
        detector->faces = detector->yunet.detect(image->mat);
        *count = detector->faces.size();
        return FG_OK;
    });
}

size_t fg_detector_faces(const fg_detector *detector, fg_face *faces, size_t capacity) {
    const size_t count = std::min(capacity, detector->faces.size());
    std::copy(detector->faces.begin(), detector->faces.begin() + static_cast<std::ptrdiff_t>(count), faces);
    return count;
}

void fg_detector_free(fg_detector *detector) { delete detector; }

fg_status fg_recognizer_create(const char *model_path, fg_recognizer **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        try {
            cv::Ptr<cv::FaceRecognizerSF> sface = cv::FaceRecognizerSF::create(model_path, "");
            if (sface.empty()) {
                return fail(error, FG_ERR_MODEL, "the recognizer model could not be loaded");
            }
            return fg::emit(out, std::move(sface));
        } catch (const cv::Exception &exception) {
            return fail(error, FG_ERR_MODEL, "the recognizer model could not be loaded: %s", exception.err.c_str());
        }
    });
}

fg_status fg_recognizer_embed(fg_recognizer *recognizer, const fg_image *image, const fg_face *face, float *feature,
                              fg_error *error) {
    return guarded(error, [&] {
        fg::embed(recognizer->sface, image->mat, *face, feature);
        return FG_OK;
    });
}

void fg_recognizer_free(fg_recognizer *recognizer) { delete recognizer; }

} // extern "C"
