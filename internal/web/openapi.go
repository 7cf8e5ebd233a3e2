package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIPaths describes every route of the API, relative to /api/v1. A
// test walks Echo's routes and fails when one is missing here.
var openAPIPaths = map[string]any{
	"/openapi.json": map[string]any{"get": op("openapi", "This document", nil, "The OpenAPI 3 description of the API", obj(nil))},
	"/timelines": map[string]any{"get": op("listTimelines", "Public timelines", nil,
		"Public timelines that have published events, most recently updated first",
		obj(map[string]any{"timelines": arr(ref("Timeline"))}))},
	"/timelines/{slug}": map[string]any{"get": op("getTimeline", "One public timeline", []any{slugParam},
		"The timeline with the categories and actors of its public events", ref("TimelineDetail"))},
	"/timelines/{slug}/events": map[string]any{"get": op("listEvents", "A timeline's published events, oldest first",
		[]any{slugParam,
			query("category", "Only events of these categories (slugs; repeat or comma-separate)", arr(str())),
			query("actor", "Only events involving these actors (slugs; repeat or comma-separate)", arr(str())),
			query("from", "Only events that end on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)", str()),
			query("to", "Only events that start on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)", str()),
			query("limit", "Events per page, 1 to 200 (default 50)", map[string]any{"type": "integer", "minimum": 1, "maximum": 200}),
			query("cursor", "The next_cursor of the previous page", str()),
		},
		"A page of events; next_cursor and links.next lead to the next page and are absent on the last",
		obj(map[string]any{"timeline": str(), "events": arr(ref("Event")), "next_cursor": str(),
			"links": obj(map[string]any{"next": str()})}))},
	"/timelines/{slug}/events/{event}": map[string]any{"get": op("getEvent", "One published event",
		[]any{slugParam, map[string]any{"name": "event", "in": "path", "required": true, "description": "The event's slug", "schema": str()}},
		"The event with its sources and figures", ref("Event"))},
}

var openAPISchemas = map[string]any{
	"Timeline": obj(map[string]any{
		"slug": str(), "title": str(), "summary": desc(str(), "Markdown"), "language": str(),
		"event_count": integer(), "first_year": integer(), "last_year": integer(),
		"updated_at": map[string]any{"type": "string", "format": "date-time"},
		"links":      obj(map[string]any{"self": str(), "events": str(), "html": str(), "json": str(), "csv": str(), "atom": str()}),
	}),
	"TimelineDetail": map[string]any{"allOf": []any{ref("Timeline"), obj(map[string]any{
		"summary_html": str(), "categories": arr(ref("Named")), "actors": arr(ref("Named")),
	})}},
	"Named": obj(map[string]any{"slug": str(), "name": str(), "kind": str()}),
	"Date": desc(obj(map[string]any{
		"date":      desc(str(), "ISO date at its own precision: 2021, 2021-05 or 2021-02-01"),
		"precision": map[string]any{"type": "string", "enum": []string{"year", "month", "day"}},
		"text":      desc(str(), "As written for readers: May 2021"),
	}), "A date known to a year, a month or a day; no part that is not known is ever given"),
	"Source": desc(obj(map[string]any{
		"confidential": desc(map[string]any{"type": "boolean"}, "A confidential source is on file; nothing else about it is published"),
		"title":        str(), "publisher": str(), "published": str(), "url": str(), "archive_url": str(),
		"kind": str(), "language": str(), "locator": str(), "note": str(),
	}), "A source; a confidential one has only confidential: true"),
	"Figure": obj(map[string]any{
		"metric": str(), "value": integer(), "phrase": desc(str(), "at least 64"),
		"qualifier": map[string]any{"type": "string", "enum": []string{"exact", "at_least", "more_than", "about", "nearly", "up_to"}},
		"scope":     map[string]any{"type": "string", "enum": []string{"event", "cumulative"}},
		"as_of":     str(), "source": ref("Source"), "attribution": str(), "note": str(),
	}),
	"Event": obj(map[string]any{
		"slug": str(), "title": str(), "summary": desc(str(), "Markdown"), "summary_html": desc(str(), "Sanitised HTML"),
		"start": ref("Date"), "end": ref("Date"), "category": ref("Named"),
		"actors":  arr(obj(map[string]any{"slug": str(), "name": str(), "kind": str(), "role": str()})),
		"place":   obj(map[string]any{"name": str(), "country": str(), "lat": num(), "lon": num()}),
		"sources": arr(ref("Source")), "figures": arr(ref("Figure")),
		"updated_at": map[string]any{"type": "string", "format": "date-time"},
		"url":        desc(str(), "The event's permalink"),
	}),
	"Error": obj(map[string]any{"error": obj(map[string]any{"status": integer(), "message": str()})}),
}

var slugParam = map[string]any{"name": "slug", "in": "path", "required": true, "description": "The timeline's slug", "schema": str()}

func op(id, summary string, params []any, okDescription string, schema any) map[string]any {
	o := map[string]any{
		"operationId": id,
		"summary":     summary,
		"responses": map[string]any{
			"200": map[string]any{"description": okDescription, "content": map[string]any{"application/json": map[string]any{"schema": schema}}},
			"400": errorResponse("The query is not valid (a bad filter, limit or cursor)"),
			"404": errorResponse("There is no such public timeline or event"),
		},
	}
	if params != nil {
		o["parameters"] = params
	}
	return o
}

func errorResponse(d string) map[string]any {
	return map[string]any{"description": d, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
}

func query(name, d string, schema any) map[string]any {
	p := map[string]any{"name": name, "in": "query", "description": d, "schema": schema}
	if m, ok := schema.(map[string]any); ok && m["type"] == "array" {
		p["style"], p["explode"] = "form", true
	}
	return p
}

func obj(props map[string]any) map[string]any {
	o := map[string]any{"type": "object"}
	if props != nil {
		o["properties"] = props
	}
	return o
}
func arr(items any) map[string]any   { return map[string]any{"type": "array", "items": items} }
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
func str() map[string]any            { return map[string]any{"type": "string"} }
func integer() map[string]any        { return map[string]any{"type": "integer"} }
func num() map[string]any            { return map[string]any{"type": "number"} }
func desc(m map[string]any, d string) map[string]any {
	m["description"] = d
	return m
}

// OpenAPI returns the OpenAPI 3 document of the API served at base.
func OpenAPI(base string) map[string]any {
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Annals API",
			"version":     "1",
			"description": "Read-only JSON for the public data of Annals: public timelines and their published events, with sources and figures. Confidential sources appear only as {\"confidential\": true}. Events come a page at a time, oldest first; follow next_cursor.",
		},
		"servers":    []any{map[string]any{"url": base + "/api/v1"}},
		"paths":      openAPIPaths,
		"components": map[string]any{"schemas": openAPISchemas},
	}
}

func (s *Server) openAPI(c echo.Context) error {
	return c.JSON(http.StatusOK, OpenAPI(s.baseURL(c)))
}
