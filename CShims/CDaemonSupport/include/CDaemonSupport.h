// CDaemonSupport: the few Linux calls the daemon needs that Swift cannot
// make safely: systemd's notify socket, switching core dumps off, GPIO
// character-device lines, and starting the site's programs. Each returns 0
// or a negative errno.
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

/// Starts `argv[0]` (an absolute path) with `argv` and `envp` (both NULL
/// terminated) in a session of its own, /dev/null on 0-2 and no other
/// descriptor, and writes its pid. Needs no free descriptor in the caller.
int fg_spawn(const char *const argv[], const char *const envp[], int *pid);
/// Reaps the child if it has ended: 0 and its exit status (128 + signal when
/// killed) in `status`, 1 while it runs, or -errno.
int fg_spawn_poll(int pid, int *status);
/// Kills the child and its session with SIGKILL and reaps it.
void fg_spawn_kill(int pid);

#ifdef __cplusplus
}
#endif

#endif
