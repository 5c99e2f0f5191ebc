// Package web holds the net/http handlers of the shop daemon.
package web

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

var pages = template.Must(template.ParseGlob("templates/*.html"))

// Server carries the dependencies of the handlers.
type Server struct {
	Root  string
	Store Store
}

// Store is the subset of the store the handlers use.
type Store interface {
	Comment(id string) (string, error)
}

func (s *Server) Hello(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-response-write-xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", r.URL.Query().Get("name"))
	// techlead-safe
	fmt.Fprintf(w, "<p>Welcome back, %s</p>", html.EscapeString(r.URL.Query().Get("name")))
}

func (s *Server) Search(w http.ResponseWriter, r *http.Request) {
	q := r.FormValue("q")
	// techlead-expect: go-response-write-xss
	w.Write([]byte("<p>No results for " + r.FormValue("q") + "</p>"))
	// techlead-safe
	_ = pages.ExecuteTemplate(w, "search.html", map[string]string{"Query": q})
}

func (s *Server) Comment(w http.ResponseWriter, r *http.Request) {
	body, err := s.Store.Comment(r.PathValue("id"))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	// techlead-expect: go-template-unescaped-type
	data := map[string]any{"Body": template.HTML(body)}
	// techlead-safe
	notice := template.HTML("<em>Comments are moderated.</em>")
	data["Notice"] = notice
	_ = pages.ExecuteTemplate(w, "comment.html", data)
}

func (s *Server) Preview(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-template-from-request
	t, err := template.New("preview").Parse(r.FormValue("template"))
	if err != nil {
		http.Error(w, "bad template", http.StatusBadRequest)
		return
	}
	_ = t.Execute(w, nil)
}

func (s *Server) Download(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-request-path-traversal
	http.ServeFile(w, r, filepath.Join(s.Root, r.URL.Query().Get("file")))
}

func (s *Server) DownloadSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(filepath.Clean("/" + r.URL.Query().Get("file")))
	// techlead-safe
	f, err := os.Open(filepath.Join(s.Root, "public", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	_, _ = io.Copy(w, f)
}

func (s *Server) Fetch(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-request-ssrf
	resp, err := http.Get(r.FormValue("url"))
	if err != nil {
		http.Error(w, "upstream failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

func (s *Server) FetchSafe(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("url"))
	if err != nil || u.Host != "images.example.com" {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	// techlead-safe
	resp, err := http.Get("https://images.example.com/" + url.PathEscape(strings.TrimPrefix(u.Path, "/")))
	if err == nil {
		defer resp.Body.Close()
		_, _ = io.Copy(w, resp.Body)
	}
}

func (s *Server) Login(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	http.SetCookie(w, &http.Cookie{
		Name:  "sid",
		Value: "issued-elsewhere",
		// techlead-expect: go-cookie-insecure-flags
		Secure:   false,
		HttpOnly: true,
	})
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") {
		// techlead-safe
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	// techlead-expect: go-open-redirect
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
}

func (s *Server) Ping(w http.ResponseWriter, r *http.Request) {
	// techlead-expect: go-exec-shell-injection
	out, err := exec.Command("sh", "-c", "ping -c 1 "+r.URL.Query().Get("host")).CombinedOutput()
	// techlead-safe
	ver, _ := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		http.Error(w, "ping failed", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	// techlead-safe
	w.Write(append(out, ver...))
}
