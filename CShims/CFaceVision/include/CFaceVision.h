// CFaceVision: the only place facegate calls OpenCV.
//
// A plain C interface over C++17 code: opaque handles, a status code and a
// message buffer on every call that can fail. No C++ type and no C++
// exception ever crosses this header; every entry point catches everything.
// Handles are not thread-safe: one owner uses a handle at a time.
#ifndef CFACEVISION_H
#define CFACEVISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of every fallible call. FG_OK is zero; anything else fills the
/// caller's fg_error with one line saying what went wrong.
typedef enum fg_status {
    FG_OK = 0,
    FG_ERR_INVALID_ARGUMENT = 1,
    FG_ERR_DECODE = 2,
    FG_ERR_MODEL = 3,
    FG_ERR_SOURCE_OPEN = 4,
    FG_ERR_OPENCV = 5,
    FG_ERR_NO_MEMORY = 6,
    FG_ERR_INTERNAL = 7,
} fg_status;

/// One line of text, always NUL-terminated after a failed call.
typedef struct fg_error {
    char message[512];
} fg_error;

/// The embedding size of SFace.
#define FG_EMBEDDING_DIMENSION 128

// MARK: - Process-wide settings

/// Sets OpenCV's worker thread count (0 or less: all cores). Also silences
/// OpenCV's own stderr logging below errors, so no file path or warning from
/// inside OpenCV reaches the journal.
void fg_runtime_configure(int threads);
int fg_runtime_threads(void);
const char *fg_runtime_opencv_version(void);

// MARK: - Images (8-bit BGR, immutable once created)

typedef struct fg_image fg_image;

/// Decodes JPEG/PNG/BMP/WebP bytes. The caller has already checked the
/// header and the pixel limit; this only decodes.
fg_status fg_image_decode(const uint8_t *bytes, size_t length, fg_image **out, fg_error *error);
/// Copies tightly or loosely packed BGR rows into a new image.
fg_status fg_image_from_bgr(const uint8_t *pixels, int width, int height, size_t row_bytes,
                            fg_image **out, fg_error *error);
/// A new image resized to width×height with bilinear interpolation.
fg_status fg_image_resize(const fg_image *image, int width, int height, fg_image **out, fg_error *error);
void fg_image_free(fg_image *image);
int fg_image_width(const fg_image *image);
int fg_image_height(const fg_image *image);
/// Copies the pixels as tightly packed BGR rows into `pixels` (capacity ≥ width·height·3).
fg_status fg_image_copy_bgr(const fg_image *image, uint8_t *pixels, size_t capacity, fg_error *error);
/// The image shrunk to width×height (area averaging, which evens out sensor
/// noise) in grey, one byte per pixel into `pixels` (capacity ≥ width·height):
/// the cheap picture that tells whether anything in view changed.
fg_status fg_image_grey_thumbnail(const fg_image *image, int width, int height, uint8_t *pixels, size_t capacity,
                                  fg_error *error);
/// Variance of the Laplacian of the grey image inside the rectangle, scaled
/// to 112×112 first: a resolution-independent sharpness measure (blurred
/// faces score low; sharp ones mostly above 50). The rectangle is clipped.
fg_status fg_image_sharpness(const fg_image *image, int x, int y, int width, int height,
                             double *out, fg_error *error);

// MARK: - Faces

/// One detected face in the coordinates of the image given to the detector.
typedef struct fg_face {
    float box[4];        ///< x, y, width, height
    float landmarks[10]; ///< right eye, left eye, nose tip, right and left mouth corner: x, y each
    float score;         ///< detector confidence, 0…1
} fg_face;

typedef struct fg_detector_options {
    float score_threshold; ///< keep candidates scoring at least this (YuNet default 0.6)
    float nms_threshold;   ///< suppress overlaps above this IoU (default 0.3)
    int max_side;          ///< downscale so the longer side is at most this (default 640)
    int top_k;             ///< keep at most this many candidates before NMS (default 5000)
} fg_detector_options;

/// YuNet-2023mar run through cv::dnn, decoded in the shim (OpenCV 4.6's own
/// FaceDetectorYN cannot run this model).
typedef struct fg_detector fg_detector;

/// Builds the detector from the model bytes the caller has already verified.
fg_status fg_detector_create(const uint8_t *model, size_t length, const fg_detector_options *options,
                             fg_detector **out, fg_error *error);
/// Detects faces; `count` receives how many were found (read them with fg_detector_faces).
fg_status fg_detector_detect(fg_detector *detector, const fg_image *image, size_t *count, fg_error *error);
/// Copies up to `capacity` faces of the last detection, largest first.
size_t fg_detector_faces(const fg_detector *detector, fg_face *faces, size_t capacity);
void fg_detector_free(fg_detector *detector);

/// cv::FaceRecognizerSF: alignment to the 112×112 template and the SFace network.
typedef struct fg_recognizer fg_recognizer;

fg_status fg_recognizer_create(const char *model_path, fg_recognizer **out, fg_error *error);
/// Writes the raw (not yet normalised) 128-float feature of the face to `feature`.
fg_status fg_recognizer_embed(fg_recognizer *recognizer, const fg_image *image, const fg_face *face,
                              float *feature, fg_error *error);
/// The feature of a face in a still photo (enrollment): the face is found
/// again on crops that show it at one fixed size, and the unit features of
/// eight slightly shifted and scaled crops are summed (not yet normalised).
/// The result no longer depends on the resolution the face was first found
/// at. Uses `detector`, whose last detection is left as it was.
fg_status fg_recognizer_embed_still(fg_recognizer *recognizer, fg_detector *detector, const fg_image *image,
                                    const fg_face *face, float *feature, fg_error *error);
void fg_recognizer_free(fg_recognizer *recognizer);

// MARK: - Presentation-attack screening

/// MiniFASNet passive liveness classifiers (Minivision, Apache-2.0), each
/// with its crop scale: the face box is enlarged by it around its centre.
typedef struct fg_liveness fg_liveness;

/// Builds the classifiers from `count` verified ONNX buffers (1…4).
fg_status fg_liveness_create(const uint8_t *const *models, const size_t *lengths, const float *scales, size_t count,
                             fg_liveness **out, fg_error *error);
/// Writes each model's probability that `face` is a real face, not a print
/// or a screen, to `scores[0..count)`.
fg_status fg_liveness_score(fg_liveness *liveness, const fg_image *image, const fg_face *face, float *scores,
                            fg_error *error);
void fg_liveness_free(fg_liveness *liveness);

// MARK: - Frame capture

typedef enum fg_capture_kind {
    FG_CAPTURE_DEVICE = 0, ///< V4L2 device: `target` is a path, or NULL with `index`
    FG_CAPTURE_STREAM = 1, ///< network stream (rtsp://, http://) through FFmpeg
    FG_CAPTURE_FILE = 2,   ///< a video file through FFmpeg
} fg_capture_kind;

typedef struct fg_capture fg_capture;

/// Opens a capture. `timeout_ms` bounds opening and each read of a stream;
/// `transport` ("tcp" or "udp", NULL for FFmpeg's default) is how an RTSP
/// stream's packets travel.
fg_status fg_capture_open(fg_capture_kind kind, const char *target, int index, int timeout_ms,
                          const char *transport, fg_capture **out, fg_error *error);
/// Reads the next frame into `*out`; `*out` is NULL when no frame came
/// (end of a file, or a lost device or stream: the caller knows which).
/// `*stream_ms` is the frame's timestamp in the stream (from the camera's
/// clock, not comparable with ours), or -1 when the source gives none.
fg_status fg_capture_read(fg_capture *capture, fg_image **out, double *stream_ms, fg_error *error);
void fg_capture_free(fg_capture *capture);

// MARK: - Benchmark reference

/// A plain C++ OpenCV pipeline that does what facegate's Swift path does per
/// frame (YuNet detect, then align + SFace for every face) with its own
/// networks, in one C++ function, for `bench pipeline`.
typedef struct fg_reference fg_reference;

fg_status fg_reference_create(const uint8_t *detector_model, size_t detector_length, const char *recognizer_path,
                              const fg_detector_options *options, fg_reference **out, fg_error *error);
/// Detects and embeds every face of `frame`; `faces` receives how many.
fg_status fg_reference_run(fg_reference *reference, const fg_image *frame, size_t *faces, fg_error *error);
void fg_reference_free(fg_reference *reference);

#ifdef __cplusplus
}
#endif

#endif
