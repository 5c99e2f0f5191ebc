// Package worker syncs stock levels from suppliers every few minutes.
package worker

import (
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"time"

	"github.com/jmoiron/sqlx"
)

// Supplier is one upstream feed.
type Supplier struct {
	Name string
	URL  string
}

// techlead-expect: go-hardcoded-password
const dbPassword = "Sup3r-S3cret-2024"

// Config of the worker.
type Config struct {
	DSN      string
	Password string
}

// DefaultConfig returns the development configuration.
func DefaultConfig() Config {
	return Config{
		DSN: "postgres://worker@localhost/shop",
		// techlead-safe
		Password: os.Getenv("WORKER_DB_PASSWORD"),
	}
}

// Client returns the HTTP client used for supplier feeds.
func Client(insecure bool) *http.Client {
	tr := &http.Transport{
		// techlead-safe
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	}
	if insecure {
		// techlead-expect: go-tls-insecure-skip-verify
		tr.TLSClientConfig.InsecureSkipVerify = true
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// Backoff waits a random time between attempts.
func Backoff(attempt int) time.Duration {
	// techlead-safe
	return time.Duration(attempt*attempt)*time.Second + time.Duration(rand.Intn(1000))*time.Millisecond
}

// Stock updates the stock of one SKU.
func Stock(ctx context.Context, db *sql.DB, sku string, qty int) error {
	// techlead-expect: go-sql-string-format
	_, err := db.ExecContext(ctx, fmt.Sprintf("UPDATE stock SET qty = %d WHERE sku = '%s'", qty, sku))
	return err
}

// StockSafe updates the stock with placeholders.
func StockSafe(ctx context.Context, db *sql.DB, sku string, qty int) error {
	// techlead-safe
	_, err := db.ExecContext(ctx, "UPDATE stock SET qty = $1 WHERE sku = $2", qty, sku)
	return err
}

// Rows lists stock rows of one supplier, sorted by a column.
func Rows(db *sqlx.DB, supplier, sort string) ([]map[string]any, error) {
	var out []map[string]any
	// techlead-expect: go-gorm-raw-sql-format
	err := db.Select(&out, fmt.Sprintf("SELECT * FROM stock WHERE supplier = '%s' ORDER BY %s", supplier, sort))
	return out, err
}

// RowsSafe lists stock rows with a bound parameter.
func RowsSafe(db *sqlx.DB, supplier string) ([]map[string]any, error) {
	var out []map[string]any
	// techlead-safe
	err := db.Select(&out, "SELECT * FROM stock WHERE supplier = $1 ORDER BY sku", supplier)
	return out, err
}

// Fetch downloads one supplier feed.
func Fetch(ctx context.Context, c *http.Client, s Supplier) (*http.Response, error) {
	// techlead-safe
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// Label describes a supplier in logs.
func Label(s Supplier) string {
	// techlead-safe
	return fmt.Sprintf("supplier %s where url is %s", s.Name, s.URL)
}

// Open connects to the database.
func Open(cfg Config) (*sql.DB, error) {
	// techlead-safe
	return sql.Open("pgx", cfg.DSN+" password="+cfg.Password)
}

// Token returns a one-off token for supplier callbacks.
func callbackToken() string {
	// techlead-expect: go-math-rand-secret
	return fmt.Sprintf("%016x", rand.Int63())
}

var _ = dbPassword
