// Package edge holds the middleware in front of the public API and the
// live-balance WebSocket.
package edge

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/websocket"
)

// trustedOrigins are the front-ends allowed to call the API with cookies.
var trustedOrigins = map[string]bool{
	"https://app.ledger.example":     true,
	"https://partners.ledger.example": true,
}

// LegacyCORS is still mounted on the /v1 routes used by the old widget.
func LegacyCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" {
			// techlead-expect: go-cors-reflected-origin
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Add("Vary", "Origin")
		}
		next.ServeHTTP(w, r)
	})
}

// CORS is the allow-list based middleware of the /v2 routes.
func CORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if trustedOrigins[origin] {
			// techlead-safe
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Add("Vary", "Origin")
		}
		next.ServeHTTP(w, r)
	})
}

// partnerOrigin accepts the partner sub-domains (used by the widget loader).
func partnerOrigin(origin string) bool {
	// techlead-expect: go-cors-origin-weak-match
	return strings.HasSuffix(origin, "ledger.example")
}

// partnerOriginStrict compares the parsed host.
func partnerOriginStrict(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "https" {
		return false
	}
	// techlead-safe
	return u.Host == "ledger.example" || strings.HasSuffix(u.Host, ".ledger.example")
}

// balanceUpgrader upgrades the live-balance connections of the web app.
var balanceUpgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
	// techlead-safe
	CheckOrigin: func(r *http.Request) bool { return partnerOriginStrict(r.Header.Get("Origin")) },
}

// kioskUpgrader serves the branch kiosks; "they have no Origin anyway".
var kioskUpgrader = websocket.Upgrader{
	// techlead-expect: go-websocket-any-origin
	CheckOrigin: func(r *http.Request) bool { return true },
}

// Balance streams balance updates to the browser.
func Balance(w http.ResponseWriter, r *http.Request) {
	up := balanceUpgrader
	if r.URL.Path == "/kiosk/balance" {
		up = kioskUpgrader
	}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.WriteJSON(map[string]string{"status": "subscribed"})
}
