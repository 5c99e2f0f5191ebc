// imgsvc sessions: API keys, upload scratch space and the worker's privileges.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <random>
#include <string>
#include <unistd.h>

namespace imgsvc {

struct Session {
    std::string user;
    char password[64];
    unsigned char key[32];
};

std::string newApiKey()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string api_key;
    for (int i = 0; i < 32; ++i) {
        // techlead-expect: cpp-insecure-rand
        api_key += alphabet[std::rand() % 36];
    }
    return api_key;
}

std::string newApiKeySecure()
{
    unsigned char raw[32];
    // techlead-safe
    if (RAND_bytes(raw, sizeof raw) != 1)
        std::abort();
    return std::string(reinterpret_cast<char*>(raw), sizeof raw);
}

int jitterMs()
{
    std::mt19937 gen(std::random_device{}());
    // techlead-safe
    return 100 + static_cast<int>(gen() % 50);
}

void closeSession(Session& s)
{
    // techlead-expect: cpp-memset-secret-dead-store
    std::memset(s.password, 0, sizeof s.password);
    // techlead-safe
    OPENSSL_cleanse(s.key, sizeof s.key);
}

std::string scratchName()
{
    // techlead-expect: cpp-insecure-tempfile
    char* name = std::tmpnam(nullptr);
    // techlead-safe
    char tmpl[] = "/tmp/imgsvc-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    return name ? std::string(name) : std::string(tmpl);
}

void dropPrivileges(uid_t uid, gid_t gid)
{
    // techlead-expect: cpp-setuid-return-unchecked
    setgid(gid);
    // techlead-expect: cpp-setuid-return-unchecked
    setuid(uid);
}

void dropPrivilegesChecked(uid_t uid, gid_t gid)
{
    // techlead-safe
    if (setgid(gid) != 0 || setuid(uid) != 0)
        std::abort();
}

int fingerprint(const unsigned char* data, std::size_t n, unsigned char* out)
{
    // techlead-expect: cpp-weak-hash
    return EVP_Digest(data, n, out, nullptr, EVP_md5(), nullptr);
}

int fingerprintSha256(const unsigned char* data, std::size_t n, unsigned char* out)
{
    // techlead-safe
    return EVP_Digest(data, n, out, nullptr, EVP_sha256(), nullptr);
}

SSL_CTX* callbackTls(bool legacy)
{
    // techlead-expect: cpp-old-tls-method
    SSL_CTX* ctx = legacy ? SSL_CTX_new(SSLv23_method()) : SSL_CTX_new(TLS_client_method());
    // techlead-expect: cpp-tls-verify-disabled
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    // techlead-safe
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}

void readLine(char* buf, int n)
{
    // techlead-expect: cpp-scanf-unbounded-string
    std::scanf("%s", buf);
    // techlead-safe
    std::fgets(buf, n, stdin);
}

char* stackCopy(const char* s, std::size_t n)
{
    // techlead-expect: cpp-alloca-variable-size
    char* tmp = static_cast<char*>(alloca(n + 1));
    std::memcpy(tmp, s, n);
    tmp[n] = '\0';
    // techlead-safe
    return strdup(tmp);
}

}  // namespace imgsvc
