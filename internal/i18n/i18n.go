// Package i18n translates messages: Vietnamese first, English second. The
// catalogues are locales/<part>.vi.json and locales/<part>.en.json, one pair per
// part of the product; every id must be in both languages (a test checks).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
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
// translated first, so "Không tìm thấy {{.Entity}}" reads naturally.
func T(lang, id string, data map[string]any) string {
	loc := goi18n.NewLocalizer(bundle, lang, VI)
	if len(data) > 0 {
		translated := make(map[string]any, len(data))
		for k, v := range data {
			if s, ok := v.(string); ok && (strings.HasPrefix(s, "entity.") || strings.HasPrefix(s, "field.")) {
				v = T(lang, s, nil)
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
