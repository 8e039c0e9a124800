// COpenCV exists only to carry OpenCV's compiler and linker flags (pkg-config
// `opencv4`, Debian package `libopencv-dev`) to CFaceVision. No Swift code
// imports it; OpenCV's C++ headers are included by CFaceVision alone.
#include <opencv2/core/version.hpp>
