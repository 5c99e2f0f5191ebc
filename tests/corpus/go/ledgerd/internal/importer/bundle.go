// Package importer unpacks the statement bundles banks upload (a tar of XML
// statements) and pulls the entries of one account out of them.
package importer

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/antchfx/xmlquery"
)

var errUnsafeEntry = errors.New("unsafe entry in bundle")

// UnpackLegacy is used by the nightly SFTP job.
func UnpackLegacy(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		target := filepath.Join(dest, filepath.Clean("/"+hdr.Name))
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o750); err != nil {
				return err
			}
		case tar.TypeSymlink:
			// techlead-expect: go-archive-symlink-extraction
			if err := os.Symlink(hdr.Linkname, target); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeFile(target, tr); err != nil {
				return err
			}
		}
	}
}

// Unpack is used by the upload endpoint; links must stay in the bundle.
func Unpack(r io.Reader, dest string) error {
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(hdr.Name) {
			return errUnsafeEntry
		}
		target := filepath.Join(dest, hdr.Name)
		switch hdr.Typeflag {
		case tar.TypeSymlink:
			resolved := filepath.Join(filepath.Dir(hdr.Name), hdr.Linkname)
			if filepath.IsAbs(hdr.Linkname) || !filepath.IsLocal(resolved) {
				return errUnsafeEntry
			}
			// techlead-safe
			if err := os.Symlink(hdr.Linkname, target); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := writeFile(target, tr); err != nil {
				return err
			}
		}
	}
}

func writeFile(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, io.LimitReader(r, 64<<20))
	return err
}

// EntriesFor returns the statement entries of one account.
func EntriesFor(doc *xmlquery.Node, iban string) []*xmlquery.Node {
	// techlead-expect: go-xpath-injection
	return xmlquery.Find(doc, fmt.Sprintf("//Stmt[Acct/Id/IBAN='%s']/Ntry", iban))
}

// EntriesForSafe selects the statements with a fixed expression and
// compares the IBAN in Go.
func EntriesForSafe(doc *xmlquery.Node, iban string) []*xmlquery.Node {
	var out []*xmlquery.Node
	// techlead-safe
	for _, stmt := range xmlquery.Find(doc, "//Stmt") {
		if acct := stmt.SelectElement("Acct/Id/IBAN"); acct != nil && acct.InnerText() == iban {
			out = append(out, stmt.SelectElements("Ntry")...)
		}
	}
	return out
}
