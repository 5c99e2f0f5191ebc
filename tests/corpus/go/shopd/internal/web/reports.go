package web

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
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

func (rp *Reports) Download(w http.ResponseWriter, r *http.Request) {
	name := "/srv/reports/" + r.URL.Query().Get("name") + ".csv"
	// techlead-expect: go-path-traversal-taint
	data, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

func (rp *Reports) DownloadSafe(w http.ResponseWriter, r *http.Request) {
	name := filepath.Join("/srv/reports", filepath.Base(r.URL.Query().Get("name")))
	// techlead-safe
	data, err := os.ReadFile(name)
	if err == nil {
		w.Write(data)
	}
}

func (rp *Reports) Share(w http.ResponseWriter, r *http.Request) {
	target := "https://" + r.FormValue("host") + "/api/reports"
	// techlead-expect: go-ssrf-taint
	resp, err := http.Get(target)
	if err == nil {
		resp.Body.Close()
	}
}
