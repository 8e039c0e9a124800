// MiniFASNet presentation-attack screening (see ../shared/models/pad and
// docs in FaceVision/LivenessClassifier.swift): for each model, crop the face
// box enlarged by the model's scale around its centre, resize to 80×80, feed
// raw BGR 0–255 as NCHW, softmax the three logits; class 1 is a real face.
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using fg::fail;
using fg::guarded;

namespace {

constexpr int kSide = 80;
constexpr size_t kMaxModels = 4;

struct Model {
    cv::dnn::Net net;
    float scale;
};

/// Minivision's CropImage._get_new_box: the enlarged box keeps its size and
/// is shifted, not shrunk, to stay inside the image; the scale is first
/// capped so that the enlarged box fits at all.
cv::Rect enlargedBox(const fg_face &face, int width, int height, float wanted) {
    const double boxWidth = std::max(1.0f, face.box[2]), boxHeight = std::max(1.0f, face.box[3]);
    const double scale = std::min<double>({wanted, (height - 1) / boxHeight, (width - 1) / boxWidth});
    const double newWidth = boxWidth * scale, newHeight = boxHeight * scale;
    const double centreX = face.box[0] + boxWidth / 2, centreY = face.box[1] + boxHeight / 2;
    double left = centreX - newWidth / 2, top = centreY - newHeight / 2;
    double right = centreX + newWidth / 2, bottom = centreY + newHeight / 2;
    if (left < 0) { right -= left; left = 0; }
    if (top < 0) { bottom -= top; top = 0; }
    if (right > width - 1) { left -= right - (width - 1); right = width - 1; }
    if (bottom > height - 1) { top -= bottom - (height - 1); bottom = height - 1; }
    const int x0 = std::max(0, static_cast<int>(left)), y0 = std::max(0, static_cast<int>(top));
    const int x1 = std::min(width - 1, static_cast<int>(right)), y1 = std::min(height - 1, static_cast<int>(bottom));
    return cv::Rect(x0, y0, std::max(1, x1 - x0 + 1), std::max(1, y1 - y0 + 1));
}

float realProbability(Model &model, const cv::Mat &image, const fg_face &face) {
    cv::Mat crop;
    cv::resize(image(enlargedBox(face, image.cols, image.rows, model.scale)), crop, cv::Size(kSide, kSide), 0, 0,
               cv::INTER_LINEAR);
    model.net.setInput(cv::dnn::blobFromImage(crop, 1.0, cv::Size(), cv::Scalar(), false, false, CV_32F));
    const cv::Mat logits = model.net.forward();
    if (logits.total() != 3) {
        throw std::runtime_error("a liveness model gave " + std::to_string(logits.total()) + " outputs, expected 3");
    }
    const float *value = logits.ptr<float>();
    const float peak = std::max({value[0], value[1], value[2]});
    const double e0 = std::exp(value[0] - peak), e1 = std::exp(value[1] - peak), e2 = std::exp(value[2] - peak);
    return static_cast<float>(e1 / (e0 + e1 + e2));
}

} // namespace

struct fg_liveness {
    std::vector<Model> models;
};

extern "C" {

fg_status fg_liveness_create(const uint8_t *const *models, const size_t *lengths, const float *scales, size_t count,
                             fg_liveness **out, fg_error *error) {
    return guarded(error, [&] {
        *out = nullptr;
        if (models == nullptr || lengths == nullptr || scales == nullptr || count == 0 || count > kMaxModels) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "between 1 and %zu liveness models are needed", kMaxModels);
        }
        std::vector<Model> loaded;
        for (size_t index = 0; index < count; ++index) {
            if (models[index] == nullptr || lengths[index] == 0 || !(scales[index] >= 1) || !(scales[index] <= 10)) {
                return fail(error, FG_ERR_INVALID_ARGUMENT, "liveness model %zu has no bytes or a crop scale outside 1…10",
                            index + 1);
            }
            Model model{cv::dnn::Net(), scales[index]};
            try {
                model.net = cv::dnn::readNetFromONNX(reinterpret_cast<const char *>(models[index]), lengths[index]);
                // A dry run proves the input and output shapes at load time.
                fg_face probe{{8, 8, 16, 16}, {}, 1};
                realProbability(model, cv::Mat::zeros(32, 32, CV_8UC3), probe);
            } catch (const cv::Exception &exception) {
                return fail(error, FG_ERR_MODEL, "liveness model %zu could not be loaded: %s", index + 1,
                            exception.err.c_str());
            } catch (const std::runtime_error &exception) {
                return fail(error, FG_ERR_MODEL, "liveness model %zu is not a MiniFASNet: %s", index + 1,
                            exception.what());
            }
            loaded.push_back(std::move(model));
        }
        return fg::emit(out, std::move(loaded));
    });
}

fg_status fg_liveness_score(fg_liveness *liveness, const fg_image *image, const fg_face *face, float *scores,
                            fg_error *error) {
    return guarded(error, [&] {
        if (!(face->box[2] >= 1) || !(face->box[3] >= 1) || !std::isfinite(face->box[0]) ||
            !std::isfinite(face->box[1]) || image->mat.cols < 2 || image->mat.rows < 2) {
            return fail(error, FG_ERR_INVALID_ARGUMENT, "no face box to screen for liveness");
        }
        for (size_t index = 0; index < liveness->models.size(); ++index) {
            scores[index] = realProbability(liveness->models[index], image->mat, *face);
        }
        return FG_OK;
    });
}

void fg_liveness_free(fg_liveness *liveness) { delete liveness; }

} // extern "C"
