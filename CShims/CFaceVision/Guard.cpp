#include "Internal.hpp"

#include <cstdio>

namespace fg {

fg_status fail(fg_error *error, fg_status status, const char *format, ...) {
    if (error == nullptr) {
        return status;
    }
    va_list arguments;
    va_start(arguments, format);
    std::vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
    for (char *c = error->message; *c != '\0'; ++c) {
        if (*c == '\n' || *c == '\r' || *c == '\t') {
            *c = ' ';
        }
    }
    return status;
}

fg_detector_options normalised(const fg_detector_options *options) {
    fg_detector_options result{0.6f, 0.3f, 640, 5000};
    if (options != nullptr) {
        result = *options;
    }
    return result;
}

} // namespace fg
