// YuNet-2023mar decode for OpenCV 4.6 (see DESIGN.md): pad to a multiple of
// 32, forward the 12 outputs, decode per stride, threshold, NMS.
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <cmath>

namespace fg {
namespace {

constexpr int kStrides[] = {8, 16, 32};

float clamp01(float value) { return std::min(1.0f, std::max(0.0f, value)); }

bool finite(const fg_face &face) {
    const auto isFinite = [](float value) { return std::isfinite(value); };
    return std::all_of(face.box, face.box + 4, isFinite) && std::all_of(face.landmarks, face.landmarks + 10, isFinite);
}

} // namespace

YuNet::YuNet(const uint8_t *model, size_t length, const fg_detector_options &options) : options_(options) {
    net_ = cv::dnn::readNetFromONNX(reinterpret_cast<const char *>(model), length);
    for (const char *kind : {"cls", "obj", "bbox", "kps"}) {
        for (int stride : kStrides) {
            outputNames_.push_back(std::string(kind) + "_" + std::to_string(stride));
        }
    }
    // A dry run on a blank frame proves at load time that the twelve outputs
    // exist and have the shapes the decode expects.
    try {
        detect(cv::Mat::zeros(32, 32, CV_8UC3));
    } catch (const cv::Exception &) {
        throw std::runtime_error("the detector model lacks YuNet-2023mar's outputs (cls/obj/bbox/kps per stride)");
    }
}

std::vector<fg_face> YuNet::detect(const cv::Mat &image) {
    const int width = image.cols, height = image.rows;
    const double scale = std::min(1.0, static_cast<double>(options_.max_side) / std::max(width, height));
    cv::Mat resized = image;
    if (scale < 1.0) {
        const cv::Size size(std::max(1, static_cast<int>(width * scale + 0.5)),
                            std::max(1, static_cast<int>(height * scale + 0.5)));
        cv::resize(image, resized, size, 0, 0, cv::INTER_LINEAR);
    }
    // At least 64 rows: OpenCV 4.6's convolution reads past its buffer when
    // the input is 32 rows high and 576 or more wide (valgrind; found by
    // scripts/fuzz.sh), and the garbage it reads came out as faces.
    const int paddedWidth = (resized.cols + 31) / 32 * 32;
    const int paddedHeight = std::max(64, (resized.rows + 31) / 32 * 32);
    cv::Mat padded;
    cv::copyMakeBorder(resized, padded, 0, paddedHeight - resized.rows, 0, paddedWidth - resized.cols,
                       cv::BORDER_CONSTANT, cv::Scalar::all(0));
    net_.setInput(cv::dnn::blobFromImage(padded));
    std::vector<cv::Mat> outputs;
    net_.forward(outputs, outputNames_);

    std::vector<cv::Rect2d> boxes;
    std::vector<float> scores;
    std::vector<std::array<float, 10>> marks;
    for (size_t level = 0; level < 3; ++level) {
        const int stride = kStrides[level];
        const int cols = paddedWidth / stride, cells = cols * (paddedHeight / stride);
        const cv::Mat &cls = outputs[level], &obj = outputs[3 + level];
        const cv::Mat &bbox = outputs[6 + level], &kps = outputs[9 + level];
        if (cls.total() != static_cast<size_t>(cells) || obj.total() != static_cast<size_t>(cells) ||
            bbox.total() != static_cast<size_t>(cells) * 4 || kps.total() != static_cast<size_t>(cells) * 10) {
            throw std::runtime_error("the detector model's outputs have unexpected shapes; it is not YuNet-2023mar");
        }
        const float *clsData = cls.ptr<float>(), *objData = obj.ptr<float>();
        const float *bboxData = bbox.ptr<float>(), *kpsData = kps.ptr<float>();
        for (int i = 0; i < cells; ++i) {
            const float score = std::sqrt(clamp01(clsData[i]) * clamp01(objData[i]));
            if (score < options_.score_threshold) {
                continue;
            }
            const int row = i / cols, col = i % cols;
            const float *b = bboxData + 4 * i, *k = kpsData + 10 * i;
            const float cx = (col + b[0]) * stride, cy = (row + b[1]) * stride;
            const float w = std::exp(b[2]) * stride, h = std::exp(b[3]) * stride;
            boxes.emplace_back(cx - w / 2, cy - h / 2, w, h);
            scores.push_back(score);
            std::array<float, 10> points{};
            for (int n = 0; n < 5; ++n) {
                points[2 * n] = (k[2 * n] + col) * stride;
                points[2 * n + 1] = (k[2 * n + 1] + row) * stride;
            }
            marks.push_back(points);
        }
    }

    std::vector<int> keep;
    cv::dnn::NMSBoxes(boxes, scores, options_.score_threshold, options_.nms_threshold, keep, 1.0f,
                      options_.top_k);
    const float scaleX = static_cast<float>(width) / resized.cols;
    const float scaleY = static_cast<float>(height) / resized.rows;
    std::vector<fg_face> faces;
    faces.reserve(keep.size());
    for (int index : keep) {
        fg_face face{};
        const cv::Rect2d &box = boxes[index];
        face.box[0] = static_cast<float>(box.x) * scaleX;
        face.box[1] = static_cast<float>(box.y) * scaleY;
        face.box[2] = static_cast<float>(box.width) * scaleX;
        face.box[3] = static_cast<float>(box.height) * scaleY;
        for (int n = 0; n < 5; ++n) {
            face.landmarks[2 * n] = marks[index][2 * n] * scaleX;
            face.landmarks[2 * n + 1] = marks[index][2 * n + 1] * scaleY;
        }
        face.score = scores[index];
        // Callers turn boxes into integers (Swift traps on inf and NaN).
        if (finite(face)) {
            faces.push_back(face);
        }
    }
    // Largest first; NMS returned equal-area faces by score, keep that order.
    std::sort(faces.begin(), faces.end(), [](const fg_face &a, const fg_face &b) {
        const float areaA = a.box[2] * a.box[3], areaB = b.box[2] * b.box[3];
        return areaA != areaB ? areaA > areaB : a.score > b.score;
    });
    return faces;
}

void embed(cv::Ptr<cv::FaceRecognizerSF> &recognizer, const cv::Mat &image, const fg_face &face, float *feature) {
    cv::Mat row(1, 15, CV_32F);
    float *values = row.ptr<float>();
    std::copy(face.box, face.box + 4, values);
    std::copy(face.landmarks, face.landmarks + 10, values + 4);
    values[14] = face.score;
    cv::Mat aligned, output;
    recognizer->alignCrop(image, row, aligned);
    recognizer->feature(aligned, output);
    if (output.total() != FG_EMBEDDING_DIMENSION || output.type() != CV_32F) {
        throw std::runtime_error("the recognizer model did not produce 128 floats; it is not SFace");
    }
    std::copy(output.ptr<float>(), output.ptr<float>() + FG_EMBEDDING_DIMENSION, feature);
}

} // namespace fg
