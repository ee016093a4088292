// Package i18n translates messages: Vietnamese first, English second. The
// catalogues are locales/<part>.vi.json and locales/<part>.en.json, one pair per
// part of the product; every id must be in both languages (a test checks).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.json
var locales embed.FS

// The supported languages; the first is the default.
const (
	VI = "vi"
	EN = "en"
)

var bundle = func() *goi18n.Bundle {
	b := goi18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(locales, name); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", name, err))
		}
	}
	return b
}()

// Lang picks "vi" or "en" from an Accept-Language header (or a bare code);
// anything else is Vietnamese.
func Lang(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return VI
	}
	for _, t := range tags {
		base, _ := t.Base()
		switch base.String() {
		case VI:
			return VI
		case EN:
			return EN
		}
	}
	return VI
}

// T translates id into lang with data for its {{.Fields}}. Data values that are
// themselves message ids (strings starting with "entity." or "field.") are
// translated first, so "Không tìm thấy {{.Entity}}" reads naturally. Whole
// numbers of five digits or more are grouped the language's way (Number):
// "10.000.000" in Vietnamese, "10,000,000" in English; shorter ones — years
// among them — are left as they are.
func T(lang, id string, data map[string]any) string {
	loc := goi18n.NewLocalizer(bundle, lang, VI)
	if len(data) > 0 {
		translated := make(map[string]any, len(data))
		for k, v := range data {
			if s, ok := v.(string); ok && (strings.HasPrefix(s, "entity.") || strings.HasPrefix(s, "field.")) {
				v = T(lang, s, nil)
			}
			if n, ok := wholeNumber(v); ok && (n >= 10_000 || n <= -10_000) {
				v = Number(lang, n)
			}
			translated[k] = v
		}
		data = translated
	}
	msg, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return msg
}

// Has reports whether id is in the catalogue of lang.
func Has(lang, id string) bool {
	loc := goi18n.NewLocalizer(bundle, lang)
	_, tag, err := loc.LocalizeWithTag(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil && tag.String() == lang
}

// IDs lists the message ids of all of a language's catalogues (for the
// completeness test).
func IDs(lang string) (map[string]bool, error) {
	names, err := fs.Glob(locales, "locales/*."+lang+".json")
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, name := range names {
		raw, err := locales.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for id := range m {
			ids[id] = true
		}
	}
	return ids, nil
}

// wholeNumber returns v as an int64 when it is a Go integer.
func wholeNumber(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// Number writes n with its thousands grouped the way of lang: "11.176" in
// Vietnamese, "11,176" in English (the frontend's formatCount says the same).
func Number(lang string, n int64) string {
	sep := byte('.')
	if lang == EN {
		sep = ','
	}
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := make([]byte, 0, len(digits)+len(digits)/3)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, sep)
		}
		out = append(out, digits[i])
	}
	return sign + string(out)
}
