#define _GNU_SOURCE
#include "CDaemonSupport.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

// posix_spawn, not fork: nothing runs in the child before exec, and glibc's
// implementation needs no descriptor of the parent's, so a daemon at its
// descriptor limit can still start the gate program. The child gets
// /dev/null on 0-2 and nothing else (closefrom 3 happens first, so the
// child has room to open /dev/null even when the parent had none).
int fg_spawn(const char *const argv[], const char *const envp[], int *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) {
        return -result;
    }
    result = posix_spawnattr_init(&attributes);
    if (result != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return -result;
    }
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    // A clean signal state: the daemon's blocked SIGHUP/SIGTERM must not be inherited.
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
    if ((result = posix_spawn_file_actions_addclosefrom_np(&actions, 3)) == 0 &&
        (result = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)) == 0 &&
        (result = posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)) == 0 &&
        (result = posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)) == 0) {
        pid_t child = 0;
        result = posix_spawn(&child, argv[0], &actions, &attributes, (char *const *)argv, (char *const *)envp);
        if (result == 0) {
            *pid = child;
        }
    }
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return -result;
}

int fg_spawn_poll(int pid, int *status) {
    int raw = 0;
    pid_t done;
    do {
        done = waitpid(pid, &raw, WNOHANG);
    } while (done < 0 && errno == EINTR);
    if (done < 0) {
        return -errno;
    }
    if (done == 0) {
        return 1;
    }
    *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + (WIFSIGNALED(raw) ? WTERMSIG(raw) : 0);
    return 0;
}

void fg_spawn_kill(int pid) {
    // The child is the leader of its own session: its children go too.
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    int raw = 0;
    while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
    }
}
