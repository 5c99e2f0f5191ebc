package api

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"html/template"
	"io"
	"net/http"

	"github.com/go-ldap/ldap/v3"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Directory looks partners up in LDAP.
type Directory struct {
	Conn *ldap.Conn
	Base string
	Key  []byte
}

// Find returns the partner entry for a login.
func (d *Directory) Find(login string) (*ldap.SearchResult, error) {
	// techlead-expect: go-ldap-filter-injection
	req := ldap.NewSearchRequest(d.Base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(&(objectClass=partner)(uid=%s))", login), []string{"dn", "mail"}, nil)
	return d.Conn.Search(req)
}

// FindSafe escapes the login before building the filter.
func (d *Directory) FindSafe(login string) (*ldap.SearchResult, error) {
	// techlead-safe
	req := ldap.NewSearchRequest(d.Base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(&(objectClass=partner)(uid=%s))", ldap.EscapeFilter(login)), []string{"dn", "mail"}, nil)
	return d.Conn.Search(req)
}

// Encrypt seals partner notes with AES-CBC.
func (d *Directory) Encrypt(plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(d.Key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plain))
	// techlead-expect: go-static-iv
	cipher.NewCBCEncrypter(block, []byte("partner-iv-0001!")).CryptBlocks(out, plain)
	return out, nil
}

// EncryptSafe uses a random IV stored in front of the ciphertext.
func (d *Directory) EncryptSafe(plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(d.Key)
	if err != nil {
		return nil, err
	}
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return nil, err
	}
	out := make([]byte, len(plain))
	// techlead-safe
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
	return append(iv, out...), nil
}

// EchoRoutes registers the Echo-based status pages.
func EchoRoutes(e *echo.Echo) {
	// techlead-expect: go-cors-wildcard-credentials
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"}, AllowCredentials: true}))
	// techlead-safe
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"https://status.example.com"}}))
	e.GET("/status/banner", func(c echo.Context) error {
		// techlead-expect: go-template-unescaped-type
		banner := template.HTML(c.QueryParam("banner"))
		// techlead-safe
		footer := template.HTML("<small>&copy; Example Shop</small>")
		return c.Render(http.StatusOK, "status.html", map[string]any{"Banner": banner, "Footer": footer})
	})
	e.GET("/status/go", func(c echo.Context) error {
		// techlead-expect: go-open-redirect
		return c.Redirect(http.StatusFound, c.QueryParam("next"))
	})
	e.GET("/status/ping", func(c echo.Context) error {
		// techlead-safe
		return c.String(http.StatusOK, "pong")
	})
}
