#include "Internal.hpp"

#include <opencv2/core/utils/logger.hpp>

extern "C" {

void fg_runtime_configure(int threads) {
    try {
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
        cv::setNumThreads(threads > 0 ? threads : cv::getNumberOfCPUs());
    } catch (...) {
        // Both calls only store settings; nothing to report if OpenCV refuses.
    }
}

int fg_runtime_threads(void) { return cv::getNumThreads(); }

const char *fg_runtime_opencv_version(void) { return CV_VERSION; }

} // extern "C"
