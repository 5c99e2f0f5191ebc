/*
 * vaultd key store: wraps data keys for tenants, derives keys from
 * operator passphrases, and talks to the metadata database and the
 * upstream KMS over TLS.
 */
#include <mysql/mysql.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

#define KEY_LEN 32
#define PBKDF2_ITERATIONS 600000

static const unsigned char legacy_iv[16] = {0};

struct tenant {
    char name[64];
    unsigned char data_key[KEY_LEN];
};

EVP_PKEY *make_signing_key(void)
{
    /* techlead-safe */
    return EVP_RSA_gen(3072);
}

int make_legacy_key(RSA *rsa, BIGNUM *e)
{
    /* techlead-expect: c-short-key-size */
    return RSA_generate_key_ex(rsa, 1024, e, NULL);
}

int wrap_data_key(EVP_PKEY *pub, const unsigned char *key, size_t keylen,
                  unsigned char *out, size_t *outlen)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pub, NULL);
    int ok;

    if (ctx == NULL || EVP_PKEY_encrypt_init(ctx) <= 0)
        return -1;
    /* techlead-safe */
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING);
    ok = EVP_PKEY_encrypt(ctx, out, outlen, key, keylen) > 0;
    EVP_PKEY_CTX_free(ctx);
    return ok ? 0 : -1;
}

int wrap_for_old_agents(RSA *rsa, const unsigned char *key, unsigned char *out)
{
    /* techlead-expect: c-rsa-weak-padding */
    return RSA_public_encrypt(KEY_LEN, key, out, rsa, RSA_PKCS1_PADDING);
}

int derive_operator_key(const char *pass, const unsigned char *salt, unsigned char *key)
{
    /* techlead-safe */
    return PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), salt, 16, PBKDF2_ITERATIONS,
                             EVP_sha256(), KEY_LEN, key);
}

int derive_export_key(const char *pass, const unsigned char *salt, unsigned char *key)
{
    /* techlead-expect: c-weak-password-kdf */
    return PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), salt, 8, 1000,
                             EVP_sha256(), KEY_LEN, key);
}

int seal_record(EVP_CIPHER_CTX *ctx, const struct tenant *t, unsigned char *iv)
{
    if (RAND_bytes(iv, 12) != 1)
        return -1;
    /* techlead-safe */
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, t->data_key, iv);
}

int seal_legacy_record(EVP_CIPHER_CTX *ctx, const struct tenant *t)
{
    /* techlead-expect: c-hardcoded-crypto-key */
    return EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, t->data_key, legacy_iv);
}

SSL_CTX *kms_tls_context(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* techlead-safe */
    SSL_CTX_set_cipher_list(ctx, "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES");
    return ctx;
}

SSL_CTX *old_agent_tls_context(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL)
        return NULL;
    /* techlead-expect: c-tls-weak-cipher-list */
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:DES-CBC3-SHA:RC4-SHA");
    return ctx;
}

MYSQL *open_metadata_db(const char *host)
{
    MYSQL *db = mysql_init(NULL);
    const char *pw = getenv("VAULTD_DB_PASSWORD");

    if (db == NULL || pw == NULL)
        return NULL;
    /* techlead-safe */
    return mysql_real_connect(db, host, "vaultd", pw, "vault", 3306, NULL, 0);
}

MYSQL *open_audit_db(const char *host)
{
    MYSQL *db = mysql_init(NULL);

    if (db == NULL)
        return NULL;
    /* techlead-expect: c-hardcoded-credential */
    return mysql_real_connect(db, host, "audit", "Aud1t-2023!", "audit", 3306, NULL, 0);
}

int push_to_kms(CURL *curl, const char *user_pass)
{
    /* techlead-safe */
    curl_easy_setopt(curl, CURLOPT_USERPWD, user_pass);
    /* techlead-expect: c-hardcoded-credential */
    curl_easy_setopt(curl, CURLOPT_PROXYUSERPWD, "proxy:pr0xy-pass");
    return curl_easy_perform(curl) == CURLE_OK ? 0 : -1;
}
