// Command ledgerd runs the ledger service: the public API (Echo), the
// back-office API (Gin) and the live-balance WebSocket.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"

	"example.com/ledgerd/internal/admin"
	"example.com/ledgerd/internal/edge"
	"example.com/ledgerd/internal/support"
)

func main() {
	e := echo.New()
	(&support.Handlers{}).Register(e)

	r := gin.New()
	(&admin.API{}).Register(r)

	mux := http.NewServeMux()
	mux.Handle("/v1/", edge.LegacyCORS(e))
	mux.Handle("/v2/", edge.CORS(e))
	mux.Handle("/admin/", r)
	mux.HandleFunc("/balance", edge.Balance)

	srv := &http.Server{
		Addr:              os.Getenv("LEDGERD_ADDR"),
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatalf("listen: %v", err)
		}
	}()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
}
