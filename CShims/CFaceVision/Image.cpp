#include "Internal.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using fg::fail;
using fg::guarded;

extern "C" {

fg_status fg_image_decode(const uint8_t *bytes, size_t length, fg_image **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        if (bytes == nullptr || length == 0) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "no image bytes");
        }
        const cv::Mat buffer(1, static_cast<int>(length), CV_8UC1, const_cast<uint8_t *>(bytes));
        cv::Mat decoded = cv::imdecode(buffer, cv::IMREAD_COLOR);
        if (decoded.empty()) {
            return fail(error, FG_ERR_DECODE, "the image data could not be decoded");
        }
        return fg::emit(out, std::move(decoded));
    });
}

fg_status fg_image_from_bgr(const uint8_t *pixels, int width, int height, size_t row_bytes, fg_image **out,
                            fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        if (pixels == nullptr || width <= 0 || height <= 0 || row_bytes < static_cast<size_t>(width) * 3) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "invalid BGR buffer (%d×%d, %zu bytes per row)", width,
                        height, row_bytes);
        }
        const cv::Mat view(height, width, CV_8UC3, const_cast<uint8_t *>(pixels), row_bytes);
        return fg::emit(out, view.clone());
    });
}

fg_status fg_image_resize(const fg_image *image, int width, int height, fg_image **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        if (image == nullptr || width <= 0 || height <= 0) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "invalid resize to %d×%d", width, height);
        }
        cv::Mat resized;
        cv::resize(image->mat, resized, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
        return fg::emit(out, std::move(resized));
    });
}

void fg_image_free(fg_image *image) { delete image; }

int fg_image_width(const fg_image *image) { return image->mat.cols; }

int fg_image_height(const fg_image *image) { return image->mat.rows; }

fg_status fg_image_copy_bgr(const fg_image *image, uint8_t *pixels, size_t capacity, fg_error *error) {
    return guarded(error, [&] {
        const size_t rowBytes = static_cast<size_t>(image->mat.cols) * 3;
        if (pixels == nullptr || capacity < rowBytes * static_cast<size_t>(image->mat.rows)) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "pixel buffer too small");
        }
        for (int row = 0; row < image->mat.rows; ++row) {
            std::memcpy(pixels + rowBytes * static_cast<size_t>(row), image->mat.ptr(row), rowBytes);
        }
        return FG_OK;
    });
}

fg_status fg_image_grey_thumbnail(const fg_image *image, int width, int height, uint8_t *pixels, size_t capacity,
                                  fg_error *error) {
    return guarded(error, [&] {
        if (width < 1 || height < 1 || capacity < static_cast<size_t>(width) * static_cast<size_t>(height)) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "thumbnail size does not fit the buffer");
        }
        cv::Mat small;
        cv::resize(image->mat, small, cv::Size(width, height), 0, 0, cv::INTER_AREA);
        cv::Mat grey(height, width, CV_8UC1, pixels);
        cv::cvtColor(small, grey, cv::COLOR_BGR2GRAY);
        return FG_OK;
    });
}

fg_status fg_image_sharpness(const fg_image *image, int x, int y, int width, int height, double *out,
                             fg_error *error) {
    return guarded(error, [&] {
        const cv::Rect region = cv::Rect(x, y, width, height) & cv::Rect(0, 0, image->mat.cols, image->mat.rows);
        if (region.width < 3 || region.height < 3) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "sharpness region lies outside the image");
        }
        // Measured at SFace's 112×112 input size, so one threshold fits faces
        // of every resolution.
        cv::Mat grey, normalised, laplacian;
        cv::cvtColor(image->mat(region), grey, cv::COLOR_BGR2GRAY);
        cv::resize(grey, normalised, cv::Size(112, 112), 0, 0, cv::INTER_AREA);
        cv::Laplacian(normalised, laplacian, CV_64F);
        cv::Scalar mean, deviation;
        cv::meanStdDev(laplacian, mean, deviation);
        *out = deviation[0] * deviation[0];
        return FG_OK;
    });
}

} // extern "C"
