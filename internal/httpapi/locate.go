package httpapi

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// Why a date error had no field: huma first validates the body against the
// schema (which names the field), then decodes it into the Go type with
// encoding/json; a value the schema allows but a type's own UnmarshalJSON
// refuses (civil.Date given "31/02/2018") fails there, and encoding/json
// says nothing of where — huma reports it at "body". locateBadValues walks
// the body beside its Go type to find each value that does not decode.

// bodyTypes is the registry of the API's schemas, from which an operation's
// request body type is found (set by New).
var bodyTypes struct {
	sync.RWMutex
	reg huma.Registry
}

func setBodyTypes(reg huma.Registry) {
	bodyTypes.Lock()
	bodyTypes.reg = reg
	bodyTypes.Unlock()
}

// bodyType is the Go type of op's JSON request body, or nil.
func bodyType(op *huma.Operation) reflect.Type {
	if op == nil || op.RequestBody == nil {
		return nil
	}
	mt := op.RequestBody.Content["application/json"]
	if mt == nil || mt.Schema == nil || mt.Schema.Ref == "" {
		return nil
	}
	bodyTypes.RLock()
	defer bodyTypes.RUnlock()
	if bodyTypes.reg == nil {
		return nil
	}
	return bodyTypes.reg.TypeFromRef(mt.Schema.Ref)
}

// badValueErrors names each value of body that does not decode into t; none
// when they all do (or the body is not what t expects at all).
func badValueErrors(t reflect.Type, body []byte) []apperr.FieldError {
	var out []apperr.FieldError
	locateBadValues(t, body, "", &out)
	return out
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func locateBadValues(t reflect.Type, raw json.RawMessage, path string, out *[]apperr.FieldError) {
	err := json.Unmarshal(raw, reflect.New(t).Interface())
	if err == nil {
		return
	}
	before := len(*out)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pt := reflect.PointerTo(t)
	if !pt.Implements(jsonUnmarshaler) && !pt.Implements(textUnmarshaler) {
		switch t.Kind() {
		case reflect.Struct:
			var members map[string]json.RawMessage
			if json.Unmarshal(raw, &members) == nil {
				eachJSONField(t, func(name string, ft reflect.Type) {
					if v, ok := members[name]; ok {
						locateBadValues(ft, v, joinPath(path, name), out)
					}
				})
			}
		case reflect.Slice, reflect.Array:
			var items []json.RawMessage
			if json.Unmarshal(raw, &items) == nil {
				for i, v := range items {
					locateBadValues(t.Elem(), v, path+"["+strconv.Itoa(i)+"]", out)
				}
			}
		case reflect.Map:
			var members map[string]json.RawMessage
			if json.Unmarshal(raw, &members) == nil {
				for _, k := range sortedKeys(members) {
					locateBadValues(t.Elem(), members[k], joinPath(path, k), out)
				}
			}
		}
	}
	if len(*out) == before {
		*out = append(*out, badValue(path, err))
	}
}

// badValue is the field error for a value its type refused.
func badValue(path string, err error) apperr.FieldError {
	if path == "" {
		path = "body"
	}
	if errors.Is(err, civil.ErrNotDate) {
		return apperr.Field(path, "field.date", nil)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return apperr.Field(path, "field.invalid", apperr.Args{"Detail": "expected " + te.Type.String()})
	}
	return apperr.Field(path, "field.invalid", apperr.Args{"Detail": err.Error()})
}

// eachJSONField calls fn with the JSON name and type of each field of the
// struct t, embedded structs' fields included.
func eachJSONField(t reflect.Type, fn func(name string, ft reflect.Type)) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			eachJSONField(ft, fn)
			continue
		}
		if name == "" {
			name = f.Name
		}
		fn(name, f.Type)
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
