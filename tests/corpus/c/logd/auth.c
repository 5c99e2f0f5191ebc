/*
 * logd client authentication: shared-secret tokens, session ids and the
 * scratch files used while a client uploads a batch.
 */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define TOKEN_LEN 32

struct session {
    unsigned int id;
    char password[64];
    unsigned char session_key[TOKEN_LEN];
};

void new_session(struct session *s)
{
    /* techlead-expect: c-insecure-rand */
    unsigned int session_id = (unsigned int)rand();
    s->id = session_id;
    /* techlead-safe */
    if (RAND_bytes(s->session_key, sizeof s->session_key) != 1)
        abort();
}

int backoff_ms(int attempt)
{
    /* techlead-safe */
    return (1 << attempt) * 100 + rand() % 50;
}

void end_session(struct session *s)
{
    /* techlead-expect: c-memset-secret-dead-store */
    memset(s->password, 0, sizeof s->password);
    /* techlead-safe */
    OPENSSL_cleanse(s->session_key, sizeof s->session_key);
    free(s);
}

FILE *scratch_file(void)
{
    /* techlead-expect: c-insecure-tempfile */
    char *name = tmpnam(NULL);
    /* techlead-safe */
    FILE *f = tmpfile();
    (void)name;
    return f;
}

int read_secret(char *buf, size_t n)
{
    /* techlead-expect: c-gets */
    gets(buf);
    /* techlead-safe */
    return fgets(buf, (int)n, stdin) != NULL;
}

int digest_token(const unsigned char *token, size_t n, unsigned char *out)
{
    /* techlead-expect: c-weak-hash */
    return EVP_Digest(token, n, out, NULL, EVP_sha1(), NULL);
}

int digest_token_sha256(const unsigned char *token, size_t n, unsigned char *out)
{
    /* techlead-safe */
    return EVP_Digest(token, n, out, NULL, EVP_sha256(), NULL);
}

char *scratch_buffer(size_t len)
{
    /* techlead-expect: c-alloca-variable-size */
    char *tmp = alloca(len);
    /* techlead-safe */
    char *small = alloca(TOKEN_LEN);
    memcpy(small, "x", 2);
    memset(tmp, 0, len);
    return strdup(small);
}

void report(const char *user, const char *fmt)
{
    /* techlead-expect: c-format-string */
    printf(fmt);
    /* techlead-safe */
    printf("login by %s\n", user);
    /* techlead-safe */
    fprintf(stderr, "%s", fmt);
}
