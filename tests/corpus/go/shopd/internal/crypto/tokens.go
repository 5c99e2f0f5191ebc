// Package crypto issues API tokens and encrypts stored card data.
package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"io"
	mrand "math/rand"
	"net/http"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

// LegacyChecksum is kept for the old export format.
func LegacyChecksum(b []byte) string {
	// techlead-expect: go-weak-hash
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}

// Checksum is the current content digest.
func Checksum(b []byte) string {
	// techlead-safe
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// HashPassword stores customer passwords.
func HashPassword(pw string) ([]byte, error) {
	// techlead-expect: go-bcrypt-low-cost
	return bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
}

// HashAdminPassword stores staff passwords.
func HashAdminPassword(pw string) ([]byte, error) {
	// techlead-safe
	return bcrypt.GenerateFromPassword([]byte(pw), 12)
}

// ResetToken makes a password reset token.
func ResetToken() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 24)
	for i := range b {
		// techlead-expect: go-math-rand-secret
		b[i] = letters[mrand.Intn(len(letters))]
	}
	return string(b)
}

// Jitter spreads retries; it needs no secrecy.
func Jitter() time.Duration {
	// techlead-safe
	return time.Duration(mrand.Intn(250)) * time.Millisecond
}

// SessionToken makes a session token from the system CSPRNG.
func SessionToken() (string, error) {
	b := make([]byte, 32)
	// techlead-safe
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// Sign issues an API JWT.
func Sign(user string) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": user, "exp": time.Now().Add(time.Hour).Unix()})
	// techlead-expect: go-jwt-hardcoded-key
	return tok.SignedString([]byte("shopd-signing-key"))
}

// SignSafe issues an API JWT with the configured key.
func SignSafe(user string) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": user})
	// techlead-safe
	return tok.SignedString([]byte(os.Getenv("SHOPD_JWT_KEY")))
}

// SealCard encrypts a card number.
func SealCard(key, pan []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// techlead-expect: go-static-iv
	return gcm.Seal(nil, make([]byte, gcm.NonceSize()), pan, nil), nil
}

// SealCardSafe encrypts a card number with a random nonce.
func SealCardSafe(key, pan []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	// techlead-safe
	return gcm.Seal(nonce, nonce, pan, nil), nil
}

// SigningKey makes the key that signs exported invoices.
func SigningKey() (*rsa.PrivateKey, error) {
	// techlead-expect: go-weak-rsa-key
	return rsa.GenerateKey(rand.Reader, 1024)
}

// PaymentClient talks to the payment provider.
func PaymentClient(legacy bool) *http.Client {
	cfg := &tls.Config{
		// techlead-expect: go-tls-old-version
		MinVersion: tls.VersionTLS10,
		// techlead-expect: go-tls-weak-cipher-suite
		CipherSuites: []uint16{tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
	}
	if legacy {
		// techlead-expect: go-tls-insecure-skip-verify
		cfg.InsecureSkipVerify = true
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
}

// StrictClient is the default client.
func StrictClient() *http.Client {
	// techlead-safe
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
}
