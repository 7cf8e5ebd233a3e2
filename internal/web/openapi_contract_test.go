package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"path"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// contract checks requests and answers against the served OpenAPI
// document with kin-openapi, a validator of its own.
type contract struct {
	t      *testing.T
	app    *webtest.App
	doc    *openapi3.T
	router routers.Router
	seen   map[string]bool // operationIds exercised
}

// example builds a value from schema s: its example, or an object of its
// properties that have one (and its required ones), or an array of one.
func example(s *openapi3.SchemaRef) any {
	if s == nil || s.Value == nil {
		return nil
	}
	v := s.Value
	switch {
	case v.Example != nil:
		return v.Example
	case len(v.OneOf) > 0:
		return example(v.OneOf[0])
	case v.Type.Is("object"):
		out := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(v.Properties)) {
			if x := example(v.Properties[name]); x != nil {
				out[name] = x
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case v.Type.Is("array"):
		if x := example(v.Items); x != nil {
			return []any{x}
		}
	}
	return nil
}

// body is the example body of an operation, with over applied (a nil
// value deletes the field).
func (c *contract) body(method, path string, over map[string]any) map[string]any {
	op := c.doc.Paths.Find(path).GetOperation(method)
	b, _ := example(op.RequestBody.Value.Content.Get("application/json").Schema).(map[string]any)
	for k, v := range over {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// call sends a request; the document must accept it when docOK, and
// refuse it otherwise. The answer must have status want and match the
// document's response for it.
func (c *contract) call(method, path, token string, body any, contentType string, docOK bool, want int) map[string]any {
	t := c.t
	t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, _ := http.NewRequest(method, c.app.URL+path, bytes.NewReader(raw))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s is not in the document: %v", method, path, err)
	}
	c.seen[route.Operation.OperationID] = true
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	err = openapi3filter.ValidateRequest(context.Background(), in)
	if docOK && err != nil {
		t.Errorf("%s %s %s: the document refuses a request the test means to be valid: %v", method, path, raw, err)
	} else if !docOK && err == nil {
		t.Errorf("%s %s %.200s: the document accepts a request the test means to be invalid", method, path, raw)
	}
	req.Body = io.NopCloser(bytes.NewReader(raw)) // the validator read it
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Errorf("%s %s %.200s: %d, want %d\n%.500s", method, path, raw, res.StatusCode, want, data)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader(data)), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s: the answer %d does not match the document: %v\n%.500s", method, path, res.StatusCode, err, data)
	}
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return m
}

// The OpenAPI document is valid for kin-openapi, and every operation in it,
// called with bodies built from its schemas (valid ones and a few invalid
// ones), answers as the document says, status and body.
func TestOpenAPIContract(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	res, raw := app.Get(t, "/api/v1/openapi.json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %d", res.StatusCode)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(raw))
	if err != nil {
		t.Fatalf("load the document: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the document is not valid OpenAPI: %v", err)
	}
	if doc.Info.License == nil || doc.Info.License.Name == "" {
		t.Error("no licence")
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	c := &contract{t: t, app: app, doc: doc, router: router, seen: map[string]bool{}}
	contributor := newToken(t, app.SignIn(t, app.User(t, auth.RoleContributor)), "contract")
	reviewer := newToken(t, app.SignIn(t, app.User(t, auth.RoleReviewer)), "contract")
	const j = "application/json"

	// Reading.
	c.call("GET", "/api/v1/openapi.json", "", nil, "", true, 200)
	c.call("GET", "/api/v1/timelines", "", nil, "", true, 200)
	c.call("GET", "/api/v1/timelines/myanmar-2021", "", nil, "", true, 200)
	c.call("GET", "/api/v1/timelines/no-such", "", nil, "", true, 404)
	page := c.call("GET", "/api/v1/timelines/myanmar-2021/events?limit=2", "", nil, "", true, 200)
	c.call("GET", "/api/v1/timelines/myanmar-2021/events?limit=0", "", nil, "", false, 400)
	c.call("GET", "/api/v1/timelines/myanmar-2021/events?limit=3&cursor=nonsense", "", nil, "", true, 400)
	events, _ := page["events"].([]any)
	if len(events) == 0 {
		t.Fatal("no events")
	}
	first := events[0].(map[string]any)["slug"].(string)
	c.call("GET", "/api/v1/timelines/myanmar-2021/events/"+first, "", nil, "", true, 200)
	c.call("GET", "/api/v1/timelines/myanmar-2021/events/no-such", "", nil, "", true, 404)
	// An event with an uploaded image and a video: the Media schema is
	// closed, so a field it does not list fails here.
	_, withMedia := mediaEvent(t, app)
	got := c.call("GET", "/api/v1/timelines/myanmar-2021/events/"+path.Base(withMedia), "", nil, "", true, 200)
	if media, _ := got["media"].([]any); len(media) != 2 {
		t.Errorf("the event's media in the API: %v, want an image and a video", got["media"])
	}

	// Creating: valid, then invalid in several ways.
	const create = "/api/v1/timelines/myanmar-2021/events"
	body := c.body("POST", "/timelines/{slug}/events", nil)
	made := c.call("POST", create, contributor, body, j, true, 201)
	slug, _ := made["slug"].(string)
	version, _ := made["version"].(float64)
	c.call("POST", create, contributor, c.body("POST", "/timelines/{slug}/events", map[string]any{"title": nil}), j, false, 422)
	c.call("POST", create, contributor, c.body("POST", "/timelines/{slug}/events", map[string]any{"colour": "red"}), j, false, 400)
	c.call("POST", create, contributor, c.body("POST", "/timelines/{slug}/events", map[string]any{"title": 5}), j, false, 400)
	c.call("POST", create, contributor, c.body("POST", "/timelines/{slug}/events", map[string]any{"version": 1}), j, false, 400)
	c.call("POST", create, contributor, c.body("POST", "/timelines/{slug}/events",
		map[string]any{"figures": []any{map[string]any{"metric": "killed", "value": 10_000_000_001, "as_of": "2021", "source_index": 0}}}), j, false, 422)
	c.call("POST", create, "", body, j, true, 401)
	c.call("POST", create, contributor, body, "text/plain", false, 415)
	c.call("POST", "/api/v1/timelines/no-such/events", contributor, body, j, true, 404)

	// Changing it.
	path := create + "/" + slug
	put := c.body("PUT", "/timelines/{slug}/events/{event}", map[string]any{"version": version, "title": "Replaced by PUT"})
	version = c.call("PUT", path, contributor, put, j, true, 200)["version"].(float64)
	c.call("PUT", path, contributor, put, j, true, 409) // stale version
	c.call("PUT", path, contributor, c.body("PUT", "/timelines/{slug}/events/{event}", map[string]any{"version": nil}), j, false, 422)
	c.call("PUT", path, contributor, c.body("PUT", "/timelines/{slug}/events/{event}", map[string]any{"version": version, "timelines": []any{"x"}}), j, false, 400)
	version = c.call("PATCH", path, contributor, map[string]any{"version": version, "title": "Changed by PATCH"}, j, true, 200)["version"].(float64)
	c.call("PATCH", path, contributor, map[string]any{"title": "No version"}, j, false, 422)
	c.call("PATCH", create+"/no-such", contributor, map[string]any{"version": 1}, j, true, 404)

	// Its workflow.
	version = c.call("POST", path+"/submit", contributor, map[string]any{"version": version}, j, true, 200)["version"].(float64)
	c.call("POST", path+"/publish", contributor, map[string]any{"version": version}, j, true, 403)
	c.call("POST", path+"/publish", reviewer, map[string]any{"version": version, "extra": 1}, j, false, 400)
	version = c.call("POST", path+"/publish", reviewer, map[string]any{"version": version}, j, true, 200)["version"].(float64)
	c.call("POST", path+"/retract", reviewer, map[string]any{"version": version}, j, false, 422)
	c.call("POST", path+"/retract", reviewer, map[string]any{"version": version, "reason": "Duplicate"}, j, true, 200)

	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !c.seen[op.OperationID] {
				t.Errorf("%s %s (%s) was not exercised", method, p, op.OperationID)
			}
		}
	}
}
