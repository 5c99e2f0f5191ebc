// Package ingest receives media uploads and compressed telemetry batches.
package ingest

import (
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
)

const maxBatchBytes = 32 << 20

// Store keeps uploaded files under a directory of its own.
type Store struct {
	Dir string
}

func randomName() (string, error) {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(buf), nil
}

// SaveUpload copies one multipart file to disk under a generated name.
func (s *Store) SaveUpload(fh *multipart.FileHeader) (string, error) {
	src, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer src.Close()

	name, err := randomName()
	if err != nil {
		return "", err
	}
	dst, err := os.Create(filepath.Join(s.Dir, name))
	if err != nil {
		return "", err
	}
	defer dst.Close()

	// techlead-safe
	if _, err := io.Copy(dst, src); err != nil {
		return "", fmt.Errorf("saving upload: %w", err)
	}
	return name, nil
}

// ReadBatch inflates a gzip-encoded telemetry batch, up to a fixed size.
func ReadBatch(r *http.Request, out io.Writer) error {
	gz, err := gzip.NewReader(r.Body)
	if err != nil {
		return err
	}
	defer gz.Close()
	_, err = io.Copy(out, io.LimitReader(gz, maxBatchBytes))
	return err
}

// ReadLegacyBatch inflates batches from old agents.
func ReadLegacyBatch(r *http.Request, out io.Writer) error {
	gz, err := gzip.NewReader(r.Body)
	if err != nil {
		return err
	}
	defer gz.Close()
	// techlead-expect: go-decompression-bomb
	_, err = io.Copy(out, gz)
	return err
}

// CompressResponse gzips a response body for clients that accept it.
func CompressResponse(w http.ResponseWriter, body io.Reader) error {
	w.Header().Set("Content-Encoding", "gzip")
	zw := gzip.NewWriter(w)
	defer zw.Close()
	_, err := io.Copy(zw, body)
	return err
}
