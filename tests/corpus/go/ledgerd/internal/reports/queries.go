// Package reports builds the SQL of the finance reports with squirrel.
package reports

import (
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// sortable are the columns the report UI may sort by.
var sortable = map[string]string{"date": "booked_at", "amount": "amount_cents", "payee": "payee"}

// Repo runs the report queries.
type Repo struct {
	db *sql.DB
}

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// ByPayee lists the entries of one payee, sorted as the UI asks.
func (r *Repo) ByPayee(payee, sortBy string) (*sql.Rows, error) {
	q := psql.Select("id", "booked_at", "amount_cents", "payee").
		From("entries").
		// techlead-expect: go-query-builder-sql-format
		Where(fmt.Sprintf("payee = '%s'", payee)).
		OrderBy(sortBy)
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.Query(query, args...)
}

// ByPayeeSafe binds the payee and allow-lists the sort column.
func (r *Repo) ByPayeeSafe(payee, sortBy string) (*sql.Rows, error) {
	col, ok := sortable[sortBy]
	if !ok {
		col = "booked_at"
	}
	q := psql.Select("id", "booked_at", "amount_cents", "payee").
		From("entries").
		// techlead-safe
		Where("payee = ?", payee).
		OrderBy(col + " DESC")
	query, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.Query(query, args...)
}
