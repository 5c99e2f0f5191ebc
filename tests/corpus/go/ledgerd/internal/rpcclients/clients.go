// Package rpcclients dials the gRPC services the ledger depends on.
package rpcclients

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// Config lists the addresses of the downstream services.
type Config struct {
	FXRatesAddr string
	RiskAddr    string
	CABundle    string
}

// DialFXRates connects to the exchange-rate service in the other cluster.
func DialFXRates(ctx context.Context, cfg Config) (*grpc.ClientConn, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return grpc.DialContext(ctx, cfg.FXRatesAddr,
		grpc.WithBlock(),
		// techlead-expect: go-grpc-insecure-transport
		grpc.WithTransportCredentials(insecure.NewCredentials()),
	)
}

// DialRisk connects to the risk engine over TLS with the internal CA.
func DialRisk(cfg Config) (*grpc.ClientConn, error) {
	pem, err := os.ReadFile(cfg.CABundle)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificates in %s", cfg.CABundle)
	}
	creds := credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})
	// techlead-safe
	return grpc.NewClient(cfg.RiskAddr, grpc.WithTransportCredentials(creds))
}

// DialSidecar talks to the local mesh proxy, which does the mTLS.
func DialSidecar() (*grpc.ClientConn, error) {
	// techlead-safe
	return grpc.NewClient("localhost:15001", grpc.WithTransportCredentials(insecure.NewCredentials()))
}
