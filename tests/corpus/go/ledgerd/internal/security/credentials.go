// Package security holds password storage, the export-file encryption and
// the webhook signature checks of the ledger service.
package security

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/pbkdf2"
)

// exportSalt was introduced with the first export format.
var exportSalt = []byte("ledger-export-v1")

// ErrBadSignature is returned for webhook bodies that fail the HMAC check.
var ErrBadSignature = errors.New("bad signature")

// LegacyPasswordHash is how the v1 importer stored operator passwords.
func LegacyPasswordHash(password string) string {
	// techlead-expect: go-password-fast-hash
	sum := sha256.Sum256([]byte(password))
	return hex.EncodeToString(sum[:])
}

// PasswordHash is the current operator password storage.
func PasswordHash(password string) ([]byte, error) {
	// techlead-safe
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// ExportKeyV1 derives the key of v1 export files from the operator passphrase.
func ExportKeyV1(passphrase string) []byte {
	// techlead-expect: go-kdf-low-work-factor, go-kdf-constant-salt
	return pbkdf2.Key([]byte(passphrase), exportSalt, 4096, 32, sha256.New)
}

// ExportKeyV2 derives the key of v2 export files; the salt is stored in the
// file header.
func ExportKeyV2(passphrase string, salt []byte) []byte {
	// techlead-safe
	return pbkdf2.Key([]byte(passphrase), salt, 600000, 32, sha256.New)
}

// NewExportSalt returns the random salt written into a v2/v3 header.
func NewExportSalt() ([]byte, error) {
	salt := make([]byte, 16)
	_, err := rand.Read(salt)
	return salt, err
}

// ExportKeyV3 uses Argon2id with the per-file salt.
func ExportKeyV3(passphrase string, salt []byte) []byte {
	// techlead-safe
	return argon2.IDKey([]byte(passphrase), salt, 1, 64*1024, 4, 32)
}

// VerifyWebhookV1 checks the signature header of the v1 webhooks.
func VerifyWebhookV1(secret, body []byte, header string) error {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	got, err := hex.DecodeString(header)
	if err != nil {
		return ErrBadSignature
	}
	// techlead-expect: go-hmac-non-constant-time-compare
	if !bytes.Equal(mac.Sum(nil), got) {
		return ErrBadSignature
	}
	return nil
}

// VerifyWebhookV2 is the constant-time version.
func VerifyWebhookV2(secret, body []byte, header string) error {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	got, err := hex.DecodeString(header)
	// techlead-safe
	if err != nil || !hmac.Equal(mac.Sum(nil), got) {
		return ErrBadSignature
	}
	return nil
}

// WrapDataKeyLegacy wraps a file key for the old HSM bridge.
func WrapDataKeyLegacy(pub *rsa.PublicKey, dataKey []byte) ([]byte, error) {
	// techlead-expect: go-rsa-pkcs1v15-encryption
	return rsa.EncryptPKCS1v15(rand.Reader, pub, dataKey)
}

// WrapDataKey wraps a file key with RSA-OAEP.
func WrapDataKey(pub *rsa.PublicKey, dataKey []byte) ([]byte, error) {
	// techlead-safe
	return rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, dataKey, []byte("ledger-data-key"))
}
