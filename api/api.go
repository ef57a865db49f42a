// Package api serves the JSON API under /api/v1: the directory of
// organisations, the reference data (municipalities, regions, CPV codes,
// target groups) and token-authenticated writes, described by the OpenAPI 3.1
// document at /api/v1/openapi.json.
//
// The handlers are plain net/http on a ServeMux and the OpenAPI document is
// written by hand in openapi.go; spec_test.go proves that every documented
// operation answers as documented. Every failure, unknown routes included,
// is an RFC 9457 problem (application/problem+json) whose detail is in the
// caller's language (Danish by default, English on request).
package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/ocds"
)

// Prefix is the path under which the API is mounted; the handler serves full
// paths, so the web server mounts it with mux.Handle(api.Prefix, h).
const Prefix = "/api/v1/"

// Config is what the API needs from the application's wiring.
type Config struct {
	// Store answers every read and write.
	Store samspil.Store
	// Logger receives internal errors and panics; nil means slog.Default().
	Logger *slog.Logger
	// BaseURL is the public address of the server (no trailing slash), used
	// in Location headers and as the server URL in the OpenAPI document.
	BaseURL string
	// Now is the clock for "possibly out of date"; nil means SystemClock.
	Now samspil.Clock
	// OCDS is the publisher identity of the procurement open data.
	OCDS ocds.Config
}

// handlerFunc is the shape of every API handler: it writes a success
// response itself and returns any failure, which serve turns into a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// server holds the routes and dependencies of one API instance.
type server struct {
	store   samspil.Store
	log     *slog.Logger
	baseURL string
	now     samspil.Clock
	ocds    ocds.Config

	mux *http.ServeMux
	// paths maps each route's path pattern without a method, so a request
	// with a wrong method can be answered 405 with an Allow header.
	paths *http.ServeMux
	allow map[string][]string
	spec  []byte
}

// New returns the API handler. It panics only on a programming error (a
// route registered twice or an OpenAPI document that cannot be encoded).
func New(cfg Config) http.Handler {
	s := &server{
		store:   cfg.Store,
		log:     cfg.Logger,
		baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		now:     cfg.Now,
		ocds:    cfg.OCDS,
		mux:     http.NewServeMux(),
		paths:   http.NewServeMux(),
		allow:   map[string][]string{},
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = samspil.SystemClock
	}
	spec, err := json.MarshalIndent(openAPIDocument(s.baseURL), "", "  ")
	if err != nil {
		panic("api: cannot encode the OpenAPI document: " + err.Error())
	}
	s.spec = spec

	s.route("GET", "/api/v1/openapi.json", s.handleOpenAPI)
	s.route("GET", "/api/v1/municipalities", s.handleListMunicipalities)
	s.route("GET", "/api/v1/municipalities/{code}", s.handleGetMunicipality)
	s.route("GET", "/api/v1/regions", s.handleListRegions)
	s.route("GET", "/api/v1/target-groups", s.handleListTargetGroups)
	s.route("GET", "/api/v1/cpv", s.handleSearchCPV)
	s.route("GET", "/api/v1/cpv/{code}", s.handleGetCPV)
	s.route("GET", "/api/v1/organisations", s.handleListOrganisations)
	s.route("POST", "/api/v1/organisations", s.handleCreateOrganisation)
	s.route("GET", "/api/v1/organisations/{id}", s.handleGetOrganisation)
	s.route("PATCH", "/api/v1/organisations/{id}", s.handlePatchOrganisation)
	s.route("GET", "/api/v1/opportunities", s.handleListOpportunities)
	s.route("POST", "/api/v1/opportunities", s.handleCreateOpportunity)
	s.route("GET", "/api/v1/opportunities/{id}", s.handleGetOpportunity)
	s.route("GET", "/api/v1/opportunities/{id}/matches", s.handleOpportunityMatches)
	s.route("POST", "/api/v1/opportunities/{id}/interests", s.handleCreateInterest)
	s.route("GET", "/api/v1/organisations/{id}/matches", s.handleOrganisationMatches)
	s.route("GET", "/api/v1/search", s.handleSearch)
	s.route("GET", "/api/v1/search/suggest", s.handleSuggest)
	s.route("GET", "/api/v1/cases", s.handleListCases)
	s.route("GET", "/api/v1/cases/{id}", s.handleGetCase)
	s.route("GET", "/api/v1/guides", s.handleListGuides)
	s.route("GET", "/api/v1/guides/{slug}", s.handleGetGuide)
	s.route("GET", "/api/v1/strategies", s.handleListStrategies)
	s.registerTenderRoutes()
	s.registerPbrRoutes()
	s.registerSpendRoutes()
	s.mux.Handle("/", s.wrap(s.handleNoRoute))
	return s
}

// route registers h for method and path and remembers the method for 405
// answers. GET routes also answer HEAD, as ServeMux does.
func (s *server) route(method, path string, h handlerFunc) {
	s.mux.Handle(method+" "+path, s.wrap(h))
	if _, ok := s.allow[path]; !ok {
		s.paths.Handle(path, http.NotFoundHandler())
	}
	s.allow[path] = append(s.allow[path], method)
	if method == http.MethodGet {
		s.allow[path] = append(s.allow[path], http.MethodHead)
	}
}

// ServeHTTP adds the headers every API response carries and dispatches.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Language")
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		// Reads are public open data and use no cookies, so any web page
		// may fetch them; writes stay same-origin (no preflight support).
		h.Set("Access-Control-Allow-Origin", "*")
	}
	s.mux.ServeHTTP(w, r)
}

// wrap turns a handlerFunc into an http.Handler that writes returned errors
// as problems and turns a panic into a logged 500 problem.
func (s *server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// handleNoRoute answers every request no route matched: 405 with Allow when
// the path exists with other methods, otherwise 404.
func (s *server) handleNoRoute(w http.ResponseWriter, r *http.Request) error {
	if _, pattern := s.paths.Handler(r); pattern != "" {
		if methods, ok := s.allow[pattern]; ok {
			w.Header().Set("Allow", strings.Join(methods, ", "))
			return &problem{status: http.StatusMethodNotAllowed, code: "method_not_allowed",
				key: "api.method_not_allowed", args: map[string]any{"Method": r.Method, "Allowed": strings.Join(methods, ", ")}}
		}
	}
	return &problem{status: http.StatusNotFound, code: samspil.ENOTFOUND, key: "api.route.not_found",
		args: map[string]any{"Path": r.URL.Path}}
}

// handleOpenAPI serves the OpenAPI document.
func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	return s.writeBytes(w, r, http.StatusOK, "application/json", s.spec, "public, max-age=300")
}

// writeJSON encodes v and writes it with status. For 200 answers to GET it
// adds an ETag and answers a matching If-None-Match with 304.
func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any, cacheControl string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return s.writeBytes(w, r, status, "application/json", buf.Bytes(), cacheControl)
}

// writeBytes writes body with the caching headers described in writeJSON.
func (s *server) writeBytes(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte, cacheControl string) error {
	h := w.Header()
	if status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		sum := sha256.Sum256(body)
		etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
		h.Set("ETag", etag)
		if cacheControl != "" {
			h.Set("Cache-Control", cacheControl)
		}
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	h.Set("Content-Type", contentType)
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return nil
}

// etagMatches implements the weak comparison of If-None-Match (RFC 9110
// section 13.1.2) against one strong ETag.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	return slices.ContainsFunc(strings.Split(header, ","), func(t string) bool {
		return strings.TrimPrefix(strings.TrimSpace(t), "W/") == etag
	})
}
