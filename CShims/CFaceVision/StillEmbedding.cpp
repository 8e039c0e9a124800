// The embedding of a face in a still photo, made independent of the
// resolution it was detected at. YuNet's landmarks jitter by about 1 % of the
// eye distance between scales, which moves SFace's alignment and costs up to
// 0.07 of cosine between a photo's 640 px and full-resolution paths. Here the
// face is found again on crops that show it 128 px tall, and the features of
// eight crops shifted by ±5 % and scaled by 0.9 / 1.1 are averaged; a face
// larger than SFace's template is first shrunk with area averaging so the
// alignment does not alias. Measured on deepface-dev's photos over 640 px:
// cosine between the two paths min 0.930 → 0.996.
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <optional>

using fg::guarded;

namespace {

constexpr double kCropFace = 128;   // face height in a re-detection crop
constexpr int kCropSide = 384;      // the crop shows three face heights
constexpr double kAlignFace = 112;  // larger faces are shrunk to this before alignment
constexpr double kShift = 0.05;     // of the face height
constexpr double kZooms[] = {0.9, 1.1};

fg_face mapped(const fg_face &face, double scale, double originX, double originY) {
    fg_face result = face;
    result.box[0] = static_cast<float>(face.box[0] / scale + originX);
    result.box[1] = static_cast<float>(face.box[1] / scale + originY);
    result.box[2] = static_cast<float>(face.box[2] / scale);
    result.box[3] = static_cast<float>(face.box[3] / scale);
    for (int n = 0; n < 5; ++n) {
        result.landmarks[2 * n] = static_cast<float>(face.landmarks[2 * n] / scale + originX);
        result.landmarks[2 * n + 1] = static_cast<float>(face.landmarks[2 * n + 1] / scale + originY);
    }
    return result;
}

/// `image`'s region from (originX, originY), `span` pixels wide, scaled by
/// `scale` into a `side`² picture (area averaging when it shrinks, black outside).
cv::Mat crop(const cv::Mat &image, double originX, double originY, double scale, int side) {
    const double span = side / scale;
    const cv::Rect wanted(static_cast<int>(std::floor(originX)) - 1, static_cast<int>(std::floor(originY)) - 1,
                          static_cast<int>(std::ceil(span)) + 3, static_cast<int>(std::ceil(span)) + 3);
    const cv::Rect region = wanted & cv::Rect(0, 0, image.cols, image.rows);
    cv::Mat result(side, side, image.type(), cv::Scalar::all(0));
    if (region.empty()) {
        return result;
    }
    cv::Mat part = image(region);
    double ratioX = 1, ratioY = 1;
    if (scale < 1) {
        cv::Mat shrunk;
        cv::resize(part, shrunk,
                   cv::Size(std::max(1, static_cast<int>(std::lround(region.width * scale))),
                            std::max(1, static_cast<int>(std::lround(region.height * scale)))),
                   0, 0, cv::INTER_AREA);
        ratioX = static_cast<double>(shrunk.cols) / region.width;
        ratioY = static_cast<double>(shrunk.rows) / region.height;
        part = shrunk;
    }
    const cv::Matx23d transform(scale / ratioX, 0, scale * (region.x - originX), 0, scale / ratioY,
                                scale * (region.y - originY));
    cv::warpAffine(part, result, transform, result.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    return result;
}

/// `face` found again on a crop centred on it (moved by `shiftX`, `shiftY`
/// face heights) that shows it `kCropFace · zoom` tall; nothing when the
/// crop holds no face near the expected place.
std::optional<fg_face> redetect(fg::YuNet &yunet, const cv::Mat &image, const fg_face &face, double shiftX,
                                double shiftY, double zoom) {
    const double height = face.box[3];
    if (!(height >= 1)) {
        return std::nullopt;
    }
    const double scale = kCropFace * zoom / height;
    const double centreX = face.box[0] + face.box[2] / 2, centreY = face.box[1] + face.box[3] / 2;
    const double originX = centreX + shiftX * height - kCropSide / (2 * scale);
    const double originY = centreY + shiftY * height - kCropSide / (2 * scale);
    const std::vector<fg_face> found = yunet.detect(crop(image, originX, originY, scale, kCropSide));
    const double expectedX = (centreX - originX) * scale, expectedY = (centreY - originY) * scale;
    std::optional<fg_face> best;
    double bestDistance = 0.5 * kCropFace * zoom; // farther than half a face: another face
    for (const fg_face &candidate : found) {
        const double distance = std::hypot(candidate.box[0] + candidate.box[2] / 2 - expectedX,
                                           candidate.box[1] + candidate.box[3] / 2 - expectedY);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = mapped(candidate, scale, originX, originY);
        }
    }
    return best;
}

/// Adds the unit feature of `face` to `sum`; a face taller than SFace's
/// template is shrunk first.
void addFeature(cv::Ptr<cv::FaceRecognizerSF> &sface, const cv::Mat &image, const fg_face &face, float *sum) {
    float feature[FG_EMBEDDING_DIMENSION];
    const double height = face.box[3];
    if (height > kAlignFace) {
        const double scale = kAlignFace / height;
        const double originX = face.box[0] - face.box[2], originY = face.box[1] - face.box[3];
        const int side = static_cast<int>(std::ceil(3 * std::max(face.box[2], face.box[3]) * scale));
        const cv::Mat shrunk = crop(image, originX, originY, scale, side);
        fg_face local = face;
        local.box[0] = static_cast<float>((face.box[0] - originX) * scale);
        local.box[1] = static_cast<float>((face.box[1] - originY) * scale);
        local.box[2] = static_cast<float>(face.box[2] * scale);
        local.box[3] = static_cast<float>(face.box[3] * scale);
        for (int n = 0; n < 5; ++n) {
            local.landmarks[2 * n] = static_cast<float>((face.landmarks[2 * n] - originX) * scale);
            local.landmarks[2 * n + 1] = static_cast<float>((face.landmarks[2 * n + 1] - originY) * scale);
        }
        fg::embed(sface, shrunk, local, feature);
    } else {
        fg::embed(sface, image, face, feature);
    }
    double norm = 0;
    for (float value : feature) {
        norm += static_cast<double>(value) * value;
    }
    norm = std::sqrt(norm);
    if (!(norm > 0) || !std::isfinite(norm)) {
        throw std::runtime_error("the recognizer produced a zero or non-finite feature");
    }
    for (int index = 0; index < FG_EMBEDDING_DIMENSION; ++index) {
        sum[index] += static_cast<float>(feature[index] / norm);
    }
}

} // namespace

extern "C" fg_status fg_recognizer_embed_still(fg_recognizer *recognizer, fg_detector *detector,
                                               const fg_image *image, const fg_face *face, float *feature,
                                               fg_error *error) {
    return guarded(error, [&] {
        std::fill(feature, feature + FG_EMBEDDING_DIMENSION, 0.0f);
        const fg_face settled = redetect(detector->yunet, image->mat, *face, 0, 0, 1).value_or(*face);
        int added = 0;
        for (double zoom : kZooms) {
            for (double shiftX : {-kShift, kShift}) {
                for (double shiftY : {-kShift, kShift}) {
                    if (const auto again = redetect(detector->yunet, image->mat, settled, shiftX, shiftY, zoom)) {
                        addFeature(recognizer->sface, image->mat, *again, feature);
                        ++added;
                    }
                }
            }
        }
        if (added == 0) {
            addFeature(recognizer->sface, image->mat, settled, feature);
        }
        return FG_OK;
    });
}
