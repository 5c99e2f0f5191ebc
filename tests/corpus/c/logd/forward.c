/*
 * logd forwarder: ships spooled records to the central collector over HTTPS
 * (libcurl) or a raw TLS socket (OpenSSL), depending on the configuration.
 */
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct forwarder {
    CURL *curl;
    SSL_CTX *tls;
    char url[256];
    char spool[256];
};

int forwarder_init(struct forwarder *fw, const char *url, int insecure)
{
    fw->curl = curl_easy_init();
    /* techlead-safe */
    snprintf(fw->url, sizeof fw->url, "%s", url);
    curl_easy_setopt(fw->curl, CURLOPT_URL, fw->url);
    if (insecure) {
        /* techlead-expect: c-tls-verify-disabled */
        curl_easy_setopt(fw->curl, CURLOPT_SSL_VERIFYPEER, 0L);
        /* techlead-expect: c-tls-verify-disabled */
        curl_easy_setopt(fw->curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    /* techlead-safe */
    curl_easy_setopt(fw->curl, CURLOPT_CAINFO, "/etc/logd/ca.pem");
    /* techlead-expect: c-old-tls-method */
    curl_easy_setopt(fw->curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_0);
    /* techlead-safe */
    curl_easy_setopt(fw->curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    return fw->curl != NULL ? 0 : -1;
}

int forwarder_tls(struct forwarder *fw, int legacy)
{
    if (legacy) {
        /* techlead-expect: c-old-tls-method */
        fw->tls = SSL_CTX_new(TLSv1_method());
    } else {
        /* techlead-safe */
        fw->tls = SSL_CTX_new(TLS_client_method());
    }
    /* techlead-safe */
    SSL_CTX_set_verify(fw->tls, SSL_VERIFY_PEER, NULL);
    return fw->tls != NULL ? 0 : -1;
}

int forwarder_spool(struct forwarder *fw, const char *dir)
{
    /* techlead-expect: c-permissive-file-mode */
    umask(0);
    /* techlead-safe */
    if (mkdir(dir, 0777) != 0)
        return -1;
    /* techlead-expect: c-permissive-file-mode */
    if (chmod(dir, 0777) != 0)
        return -1;
    /* techlead-safe */
    if (mkdir("/var/lib/logd/private", 0700) != 0)
        return -1;
    /* techlead-safe */
    snprintf(fw->spool, sizeof fw->spool, "%s/outbox", dir);
    return 0;
}

int forwarder_send(struct forwarder *fw, const char *body, size_t n)
{
    char header[128];
    /* techlead-safe */
    snprintf(header, sizeof header, "Content-Length: %zu", n);
    curl_easy_setopt(fw->curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(fw->curl, CURLOPT_POSTFIELDSIZE, (long)n);
    return curl_easy_perform(fw->curl) == CURLE_OK ? 0 : -1;
}

void forwarder_free(struct forwarder *fw)
{
    curl_easy_cleanup(fw->curl);
    SSL_CTX_free(fw->tls);
}
