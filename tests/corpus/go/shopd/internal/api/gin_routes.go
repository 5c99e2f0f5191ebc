// Package api exposes the partner API with Gin.
package api

import (
	"crypto/des"
	"crypto/md5"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"
)

var receipt = template.Must(template.New("receipt").Parse("Order {{.ID}} total {{.Total}}\n"))

// Routes registers the partner endpoints.
func Routes(r *gin.Engine, root string) {
	r.GET("/partner/file", func(c *gin.Context) {
		// techlead-expect: go-request-path-traversal
		c.File(filepath.Join(root, c.Query("name")))
	})
	r.GET("/partner/file-safe", func(c *gin.Context) {
		name := filepath.Base(c.Query("name"))
		// techlead-safe
		c.File(filepath.Join(root, "public", name))
	})
	r.GET("/partner/go", func(c *gin.Context) {
		// techlead-expect: go-open-redirect
		c.Redirect(http.StatusFound, c.Query("to"))
	})
	r.GET("/partner/home", func(c *gin.Context) {
		// techlead-safe
		c.Redirect(http.StatusFound, "/partner/dashboard")
	})
	r.POST("/partner/webhook-test", func(c *gin.Context) {
		// techlead-expect: go-request-ssrf
		resp, err := http.Post(c.PostForm("callback"), "application/json", strings.NewReader(`{"ok":true}`))
		if err == nil {
			resp.Body.Close()
		}
		c.Status(http.StatusNoContent)
	})
	r.GET("/partner/receipt", func(c *gin.Context) {
		// techlead-expect: go-text-template-http-response
		_ = receipt.Execute(c.Writer, gin.H{"ID": c.Query("id"), "Total": "12.00"})
	})
	r.GET("/partner/receipt.txt", func(c *gin.Context) {
		var b strings.Builder
		// techlead-safe
		_ = receipt.Execute(&b, gin.H{"ID": c.Query("id"), "Total": "12.00"})
		c.String(http.StatusOK, b.String())
	})
	r.POST("/partner/lint", func(c *gin.Context) {
		// techlead-expect: go-exec-command-from-request
		out, _ := exec.Command(c.PostForm("linter"), "--format", "json").Output()
		// techlead-safe
		ver, _ := exec.Command("golangci-lint", "--version").Output()
		c.Data(http.StatusOK, "application/json", append(out, ver...))
	})
	r.POST("/partner/login", func(c *gin.Context) {
		// techlead-expect: go-cookie-insecure-flags
		c.SetCookie("partner_sid", "issued", 3600, "/", "", false, true)
		// techlead-safe
		c.SetCookie("partner_pref", "compact", 3600, "/", "", true, true)
		c.Status(http.StatusNoContent)
	})
}

// Verify checks a partner token.
func Verify(raw string) (*jwt.Token, error) {
	// techlead-expect: go-jwt-hardcoded-key
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return []byte("partner-api-secret"), nil })
}

// VerifySafe checks a partner token against the configured key.
func VerifySafe(raw string) (*jwt.Token, error) {
	key := []byte(os.Getenv("PARTNER_JWT_KEY"))
	// techlead-safe
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return key, nil }, jwt.WithValidMethods([]string{"HS256"}))
}

// LegacySignature signs the old CSV exports.
func LegacySignature(b []byte) string {
	// techlead-expect: go-weak-hash
	return fmt.Sprintf("%x", md5.Sum(b))
}

// Signature signs the new exports.
func Signature(b []byte) string {
	// techlead-safe
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// LegacyCipher decrypts archived partner files.
func LegacyCipher(key []byte) error {
	// techlead-expect: go-weak-cipher
	_, err := des.NewTripleDESCipher(key)
	return err
}
