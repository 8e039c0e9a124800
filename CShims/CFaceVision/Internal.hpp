// Internal to CFaceVision: the C++ types behind the opaque handles and the
// one helper that turns every C++ outcome into an fg_status.
#pragma once

#include "CFaceVision.h"

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/objdetect.hpp>

#include <cstdarg>
#include <cstring>
#include <new>
#include <string>
#include <vector>

struct fg_image {
    cv::Mat mat; // CV_8UC3, BGR; never modified after creation
};

namespace fg {

/// Writes a one-line message (newlines folded to spaces) and returns `status`.
fg_status fail(fg_error *error, fg_status status, const char *format, ...);

/// Runs `body`, which returns an fg_status; any exception becomes a status
/// and a message. Every extern "C" entry point goes through here.
template <class Body>
fg_status guarded(fg_error *error, Body &&body) noexcept {
    try {
        return body();
    } catch (const cv::Exception &exception) {
        return fail(error, FG_ERR_OPENCV, "OpenCV error in %s: %s", exception.func.c_str(), exception.err.c_str());
    } catch (const std::bad_alloc &) {
        return fail(error, FG_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception &exception) {
        return fail(error, FG_ERR_INTERNAL, "%s", exception.what());
    } catch (...) {
        return fail(error, FG_ERR_INTERNAL, "unknown C++ exception");
    }
}

/// Creates a heap object for an out-parameter handle.
template <class Handle, class... Args>
fg_status emit(Handle **out, Args &&...args) {
    *out = new Handle{std::forward<Args>(args)...};
    return FG_OK;
}

/// Default options when the caller passes NULL, and sanity limits.
fg_detector_options normalised(const fg_detector_options *options);

/// YuNet-2023mar: network plus the decode described in DESIGN.md.
class YuNet {
public:
    YuNet(const uint8_t *model, size_t length, const fg_detector_options &options);
    /// Faces in `image` coordinates, largest first.
    std::vector<fg_face> detect(const cv::Mat &image);

private:
    cv::dnn::Net net_;
    fg_detector_options options_;
    std::vector<std::string> outputNames_;
};

/// Raw SFace feature of one face: align to 112×112, run the network.
void embed(cv::Ptr<cv::FaceRecognizerSF> &recognizer, const cv::Mat &image, const fg_face &face, float *feature);

} // namespace fg

struct fg_detector {
    fg::YuNet yunet;
    std::vector<fg_face> faces; // the last detection
};

struct fg_recognizer {
    cv::Ptr<cv::FaceRecognizerSF> sface;
};
