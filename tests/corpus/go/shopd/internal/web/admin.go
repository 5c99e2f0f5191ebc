package web

import (
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// Admin serves the back-office pages.
type Admin struct {
	Reports string
}

func (a *Admin) Report(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-request-path-traversal
	data, err := os.ReadFile(filepath.Join(a.Reports, r.URL.Query().Get("name")))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	// techlead-safe
	w.Write(data)
}

func (a *Admin) Greeting(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-response-write-xss
	io.WriteString(w, "<title>"+r.Header.Get("X-Admin-Name")+"</title>")
	// techlead-safe
	io.WriteString(w, "<h1>"+html.EscapeString(r.Header.Get("X-Admin-Name"))+"</h1>")
}

func (a *Admin) Export(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-predictable-temp-file
	f, err := os.Create(filepath.Join("/tmp", "admin-export.csv"))
	if err != nil {
		http.Error(w, "export failed", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	// techlead-safe
	fmt.Fprintf(f, "generated for %s\n", r.URL.Query().Get("user"))
	// techlead-safe
	http.ServeFile(w, r, f.Name())
}

func (a *Admin) Keys(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-weak-rsa-key
	weak, _ := rsa.GenerateKey(rand.Reader, 1024)
	// techlead-safe
	strong, _ := rsa.GenerateKey(rand.Reader, 4096)
	fmt.Fprintf(w, "%d %d", weak.N.BitLen(), strong.N.BitLen())
}

func (a *Admin) Upload(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join(a.Reports, "incoming")
	// techlead-expect: go-file-permissive-mode
	if err := os.MkdirAll(dir, 0o777); err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	// techlead-safe
	if err := os.MkdirAll(filepath.Join(dir, "checked"), 0o750); err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
	}
}
