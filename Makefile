# Chung Tay — the two commands: `make run` and `make test`.
GO      ?= go
BIN     := bin/chungtay
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build web test test-go test-e2e lint-openapi vet fmt bench demo-city clean

## run: build everything and start the server on SQLite (data/chungtay.db) with the demo ward
run: build
	./$(BIN) serve --demo

## build: the web app, then the one binary that embeds it
build: web
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/chungtay

web: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

## test: every test — Go on SQLite and PostgreSQL, the typed frontend check, Playwright in Chromium
test: build vet test-go test-e2e lint-openapi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal migrations frontend/embed.go)" || (echo "gofmt needed:"; gofmt -l cmd internal migrations; exit 1)

test-go:
	$(GO) test -count=1 ./...

test-e2e: build
	cd frontend && npm run check && CHUNGTAY_BIN=$(CURDIR)/$(BIN) npm run e2e

## lint-openapi: the OpenAPI document the binary serves, linted by Redocly's default rules (offline)
lint-openapi: build
	./$(BIN) openapi > bin/openapi.json
	cd frontend && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true ./node_modules/.bin/redocly lint --format=stylish ../bin/openapi.json

## bench: Go benchmarks (see BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	gofmt -w cmd internal migrations

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
