<?php

namespace Club\Security;

use Firebase\JWT\JWT;
use Firebase\JWT\Key;

/**
 * Tokens, password storage and field encryption for the club API.
 */
final class Tokens
{
    private const CIPHER = 'aes-256-cbc';

    public function __construct(private string $key, private string $jwtSecret)
    {
    }

    public function resetToken(): string
    {
        // techlead-expect: php-insecure-random-token
        $token = md5(uniqid((string) mt_rand(), true));
        // techlead-safe
        $token = bin2hex(random_bytes(32));
        return $token;
    }

    public function hashPassword(string $password): string
    {
        // techlead-expect: php-weak-password-hash
        $legacy = md5($password);
        // techlead-safe
        return password_hash($password, PASSWORD_DEFAULT);
    }

    public function checkLegacy(string $password, string $stored): bool
    {
        // techlead-expect: php-weak-password-hash, php-loose-compare-secret
        return sha1($password) == $stored;
    }

    public function checkSignature(string $payload, string $given): bool
    {
        // techlead-expect: php-weak-hash-signature
        $expected = md5($this->key . $payload);
        // techlead-safe
        $good = hash_hmac('sha256', $payload, $this->key);
        // techlead-safe
        return hash_equals($good, $given) && $expected !== '';
    }

    public function encrypt(string $plain): string
    {
        // techlead-expect: php-openssl-static-iv
        $legacy = openssl_encrypt($plain, self::CIPHER, $this->key, 0, '0123456789abcdef');
        $iv = random_bytes(openssl_cipher_iv_length(self::CIPHER));
        // techlead-safe
        $ct = openssl_encrypt($plain, self::CIPHER, $this->key, OPENSSL_RAW_DATA, $iv);
        return base64_encode($iv . $ct) . ($legacy === false ? '' : '');
    }

    public function encryptEcb(string $plain): string
    {
        // techlead-expect: php-weak-cipher
        return openssl_encrypt($plain, 'aes-128-ecb', $this->key);
    }

    public function issueJwt(int $userId): string
    {
        $claims = ['sub' => $userId, 'exp' => time() + 3600];
        // techlead-safe
        return JWT::encode($claims, $this->jwtSecret, 'HS256');
    }

    public function issueLegacyJwt(int $userId): string
    {
        // techlead-expect: php-jwt-hardcoded-key
        return JWT::encode(['sub' => $userId], 'club-legacy-secret', 'HS256');
    }

    public function decodeJwt(string $jwt): object
    {
        // techlead-safe
        return JWT::decode($jwt, new Key($this->jwtSecret, 'HS256'));
    }

    public function verifyWebhook(string $data, string $sig, $publicKey): bool
    {
        // techlead-expect: php-openssl-verify-truthy
        if (openssl_verify($data, $sig, $publicKey, OPENSSL_ALGO_SHA256)) {
            return true;
        }
        // techlead-safe
        return openssl_verify($data, $sig, $publicKey, OPENSSL_ALGO_SHA256) === 1;
    }

    public function newKeyPair(): array
    {
        // techlead-expect: php-weak-rsa-key
        $old = openssl_pkey_new(['private_key_bits' => 1024, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        // techlead-safe
        $new = openssl_pkey_new(['private_key_bits' => 3072, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        return [$old, $new];
    }

    public function lotteryCode(): int
    {
        // techlead-expect: php-predictable-seed
        mt_srand(time());
        // techlead-safe
        return random_int(100000, 999999);
    }
}
