/*
 * vaultd worker start-up: jail the worker, install the signal handlers,
 * and keep the per-connection buffers.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

struct conn {
    char peer[64];
    char *inbuf;
    size_t inlen;
    size_t incap;
};

static volatile sig_atomic_t reload_requested;

static void on_hup(int sig)
{
    (void)sig;
    /* techlead-safe */
    reload_requested = 1;
}

static void on_alarm(int sig)
{
    (void)sig;
    /* techlead-expect: c-signal-handler-unsafe-call */
    syslog(LOG_WARNING, "client did not authenticate in time");
    _exit(1);
}

static void log_exit(int code)
{
    /* techlead-safe */
    syslog(LOG_INFO, "worker exiting with %d", code);
}

void install_handlers(unsigned int login_timeout)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGALRM, on_alarm);
    alarm(login_timeout);
    atexit_code_hook(log_exit);
}

int enter_jail(const char *dir)
{
    if (chdir(dir) != 0)
        return -1;
    /* techlead-safe */
    return chroot(".");
}

int enter_scratch_jail(const char *dir)
{
    /* techlead-expect: c-chroot-without-chdir */
    if (chroot(dir) != 0)
        return -1;
    return 0;
}

int conn_append(struct conn *c, const char *data, size_t n)
{
    if (c->inlen + n > c->incap) {
        size_t cap = (c->inlen + n) * 2;
        /* techlead-safe */
        char *tmp = realloc(c->inbuf, cap);
        if (tmp == NULL)
            return -1;
        c->inbuf = tmp;
        c->incap = cap;
    }
    memcpy(c->inbuf + c->inlen, data, n);
    c->inlen += n;
    return 0;
}

int conn_reserve(struct conn *c, size_t cap)
{
    /* techlead-expect: c-realloc-self-assign */
    c->inbuf = realloc(c->inbuf, cap);
    if (c->inbuf == NULL)
        return -1;
    c->incap = cap;
    return 0;
}

void conn_set_peer(struct conn *c, const char *peer)
{
    /* techlead-safe */
    snprintf(c->peer, sizeof c->peer, "%s", peer);
}

void conn_set_peer_fast(struct conn *c, const char *peer)
{
    /* techlead-expect: c-strncpy-source-length */
    strncpy(c->peer, peer, strlen(peer));
}

void conn_clear(struct conn *c)
{
    char *buf = c->inbuf;

    /* techlead-safe */
    memset(c->peer, 0, sizeof c->peer);
    /* techlead-expect: c-sizeof-pointer */
    memset(buf, 0, sizeof(buf));
    c->inlen = 0;
}
