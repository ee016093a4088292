package support

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/uptrace/bun"
	"golang.org/x/text/unicode/norm"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// MaxEvidenceBytes is the largest evidence file: 5 MiB, enough for a phone
// photo or a scanned receipt.
const MaxEvidenceBytes int64 = 5 << 20

// MaxEvidenceFiles is the most files one record may carry.
const MaxEvidenceFiles = 20

// maxNameRunes is the longest file name kept, extension excluded.
const maxNameRunes = 100

// extensions are the accepted content types and their file extensions, the
// first being the one given to a name without a fitting extension.
var extensions = map[string][]string{
	"image/jpeg":      {".jpg", ".jpeg"},
	"image/png":       {".png"},
	"application/pdf": {".pdf"},
}

// Sniff returns the content type of a file judged from its first bytes (the
// declared type and the name are not trusted), or "" when it is not an
// accepted type: JPEG, PNG or PDF.
func Sniff(content []byte) string {
	ct := http.DetectContentType(content)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	if _, ok := extensions[ct]; ok {
		return ct
	}
	return ""
}

// SanitizeFilename makes a stored name from the name a client sent: the last
// path element, letters (Vietnamese included), digits, spaces and . - _ only,
// no leading dot, at most 100 characters, and an extension that fits the
// sniffed content type ("hoa-don.exe" of a PDF becomes "hoa-don_exe.pdf").
func SanitizeFilename(name, contentType string) string {
	name = norm.NFC.String(name) // one form of "ả" whatever the phone sent
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteRune(' ')
		}
	}
	name = strings.Trim(strings.Join(strings.Fields(b.String()), " "), " ._-")
	exts := extensions[contentType]
	if len(exts) == 0 {
		exts = []string{""}
	}
	ext := strings.ToLower(filepath.Ext(name))
	fits := false
	for _, e := range exts {
		fits = fits || ext == e
	}
	if fits {
		name = name[:len(name)-len(ext)]
	} else {
		ext = exts[0]
	}
	name = strings.Trim(strings.ReplaceAll(name, ".", "_"), " _-")
	if r := []rune(name); len(r) > maxNameRunes {
		name = strings.TrimRight(string(r[:maxNameRunes]), " _-")
	}
	if name == "" {
		name = "minh-chung"
	}
	return name + ext
}

// Upload adds an evidence file to a record the caller may correct. The type
// is judged from the bytes; the content is stored with its SHA-256 and size,
// and the audit entry holds the metadata, never the content.
func (s *Service) Upload(ctx context.Context, now time.Time, supportID int64, filename string, content []byte) (*Evidence, error) {
	switch {
	case len(content) == 0:
		return nil, apperr.InvalidFields(apperr.Field("file", "field.required", nil))
	case int64(len(content)) > MaxEvidenceBytes:
		e := apperr.New(apperr.TooLarge, "error.too_large", apperr.Args{"Max": "5 MiB"})
		e.Fields = []apperr.FieldError{apperr.Field("file", "support.file_too_large", apperr.Args{"Max": "5 MiB"})}
		return nil, e
	}
	ct := Sniff(content)
	if ct == "" {
		e := apperr.New(apperr.Unsupported, "error.unsupported", nil)
		e.Fields = []apperr.FieldError{apperr.Field("file", "support.file_type", nil)}
		return nil, e
	}
	sum := sha256.Sum256(content)
	f := &Evidence{SupportID: supportID, Filename: SanitizeFilename(filename, ct), ContentType: ct,
		SizeBytes: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Content: content, CreatedAt: now.UTC()}
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		rec, err := writable(ctx, tx, supportID)
		if err != nil {
			return err
		}
		n, err := tx.NewSelect().Model((*Evidence)(nil)).Where("support_id = ?", supportID).Count(ctx)
		if err != nil {
			return apperr.Wrap(err, "count evidence files")
		}
		if n >= MaxEvidenceFiles {
			return apperr.InvalidFields(apperr.Field("file", "support.too_many_files", apperr.Args{"Max": MaxEvidenceFiles}))
		}
		if _, err := tx.NewInsert().Model(f).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert evidence file")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "evidence_file", EntityID: f.ID,
			AreaPath: rec.AreaPath, After: f})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ListEvidence returns the metadata of a record's files, oldest first.
func (s *Service) ListEvidence(ctx context.Context, supportID int64) ([]Evidence, error) {
	if _, err := load(ctx, s.db, supportID); err != nil {
		return nil, err
	}
	out := []Evidence{}
	err := s.db.NewSelect().Model(&out).ExcludeColumn("content").Where("support_id = ?", supportID).OrderExpr("id").Scan(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "list evidence files")
	}
	return out, nil
}

// Download returns one file of a record the caller sees, with its content.
// Personal data leaving the system is recorded in the audit trail (which
// file, not its content).
func (s *Service) Download(ctx context.Context, now time.Time, supportID, fileID int64) (*Evidence, error) {
	rec, err := load(ctx, s.db, supportID)
	if err != nil {
		return nil, err
	}
	f := new(Evidence)
	err = s.db.NewSelect().Model(f).Where("id = ? AND support_id = ?", fileID, supportID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityEvidence)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get evidence file %d", fileID))
	}
	if err := audit.Record(ctx, s.db, now, audit.Change{Action: audit.Export, Entity: "evidence_file", EntityID: f.ID,
		AreaPath: rec.AreaPath, After: f}); err != nil {
		return nil, apperr.Wrap(err, "audit evidence download")
	}
	return f, nil
}
