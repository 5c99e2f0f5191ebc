// tokensvc crypto box: seals refresh tokens at rest, wraps keys for the
// partner bridge and sets up the TLS contexts of the service.
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>

#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tokensvc {

namespace {
constexpr int kKeyLen = 32;
constexpr int kPbkdf2Iterations = 600000;
const std::string kBridgeKey = "bridge-2019-shared-key-do-not-use";
}  // namespace

using Bytes = std::vector<unsigned char>;
using CtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

class CryptoBox {
public:
    explicit CryptoBox(Bytes key) : key_(std::move(key)) {}

    EVP_PKEY *make_signing_key() const {
        // techlead-safe
        return EVP_RSA_gen(3072);
    }

    EVP_PKEY *make_partner_key() const {
        CtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nullptr), EVP_PKEY_CTX_free);
        EVP_PKEY *key = nullptr;
        if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0) throw std::runtime_error("keygen");
        // techlead-expect: cpp-short-key-size
        EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 1024);
        EVP_PKEY_keygen(ctx.get(), &key);
        return key;
    }

    Bytes wrap_for_partner(EVP_PKEY *pub, const Bytes &key) const {
        CtxPtr ctx(EVP_PKEY_CTX_new(pub, nullptr), EVP_PKEY_CTX_free);
        if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0) throw std::runtime_error("wrap");
        // techlead-expect: cpp-rsa-weak-padding
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING);
        std::size_t outlen = 0;
        EVP_PKEY_encrypt(ctx.get(), nullptr, &outlen, key.data(), key.size());
        Bytes out(outlen);
        EVP_PKEY_encrypt(ctx.get(), out.data(), &outlen, key.data(), key.size());
        out.resize(outlen);
        return out;
    }

    Bytes wrap(EVP_PKEY *pub, const Bytes &key) const {
        CtxPtr ctx(EVP_PKEY_CTX_new(pub, nullptr), EVP_PKEY_CTX_free);
        if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0) throw std::runtime_error("wrap");
        // techlead-safe
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING);
        std::size_t outlen = 0;
        EVP_PKEY_encrypt(ctx.get(), nullptr, &outlen, key.data(), key.size());
        Bytes out(outlen);
        EVP_PKEY_encrypt(ctx.get(), out.data(), &outlen, key.data(), key.size());
        out.resize(outlen);
        return out;
    }

    static Bytes derive_from_passphrase(const std::string &pass, const Bytes &salt) {
        Bytes key(kKeyLen);
        // techlead-safe
        PKCS5_PBKDF2_HMAC(pass.data(), static_cast<int>(pass.size()), salt.data(), static_cast<int>(salt.size()),
                          kPbkdf2Iterations, EVP_sha256(), kKeyLen, key.data());
        return key;
    }

    static Bytes derive_legacy(const std::string &pass, const Bytes &salt) {
        Bytes key(kKeyLen);
        // techlead-expect: cpp-weak-password-kdf
        PKCS5_PBKDF2_HMAC(pass.data(), static_cast<int>(pass.size()), salt.data(), static_cast<int>(salt.size()),
                          2048, EVP_sha256(), kKeyLen, key.data());
        return key;
    }

    bool seal_init(EVP_CIPHER_CTX *ctx, std::array<unsigned char, 12> &iv) const {
        if (RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1) return false;
        // techlead-safe
        return EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key_.data(), iv.data()) == 1;
    }

    bool bridge_init(EVP_CIPHER_CTX *ctx, const unsigned char *iv) const {
        // techlead-expect: cpp-hardcoded-crypto-key
        return EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), nullptr,
                                  reinterpret_cast<const unsigned char *>(kBridgeKey.data()), iv) == 1;
    }

private:
    Bytes key_;
};

SSL_CTX *make_server_context() {
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == nullptr) throw std::runtime_error("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // techlead-safe
    SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:!aNULL");
    return ctx;
}

SSL_CTX *make_legacy_bridge_context() {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == nullptr) throw std::runtime_error("SSL_CTX_new");
    // techlead-expect: cpp-tls-weak-cipher-list
    SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
    return ctx;
}

}  // namespace tokensvc
