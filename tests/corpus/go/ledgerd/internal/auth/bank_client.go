// Package auth obtains the OAuth tokens the ledger uses to call the
// partner banks' APIs.
package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.uber.org/zap"
)

// BankClient holds the OAuth client of one partner bank.
type BankClient struct {
	Bank         string
	TokenURL     string
	ClientID     string
	ClientSecret string
	HTTP         *http.Client
	Logger       *zap.Logger
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// Token fetches a client-credentials token.
func (b *BankClient) Token(ctx context.Context) (string, error) {
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {b.ClientID}, "client_secret": {b.ClientSecret}}
	// techlead-expect: go-secret-logged
	log.Printf("requesting token from %s for client %s (secret %s)", b.TokenURL, b.ClientID, b.ClientSecret)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token endpoint of %s: %s", b.Bank, resp.Status)
	}
	var tok tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		return "", err
	}
	// techlead-safe
	b.Logger.Info("obtained bank token",
		zap.String("bank", b.Bank),
		zap.Duration("expires_in", time.Duration(tok.ExpiresIn)*time.Second),
		zap.Int("token_length", len(tok.AccessToken)),
	)
	return tok.AccessToken, nil
}
