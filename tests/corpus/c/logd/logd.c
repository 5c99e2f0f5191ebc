/*
 * logd: a small log collector. Reads records from a UNIX socket, stores them
 * under /var/lib/logd and runs the configured rotation hook.
 */
#include <fcntl.h>
#include <openssl/md5.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#define MAX_RECORDS 1024
#define NAME_LEN 64

struct record {
    char host[NAME_LEN];
    char message[256];
    unsigned int count;
};

static char spool_dir[256] = "/var/lib/logd";

static void log_message(const char *msg)
{
    /* techlead-expect: c-format-string */
    syslog(LOG_INFO, msg);
    /* techlead-safe */
    syslog(LOG_INFO, "%s", msg);
}

static void set_host(struct record *r, const char *host)
{
    /* techlead-expect: c-strcpy */
    strcpy(r->host, host);
    /* techlead-safe */
    snprintf(r->host, sizeof r->host, "%s", host);
    /* techlead-safe */
    strcpy(r->message, "(empty)");
}

static void spool_path(char *out, const char *name)
{
    /* techlead-expect: c-sprintf */
    sprintf(out, "%s/%s.log", spool_dir, name);
    /* techlead-expect: c-strncat-sizeof-dest */
    strncat(spool_dir, name, sizeof(spool_dir));
    /* techlead-safe */
    strncat(out, ".bak", 4);
}

static struct record *alloc_records(unsigned int count)
{
    /* techlead-expect: c-malloc-multiplication-overflow */
    struct record *rs = malloc(count * sizeof(struct record));
    /* techlead-safe */
    struct record *more = calloc(count, sizeof(struct record));
    /* techlead-safe */
    struct record *fixed = malloc(MAX_RECORDS * sizeof(struct record));
    free(more);
    free(fixed);
    return rs;
}

static char *dup_name(const char *name)
{
    /* techlead-expect: c-malloc-strlen-no-nul */
    char *copy = malloc(strlen(name));
    /* techlead-safe */
    char *ok = malloc(strlen(name) + 1);
    /* techlead-safe */
    memcpy(ok, name, strlen(name) + 1);
    free(copy);
    return ok;
}

static void rotate(const char *hook, const char *file)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s", hook, file);
    /* techlead-expect: c-system-command-injection */
    system(cmd);
    /* techlead-safe */
    system("sync");
    /* techlead-expect: c-exec-shell-c */
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    /* techlead-safe */
    execlp(hook, hook, file, (char *)NULL);
}

static int open_spool(const char *path)
{
    /* techlead-expect: c-access-toctou */
    if (access(path, W_OK) == 0) {
        return open(path, O_WRONLY | O_APPEND);
    }
    /* techlead-safe */
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0666);
    /* techlead-expect: c-permissive-file-mode */
    fchmod(fd, 0666);
    /* techlead-safe */
    int fd2 = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0600);
    close(fd2);
    return fd;
}

static void drop_privileges(uid_t uid, gid_t gid)
{
    /* techlead-expect: c-setuid-return-unchecked */
    setgid(gid);
    /* techlead-safe */
    if (setuid(uid) != 0) {
        perror("setuid");
        exit(1);
    }
}

static void checksum(const unsigned char *data, size_t n, unsigned char out[16])
{
    /* techlead-expect: c-weak-hash */
    MD5(data, n, out);
}

static SSL_CTX *upstream_tls(void)
{
    /* techlead-safe */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    /* techlead-expect: c-tls-verify-disabled */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    /* techlead-safe */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}

int main(int argc, char **argv)
{
    char name[NAME_LEN];
    char path[512];
    /* techlead-expect: c-scanf-unbounded-string */
    if (scanf("%s", name) != 1)
        return 1;
    /* techlead-safe */
    if (scanf("%63s", name) != 1)
        return 1;
    spool_path(path, name);
    log_message(argc > 1 ? argv[1] : "logd starting");
    struct record *rs = alloc_records(argc > 2 ? (unsigned int)atoi(argv[2]) : 16);
    set_host(&rs[0], name);
    drop_privileges(65534, 65534);
    rotate(argc > 3 ? argv[3] : "/usr/sbin/logrotate", path);
    free(dup_name(name));
    close(open_spool(path));
    SSL_CTX_free(upstream_tls());
    return 0;
}
