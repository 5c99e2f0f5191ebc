// Package archive unpacks supplier catalogue uploads (zip and tar.gz).
package archive

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
)

var errOutside = errors.New("archive entry outside the target directory")

// Unzip extracts every file of a zip archive under dest.
func Unzip(src, dest string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		// techlead-expect: go-zip-slip
		target := filepath.Join(dest, f.Name)
		rc, err := f.Open()
		if err != nil {
			return err
		}
		// techlead-expect: go-file-permissive-mode
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o666)
		if err != nil {
			rc.Close()
			return err
		}
		// techlead-expect: go-decompression-bomb
		_, err = io.Copy(out, rc)
		rc.Close()
		out.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Untar extracts a gzip-compressed tar stream under dest, safely.
func Untar(r io.Reader, dest string, maxBytes int64) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	root := filepath.Clean(dest) + string(os.PathSeparator)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		// techlead-safe
		target := filepath.Join(dest, hdr.Name)
		if !strings.HasPrefix(target, root) {
			return errOutside
		}
		// techlead-safe
		if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
			return err
		}
		// techlead-safe
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
		if err != nil {
			return err
		}
		// techlead-safe
		_, err = io.Copy(out, io.LimitReader(tr, maxBytes))
		out.Close()
		if err != nil {
			return err
		}
	}
}

// Stage writes an upload to a scratch file before it is scanned.
func Stage(data []byte) (string, error) {
	// techlead-expect: go-predictable-temp-file
	if err := os.WriteFile("/tmp/shopd-upload.zip", data, 0o600); err != nil {
		return "", err
	}
	// techlead-safe
	f, err := os.CreateTemp("", "shopd-upload-*.zip")
	if err != nil {
		return "", err
	}
	defer f.Close()
	_, err = f.Write(data)
	return f.Name(), err
}

// Publish makes the extracted catalogue readable by the web server.
func Publish(dir string) error {
	// techlead-expect: go-file-permissive-mode
	return os.Chmod(dir, 0777)
}
