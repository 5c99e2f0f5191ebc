// Command shopd runs the shop HTTP API, the admin listener and the
// metrics endpoint.
package main

import (
	"log"
	"net"
	"net/http"
	// techlead-expect: go-pprof-exposed
	_ "net/http/pprof"
	"os"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"

	"example.com/shopd/internal/web"
)

func main() {
	// techlead-expect: go-gin-debug-mode
	gin.SetMode(gin.DebugMode)
	if os.Getenv("SHOPD_ENV") == "production" {
		// techlead-safe
		gin.SetMode(gin.ReleaseMode)
	}

	r := gin.New()
	// techlead-expect: go-cors-wildcard-credentials
	r.Use(cors.New(cors.Config{AllowAllOrigins: true, AllowCredentials: true, AllowMethods: []string{"GET", "POST"}}))
	// techlead-safe
	partner := cors.New(cors.Config{AllowOrigins: []string{"https://partner.example.com"}, AllowCredentials: true})
	r.Group("/partner").Use(partner)

	s := &web.Server{Root: "/srv/shopd"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", s.Hello)
	mux.HandleFunc("GET /search", s.Search)
	// techlead-expect: go-file-server-root
	mux.Handle("/files/", http.StripPrefix("/files/", http.FileServer(http.Dir("."))))
	// techlead-safe
	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("./public"))))

	go func() {
		// techlead-expect: go-bind-all-interfaces
		ln, err := net.Listen("tcp", "0.0.0.0:6060")
		if err != nil {
			log.Fatal(err)
		}
		// techlead-expect: go-http-server-no-timeout
		log.Println(http.Serve(ln, nil))
	}()

	go func() {
		// techlead-safe
		admin := &http.Server{Addr: "127.0.0.1:9090", Handler: adminMux(), ReadHeaderTimeout: 5 * time.Second}
		log.Println(admin.ListenAndServe())
	}()

	// techlead-expect: go-http-server-no-timeout
	legacy := &http.Server{Addr: ":8081", Handler: mux}
	go func() { log.Println(legacy.ListenAndServe()) }()

	srv := &http.Server{
		Addr:              ":8080",
		Handler:           r,
		// techlead-safe
		ReadHeaderTimeout: 5 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}

func adminMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		// techlead-safe
		w.Write([]byte("ok"))
	})
	return m
}
