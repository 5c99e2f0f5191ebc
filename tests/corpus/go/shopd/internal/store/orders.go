// Package store reads and writes orders through database/sql and gorm.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"gorm.io/gorm"
)

// Order is one customer order.
type Order struct {
	ID       int64
	Customer string
	Status   string
	Total    float64
	Created  time.Time
}

// Store wraps the SQL connection, gorm and the audit collection.
type Store struct {
	DB    *sql.DB
	Gorm  *gorm.DB
	Audit *mongo.Collection
}

var sortColumns = map[string]string{"created": "created_at", "total": "total"}

func (s *Store) ByCustomer(ctx context.Context, customer string) (*sql.Rows, error) {
	// techlead-expect: go-sql-string-format
	return s.DB.QueryContext(ctx, fmt.Sprintf("SELECT id, total FROM orders WHERE customer = '%s'", customer))
}

func (s *Store) ByCustomerSafe(ctx context.Context, customer string) (*sql.Rows, error) {
	// techlead-safe
	return s.DB.QueryContext(ctx, "SELECT id, total FROM orders WHERE customer = $1", customer)
}

func (s *Store) Cancel(ctx context.Context, ids []string) error {
	// techlead-expect: go-sql-string-format
	_, err := s.DB.ExecContext(ctx, "UPDATE orders SET status = 'cancelled' WHERE id IN ("+strings.Join(ids, ",")+")")
	return err
}

func (s *Store) Purge(ctx context.Context, table string) error {
	query := "DELETE FROM " + table + " WHERE created_at < now() - interval '90 days'"
	// techlead-known-miss: go-sql-string-format the SQL is concatenated into a variable on the line above; needs taint
	_, err := s.DB.ExecContext(ctx, query)
	return err
}

func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	// techlead-safe
	err := s.DB.QueryRowContext(ctx, "SELECT count(*) FROM orders").Scan(&n)
	return n, err
}

func (s *Store) Search(status, sort string) ([]Order, error) {
	var out []Order
	err := s.Gorm.
		// techlead-expect: go-gorm-raw-sql-format
		Where(fmt.Sprintf("status = '%s'", status)).
		Find(&out).Error
	return out, err
}

func (s *Store) SearchSafe(status, sort string) ([]Order, error) {
	var out []Order
	col, ok := sortColumns[sort]
	if !ok {
		col = "created_at"
	}
	// techlead-safe
	err := s.Gorm.Where("status = ?", status).Order(col + " DESC").Find(&out).Error
	return out, err
}

func (s *Store) Report(region string) ([]Order, error) {
	var out []Order
	// techlead-expect: go-gorm-raw-sql-format
	err := s.Gorm.Raw("SELECT * FROM orders WHERE region = '" + region + "'").Scan(&out).Error
	return out, err
}

func (s *Store) ReportSafe(region string) ([]Order, error) {
	var out []Order
	// techlead-safe
	err := s.Gorm.Raw("SELECT * FROM orders WHERE region = ?", region).Scan(&out).Error
	return out, err
}

func (s *Store) Like(term string) ([]Order, error) {
	var out []Order
	// techlead-safe
	err := s.Gorm.Where("customer LIKE ?", fmt.Sprintf("%%%s%%", term)).Find(&out).Error
	return out, err
}

func (s *Store) AuditFor(ctx context.Context, actor string) (*mongo.Cursor, error) {
	// techlead-expect: go-nosql-where-injection
	return s.Audit.Find(ctx, bson.M{"$where": fmt.Sprintf("this.actor == '%s'", actor)})
}

func (s *Store) AuditForSafe(ctx context.Context, actor string) (*mongo.Cursor, error) {
	// techlead-safe
	return s.Audit.Find(ctx, bson.M{"actor": actor})
}

func (s *Store) Describe(o Order) string {
	// techlead-safe
	return fmt.Sprintf("order %d for %s where status is %s", o.ID, o.Customer, o.Status)
}
