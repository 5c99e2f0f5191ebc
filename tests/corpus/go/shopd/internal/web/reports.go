package web

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Reports serves sales reports; the SQL is assembled before it runs.
type Reports struct {
	DB *sql.DB
}

func (rp *Reports) ByRegion(w http.ResponseWriter, r *http.Request) {
	region := r.URL.Query().Get("region")
	query := "SELECT customer, total FROM orders WHERE region = '" + region + "'"
	// techlead-expect: go-sql-injection-taint
	rows, err := rp.DB.QueryContext(r.Context(), query)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	_ = json.NewEncoder(w).Encode(map[string]string{"region": region})
}

func (rp *Reports) Sorted(w http.ResponseWriter, r *http.Request) {
	stmt := fmt.Sprintf("SELECT id, total FROM orders ORDER BY %s", r.FormValue("sort"))
	// techlead-expect: go-sql-injection-taint
	rows, err := rp.DB.Query(stmt)
	if err == nil {
		rows.Close()
	}
}

func (rp *Reports) Top(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("limit"))
	if err != nil {
		n = 10
	}
	stmt := fmt.Sprintf("SELECT customer, sum(total) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT %d", n)
	// techlead-safe
	rows, err := rp.DB.Query(stmt)
	if err == nil {
		rows.Close()
	}
}
