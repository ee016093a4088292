package httpapi

import (
	"html/template"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// docsPage renders the API reference from the OpenAPI document itself, with
// no scripts from elsewhere, so it works on a ward's offline network.
func (s *Server) docsPage(c *fiber.Ctx) error {
	doc := s.API.OpenAPI()
	type param struct{ Name, In, Type, Doc string }
	type operation struct {
		Method, Path, Summary, ID, Body string
		Params                          []param
	}
	groups := map[string][]operation{}
	for path, item := range doc.Paths {
		for method, o := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put,
			"PATCH": item.Patch, "DELETE": item.Delete} {
			if o == nil {
				continue
			}
			op := operation{Method: method, Path: path, Summary: o.Summary, ID: o.OperationID}
			for _, p := range o.Parameters {
				typ := ""
				if p.Schema != nil {
					typ = p.Schema.Type
				}
				op.Params = append(op.Params, param{p.Name, p.In, typ, p.Description})
			}
			if o.RequestBody != nil {
				for ct, mt := range o.RequestBody.Content {
					name := ct
					if mt.Schema != nil && mt.Schema.Ref != "" {
						name = strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
					}
					op.Body = name
				}
			}
			tag := "Other"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			groups[tag] = append(groups[tag], op)
		}
	}
	type group struct {
		Tag string
		Ops []operation
	}
	var out []group
	for tag, ops := range groups {
		sort.Slice(ops, func(i, j int) bool { return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method })
		out = append(out, group{tag, ops})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
	c.Type("html", "utf-8")
	return docsTemplate.Execute(c, map[string]any{"Title": doc.Info.Title, "Version": doc.Info.Version,
		"Description": doc.Info.Description, "Groups": out})
}

var docsTemplate = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Title}} — Tài liệu API</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:2px solid #b71c1c}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
.m{display:inline-block;min-width:4rem;font-weight:700}.GET{color:#1565c0}.POST{color:#2e7d32}.PUT{color:#ef6c00}
code{background:#f4f4f4;padding:0 .25rem;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;font-size:.9rem}td{padding:.1rem .5rem;border-top:1px solid #eee}
</style></head><body>
<h1>{{.Title}} {{.Version}} — Tài liệu API / API reference</h1>
<p>{{.Description}}</p>
<p>Tài liệu OpenAPI 3.1 đầy đủ / the full OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a> (<a href="/api/openapi.yaml">YAML</a>).</p>
{{range .Groups}}<h2>{{.Tag}}</h2>
{{range .Ops}}<div class="op" id="{{.ID}}"><span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> — {{.Summary}}
{{if .Params}}<table>{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Doc}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<div>Body: <code>{{.Body}}</code></div>{{end}}</div>
{{end}}{{end}}
</body></html>`))
