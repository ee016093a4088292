// Package frontend holds the built web app of Chung Tay (Svelte, see
// package.json), embedded into the binary so one file serves API and UI.
//
// Build it with `npm ci && npm run build` in this folder before `go build`;
// until then dist/ holds only .gitkeep and the server has no UI to serve.
package frontend

import "embed"

// Dist is the built single-page app: dist/index.html and dist/assets/*.
// Serve it with fs.Sub(Dist, "dist") and fall back to index.html for
// unknown non-API paths (the app routes with the URL hash).
//
//go:embed all:dist
var Dist embed.FS
