package api

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

type Server struct{ db *sql.DB }

func orderBy(column string) string {
	return " ORDER BY " + column
}

func (s *Server) Orders(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	query := fmt.Sprintf("SELECT * FROM orders WHERE customer = '%s'", customer)
	// expect: Sprintf into the SQL text
	rows, _ := s.db.Query(query)
	defer rows.Close()
	// safe: a placeholder
	s.db.Query("SELECT * FROM orders WHERE customer = $1", customer)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	// safe: Atoi sanitizes
	s.db.Query(fmt.Sprintf("SELECT * FROM orders OFFSET %d", page))
	var b strings.Builder
	b.WriteString("SELECT * FROM items WHERE tag IN (")
	for _, tag := range strings.Split(r.FormValue("tags"), ",") {
		b.WriteString("'" + tag + "',")
	}
	// expect: a strings.Builder fed in a loop
	s.db.Query(b.String())
	// expect: a helper that returns its parameter
	s.db.Query("SELECT * FROM items" + orderBy(r.FormValue("sort")))
	state := "open"
	// safe: a constant
	s.db.Query("SELECT * FROM items WHERE state = '" + state + "'")
}
