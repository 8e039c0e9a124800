#define _GNU_SOURCE
#include "CDaemonSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int fg_sd_notify(const char *state) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || path[0] == '\0') {
        return 1;
    }
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    size_t length = strlen(path);
    if (length >= sizeof address.sun_path) {
        return -ENAMETOOLONG;
    }
    memcpy(address.sun_path, path, length);
    if (address.sun_path[0] == '@') {
        address.sun_path[0] = '\0'; // abstract namespace
    }
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    const socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
    const ssize_t sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&address, size);
    const int error = sent < 0 ? -errno : 0;
    close(fd);
    return error;
}

int fg_disable_core_dumps(void) {
    const struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        return -errno;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        return -errno;
    }
    return 0;
}

int fg_gpio_request_output(const char *chip_path, uint32_t line, int active_low, const char *consumer) {
    const int chip = open(chip_path, O_RDWR | O_CLOEXEC);
    if (chip < 0) {
        return -errno;
    }
    struct gpio_v2_line_request request;
    memset(&request, 0, sizeof request);
    request.offsets[0] = line;
    request.num_lines = 1;
    request.config.flags = GPIO_V2_LINE_FLAG_OUTPUT | (active_low ? GPIO_V2_LINE_FLAG_ACTIVE_LOW : 0);
    request.config.num_attrs = 1;
    request.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
    request.config.attrs[0].attr.values = 0;
    request.config.attrs[0].mask = 1;
    strncpy(request.consumer, consumer, sizeof request.consumer - 1);
    const int result = ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &request);
    const int error = errno;
    close(chip);
    return result < 0 ? -error : request.fd;
}

int fg_gpio_set(int line_fd, int active) {
    struct gpio_v2_line_values values;
    memset(&values, 0, sizeof values);
    values.mask = 1;
    values.bits = active ? 1 : 0;
    return ioctl(line_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &values) < 0 ? -errno : 0;
}

void fg_gpio_release(int line_fd) {
    if (line_fd >= 0) {
        close(line_fd);
    }
}
