#include "Internal.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cstdlib>
#include <string>

using fg::fail;
using fg::guarded;

struct fg_capture {
    cv::VideoCapture capture;
};

extern "C" {

fg_status fg_capture_open(fg_capture_kind kind, const char *target, int index, int timeout_ms,
                          const char *transport, fg_capture **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        // FFmpeg logs errors (with the URL, credentials included) straight to
        // stderr; OpenCV reads this variable once, when FFmpeg is first used.
        // A developer who sets it keeps their own level.
        setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0);
        const std::vector<int> timeouts{cv::CAP_PROP_OPEN_TIMEOUT_MSEC, timeout_ms, cv::CAP_PROP_READ_TIMEOUT_MSEC,
                                        timeout_ms};
        cv::VideoCapture capture;
        switch (kind) {
        case FG_CAPTURE_DEVICE:
            if (target != nullptr) {
                capture.open(target, cv::CAP_V4L2);
            } else {
                capture.open(index, cv::CAP_V4L2);
            }
            break;
        case FG_CAPTURE_STREAM:
            // OpenCV's FFmpeg backend reads its options from this variable at
            // every open; one capture thread opens streams, one at a time.
            if (transport != nullptr) {
                setenv("OPENCV_FFMPEG_CAPTURE_OPTIONS", (std::string("rtsp_transport;") + transport).c_str(), 1);
            }
            capture.open(target, cv::CAP_FFMPEG, timeouts);
            break;
        case FG_CAPTURE_FILE:
            capture.open(target, cv::CAP_FFMPEG);
            break;
        }
        if (!capture.isOpened()) {
            return fail(error, FG_ERR_SOURCE_OPEN, "could not be opened");
        }
        return fg::emit(out, std::move(capture));
    });
}

fg_status fg_capture_read(fg_capture *capture, fg_image **out, double *stream_ms, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        *stream_ms = -1;
        cv::Mat frame;
        if (!capture->capture.read(frame) || frame.empty()) {
            return FG_OK;
        }
        const double position = capture->capture.get(cv::CAP_PROP_POS_MSEC);
        if (position >= 0) {
            *stream_ms = position;
        }
        if (frame.type() == CV_8UC1) {
            cv::cvtColor(frame, frame, cv::COLOR_GRAY2BGR);
        } else if (frame.type() == CV_8UC4) {
            cv::cvtColor(frame, frame, cv::COLOR_BGRA2BGR);
        } else if (frame.type() != CV_8UC3) {
            return fail(error, FG_ERR_DECODE, "the source delivers frames of an unsupported pixel type");
        }
        return fg::emit(out, std::move(frame));
    });
}

void fg_capture_free(fg_capture *capture) { delete capture; }

} // extern "C"
