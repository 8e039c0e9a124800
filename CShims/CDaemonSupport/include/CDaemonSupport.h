// CDaemonSupport: the few Linux calls the daemon needs that Swift cannot
// make safely: systemd's notify socket, switching core dumps off, and GPIO
// character-device lines. Each returns 0 or a negative errno.
#ifndef CDAEMONSUPPORT_H
#define CDAEMONSUPPORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Sends `state` ("READY=1", "WATCHDOG=1", "STATUS=…") to $NOTIFY_SOCKET;
/// 0 when sent, 1 when there is no socket (not under systemd), else -errno.
int fg_sd_notify(const char *state);

/// No core dumps of this process (RLIMIT_CORE 0, not dumpable): frames and
/// templates in memory must never reach a crash dump (R8).
int fg_disable_core_dumps(void);

/// Requests `line` of the GPIO chip at `chip_path` as an output (initially
/// inactive); returns the line's file descriptor or -errno.
int fg_gpio_request_output(const char *chip_path, uint32_t line, int active_low, const char *consumer);
/// Drives a requested line active (1) or inactive (0).
int fg_gpio_set(int line_fd, int active);
void fg_gpio_release(int line_fd);

#ifdef __cplusplus
}
#endif

#endif
