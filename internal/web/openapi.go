package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// openAPIPaths describes every route of the API, relative to /api/v1. A
// test walks Echo's routes and fails when one is missing here.
var openAPIPaths = map[string]any{
	"/openapi.json": map[string]any{"get": op("openapi", "This document", nil, "The OpenAPI 3 description of the API", obj(nil))},
	"/timelines": map[string]any{"get": op("listTimelines", "Public timelines", nil,
		"Public timelines that have published events, most recently updated first",
		required(obj(map[string]any{"timelines": arr(ref("Timeline"))}), "timelines"))},
	"/timelines/{slug}": map[string]any{"get": op("getTimeline", "One public timeline", []any{slugParam},
		"The timeline with the categories and actors of its public events, and its eras", ref("TimelineDetail"))},
	"/timelines/{slug}/events": map[string]any{"get": op("listEvents", "A timeline's published events, oldest first",
		[]any{slugParam,
			query("category", "Only events of these categories (slugs; repeat or comma-separate)", arr(str())),
			query("actor", "Only events involving these actors (slugs; repeat or comma-separate)", arr(str())),
			query("place", "Only events at these places (place keys, as in the timeline page's ?place=; repeat or comma-separate)", arr(str())),
			query("from", "Only events that end on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)", str()),
			query("to", "Only events that start on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)", str()),
			query("limit", "Events per page, 1 to 200 (default 50)", map[string]any{"type": "integer", "minimum": 1, "maximum": 200}),
			query("cursor", "The next_cursor of the previous page", str()),
		},
		"A page of events; next_cursor and links.next lead to the next page and are absent on the last",
		ref("EventList"))},
	"/timelines/{slug}/events/{event}": map[string]any{"get": op("getEvent", "One published event",
		[]any{slugParam, map[string]any{"name": "event", "in": "path", "required": true, "description": "The event's slug", "schema": str()}},
		"The event with its sources and figures", ref("Event"))},
}

var openAPISchemas = map[string]any{
	"Timeline": required(obj(map[string]any{
		"slug": str(), "title": str(), "summary": desc(str(), "Markdown"), "language": str(),
		"event_count": integer(), "first_year": integer(), "last_year": integer(),
		"updated_at": map[string]any{"type": "string", "format": "date-time"},
		"links": required(obj(map[string]any{"self": str(), "events": str(), "html": str(), "json": str(), "csv": str(), "atom": str()}),
			"self", "events", "html", "json", "csv", "atom"),
	}), "slug", "title", "summary", "language", "event_count", "updated_at", "links"),
	"TimelineDetail": map[string]any{"allOf": []any{ref("Timeline"), required(obj(map[string]any{
		"summary_html": str(), "categories": arr(ref("Named")), "actors": arr(ref("Named")),
		"eras": desc(arr(ref("Era")), "The timeline's named periods, oldest first"),
	}), "summary_html", "categories", "actors", "eras")}},
	"Era": desc(required(obj(map[string]any{
		"title": str(), "summary": desc(str(), "Markdown"), "summary_html": desc(str(), "Sanitised HTML"),
		"start": ref("Date"), "end": ref("Date"),
		"url": desc(str(), "The timeline page opening at the era's start"),
	}), "title", "summary", "summary_html", "start", "end", "url"), "A named period of the timeline, such as \"Clearance operations\""),
	"Named": required(obj(map[string]any{"slug": str(), "name": str(), "kind": str()}), "slug", "name"),
	"Date": desc(required(obj(map[string]any{
		"date":      desc(str(), "ISO date at its own precision: 2021, 2021-05 or 2021-02-01"),
		"precision": map[string]any{"type": "string", "enum": []string{"year", "month", "day"}},
		"time":      desc(str(), "Optional local time of day where the event happened, HH:MM (no time zone); only with a day"),
		"text":      desc(str(), "As written for readers: May 2021, or 1 February 2021, 03:00"),
	}), "date", "precision", "text"), "A date known to a year, a month or a day; no part that is not known is ever given"),
	"Source": desc(obj(map[string]any{
		"confidential": desc(map[string]any{"type": "boolean"}, "A confidential source is on file; nothing else about it is published"),
		"title":        str(), "publisher": str(), "published": str(), "url": str(), "archive_url": str(),
		"kind": str(), "language": str(), "locator": str(), "note": str(),
	}), "A source; a confidential one has only confidential: true"),
	"Figure": required(obj(map[string]any{
		"metric": str(), "value": figureValue(), "phrase": desc(str(), "at least 64"),
		"qualifier": map[string]any{"type": "string", "enum": []string{"exact", "at_least", "more_than", "about", "nearly", "up_to"}},
		"scope":     map[string]any{"type": "string", "enum": []string{"event", "cumulative"}},
		"as_of":     str(), "source": ref("Source"), "attribution": str(), "note": str(),
	}), "metric", "value", "qualifier", "phrase", "scope", "as_of", "source"),
	"Event": required(obj(map[string]any{
		"slug": str(), "title": str(), "summary": desc(str(), "Markdown"), "summary_html": desc(str(), "Sanitised HTML"),
		"start": ref("Date"), "end": ref("Date"), "category": ref("Named"),
		"actors":  arr(required(obj(map[string]any{"slug": str(), "name": str(), "kind": str(), "role": str()}), "slug", "name", "kind")),
		"place":   required(obj(map[string]any{"name": str(), "country": str(), "lat": num(), "lon": num()}), "name"),
		"sources": arr(ref("Source")), "figures": arr(ref("Figure")),
		"media":      desc(arr(ref("Media")), "Images and video links, in the order the event's page shows them"),
		"updated_at": map[string]any{"type": "string", "format": "date-time"},
		"url":        desc(str(), "The event's permalink"),
	}), "slug", "title", "summary", "summary_html", "start", "category", "actors", "sources", "figures", "media", "updated_at", "url"),
	// Closed: a field the document does not list (a staff-only one) fails
	// the contract test instead of passing unnoticed.
	"Media": desc(closed(required(obj(map[string]any{
		"kind":     map[string]any{"type": "string", "enum": []string{"image", "video"}},
		"url":      desc(str(), "A video's or a linked image's address, or an uploaded image's largest width on this site"),
		"provider": desc(str(), "A video's provider: YouTube, Vimeo, Facebook, TikTok, X or Telegram"),
		"uploaded": desc(map[string]any{"type": "boolean"}, "An image stored by this site (metadata removed), given at several widths"),
		"widths": desc(arr(closed(required(obj(map[string]any{"url": str(), "width": integer(), "height": integer()}),
			"url", "width", "height"))), "An uploaded image's stored widths, smallest first"),
		"srcset":  desc(str(), "The widths as the srcset of an <img>"),
		"src":     desc(str(), "The width for the src of an <img> (a middle one)"),
		"alt":     desc(str(), "What an image shows, for people who cannot see it"),
		"caption": str(), "credit": str(),
		"sensitive": desc(map[string]any{"type": "boolean"}, "A distressing image: show it blurred behind a notice until the reader chooses to see it"),
	}), "kind", "url", "uploaded", "sensitive")), "An image or a video link of an event; a video loads nothing from its provider until the reader follows the link"),
	"EventList": required(obj(map[string]any{"timeline": str(), "events": arr(ref("Event")), "next_cursor": str(),
		"links": obj(map[string]any{"next": str()})}), "timeline", "events", "links"),
	"Error": required(obj(map[string]any{"error": required(obj(map[string]any{"status": integer(), "message": str(),
		"problems": desc(arr(required(obj(map[string]any{
			"field":   desc(str(), "The field at fault, as in the body: title, start, sources[1].url, figures[0].value; empty for the body as a whole"),
			"message": str(),
		}), "field", "message")), "Every problem found, by field (on 400 and 422)")}), "status", "message")}), "error"),
}

// figureValue is a figure's count: a whole number from 0 to
// timeline.MaxFigureValue.
func figureValue() map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "minimum": 0, "maximum": timeline.MaxFigureValue}
}

var slugParam = map[string]any{"name": "slug", "in": "path", "required": true, "description": "The timeline's slug", "schema": str()}

func op(id, summary string, params []any, okDescription string, schema any) map[string]any {
	o := map[string]any{
		"operationId": id,
		"summary":     summary,
		"security":    []any{}, // public: no token
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

// required lists the properties o always has.
func required(o map[string]any, names ...string) map[string]any {
	o["required"] = names
	return o
}

// closed refuses properties o does not list, as the server does.
func closed(o map[string]any) map[string]any {
	o["additionalProperties"] = false
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
			"title":   "Annals API",
			"version": "1",
			// Annals has not chosen a licence; the data is the publishing
			// organisation's, under the terms of its site.
			"license":     map[string]any{"name": "The terms of the site that publishes this data", "url": base + "/"},
			"description": "JSON for the public data of Annals: public timelines and their published events, with sources and figures. Confidential sources appear only as {\"confidential\": true}. Events come a page at a time, oldest first; follow next_cursor. Reading needs no account. Writing (POST, PUT, PATCH) needs a staff member's API token (Authorization: Bearer ...) and follows the staff workflow: new events are drafts, a reviewer publishes, every write is a revision by the token's account, and a stale version is refused with 409. GET routes never show drafts, with or without a token.",
		},
		"servers": []any{map[string]any{"url": base + "/api/v1"}},
		"paths":   openAPIAllPaths(),
		"components": map[string]any{"schemas": openAPIAllSchemas(), "securitySchemes": map[string]any{
			"token": map[string]any{"type": "http", "scheme": "bearer",
				"description": "A personal API token made at /staff/tokens (annals_...). It acts as its account, with the account's role; it stops working when revoked, expired or when the account is disabled."},
		}},
	}
}

func (s *Server) openAPI(c echo.Context) error {
	return c.JSON(http.StatusOK, OpenAPI(s.baseURL(c)))
}

// openAPIWritePaths describes the routes that write with an API token
// (api_write.go), merged with openAPIPaths.
var openAPIWritePaths = map[string]map[string]any{
	"/timelines/{slug}/events": {"post": writeOp("createEvent", "Create an event on the timeline (a draft, or in review with submit: true)",
		[]any{slugParam}, ref("EventCreate"), "201", "Created; Location is the event's API address", true)},
	"/timelines/{slug}/events/{event}": {
		"put": writeOp("replaceEvent", "Save a new version of an event, replacing every field (a published event gets a pending edit that needs review)",
			[]any{slugParam, eventParam}, ref("EventReplace"), "200", "Saved", false),
		"patch": writeOp("updateEvent", "Save a new version of an event, changing only the fields given (arrays are replaced whole)",
			[]any{slugParam, eventParam}, ref("EventPatch"), "200", "Saved", false),
	},
	"/timelines/{slug}/events/{event}/submit": {"post": writeOp("submitEvent", "Submit a draft for review (any staff role)",
		[]any{slugParam, eventParam}, ref("ActionInput"), "200", "Submitted", false)},
	"/timelines/{slug}/events/{event}/publish": {"post": writeOp("publishEvent",
		"Publish work in review (reviewer, editor or admin; not one's own change unless self-publishing is allowed)",
		[]any{slugParam, eventParam}, ref("ActionInput"), "200", "Published", false)},
	"/timelines/{slug}/events/{event}/retract": {"post": writeOp("retractEvent",
		"Retract a published event; the reason is required and shown in the history (reviewer, editor or admin)",
		[]any{slugParam, eventParam}, ref("RetractInput"), "200", "Retracted", false)},
}

var eventParam = map[string]any{"name": "event", "in": "path", "required": true, "description": "The event's slug", "schema": str()}

var openAPIWriteSchemas = map[string]any{
	"DateInput": desc(map[string]any{"oneOf": []any{
		desc(str(), "2021, 2021-05 or 2021-05-14 (the precision is what is written)"),
		closed(required(obj(map[string]any{
			"date":      desc(str(), "2021, 2021-05 or 2021-05-14"),
			"precision": map[string]any{"type": "string", "enum": []string{"year", "month", "day"}, "description": "Optional; must agree with date"},
			"time":      desc(str(), "Optional local time of day where it happened, HH:MM (14:30 or 2:30 PM read too); needs a day date"),
		}), "date")),
	}, "example": "2021-03-05"}, "A date as a string, or as annals/v1 writes it: {\"date\": \"2021-02-01\", \"precision\": \"day\", \"time\": \"03:00\"}"),
	"EventCreate": desc(closed(required(obj(eventInputFields(false, true)), "title", "start", "category")),
		"A new event. Unknown fields are refused (400)"),
	"EventReplace": desc(closed(required(obj(eventInputFields(true, false)), "version", "title", "start", "category")),
		"Every field of an event (PUT); visibility is kept when absent. Unknown fields are refused (400)"),
	"EventPatch": desc(closed(required(obj(eventInputFields(true, false)), "version")),
		"The fields to change (PATCH); arrays are replaced whole. Unknown fields are refused (400)"),
	"ActionInput": closed(required(obj(map[string]any{
		"version": example(desc(integer(), "The version last seen"), 1),
		"reason":  example(desc(str(), "Why; kept in the history"), "Checked against the sources"),
	}), "version")),
	"RetractInput": closed(required(obj(map[string]any{
		"version": example(desc(integer(), "The version last seen"), 1),
		"reason":  example(map[string]any{"type": "string", "minLength": 1, "description": "Why it is retracted; shown in the history"}, "Duplicate of another event"),
	}), "version", "reason")),
	"WriteResult": required(obj(map[string]any{
		"id": integer(), "slug": str(), "version": desc(integer(), "Send it with the next write"),
		"status":      desc(str(), "Of the work: draft, in_review, published or retracted"),
		"live_status": desc(str(), "Of what the public sees"),
		"pending":     desc(map[string]any{"type": "boolean"}, "The work is an edit of a published event, not yet public"),
		"visibility":  str(), "timelines": arr(str()),
		"event": desc(ref("Event"), "The work as it now is (the public GET routes show it only once published)"),
		"links": required(obj(map[string]any{"self": str(), "staff": str(), "history": desc(str(), "Its revisions, in the staff UI"), "public": str()}),
			"self", "staff", "history"),
	}), "id", "slug", "version", "status", "live_status", "pending", "visibility", "timelines", "event", "links"),
}

// eventInputFields are the fields of an event's body: with version on PUT
// and PATCH, with timelines on create. The examples make a valid event on
// the demo timeline.
func eventInputFields(version, timelines bool) map[string]any {
	f := map[string]any{
		"slug":       desc(str(), "Optional; made from the title when absent. A published event keeps its slug"),
		"title":      example(str(), "Soldiers fire on a march"),
		"summary":    example(desc(str(), "Markdown"), "What happened, in **Markdown**."),
		"start":      ref("DateInput"),
		"end":        desc(ref("DateInput"), "Optional, like start"),
		"category":   example(desc(str(), "A category slug"), "casualties"),
		"place":      closed(required(obj(map[string]any{"name": example(str(), "Yangon"), "country": example(desc(str(), "An assigned ISO 3166-1 alpha-2 code"), "MM"), "lat": num(), "lon": num()}), "name")),
		"visibility": map[string]any{"type": "string", "enum": []string{"public", "internal"}, "description": "Default public"},
		"actors":     arr(closed(required(obj(map[string]any{"slug": example(desc(str(), "An actor slug"), "tatmadaw"), "role": example(str(), "perpetrator")}), "slug"))),
		"sources": arr(desc(closed(obj(map[string]any{
			"id":  desc(integer(), "A library source; the other fields but locator and note are then ignored"),
			"url": example(str(), "https://example.org/report"), "title": example(str(), "A report"), "publisher": example(str(), "Example News"),
			"published": example(desc(str(), "A date like start"), "2021-03-06"),
			"kind":      example(str(), "news"), "archive_url": str(), "language": str(), "confidential": map[string]any{"type": "boolean"},
			"locator": example(desc(str(), "Page, paragraph or timestamp"), "para. 2"), "note": desc(str(), "What the source supports"),
		})), "A library source by id, or a new source (added to the library; a URL already there cites that source)")),
		"figures": arr(closed(required(obj(map[string]any{
			"metric": example(str(), "killed"), "value": example(figureValue(), 12),
			"qualifier":    map[string]any{"type": "string", "enum": []string{"exact", "at_least", "more_than", "about", "nearly", "up_to"}, "example": "at_least"},
			"scope":        map[string]any{"type": "string", "enum": []string{"event", "cumulative"}},
			"as_of":        example(desc(str(), "A date like start"), "2021-03-05"),
			"source_index": example(desc(map[string]any{"type": "integer", "minimum": 0}, "The source of the count: an index into this event's sources (from 0)"), 0),
			"source_id":    desc(map[string]any{"type": "integer", "minimum": 1}, "Or a library source by id"),
			"attribution":  str(), "note": str(),
		}), "metric", "value", "as_of"))),
		"submit": desc(map[string]any{"type": "boolean"}, "Also submit for review"),
		"reason": example(desc(str(), "Why; kept in the history"), "From the API"),
	}
	if version {
		f["version"] = example(desc(integer(), "The version last seen (every write answers with the new one)"), 1)
	}
	if timelines {
		f["timelines"] = desc(arr(str()), "Further timelines to put the event on")
	}
	return f
}

func example(m map[string]any, v any) map[string]any {
	m["example"] = v
	return m
}

func writeOp(id, summary string, params []any, body any, okStatus, okDescription string, created bool) map[string]any {
	ok := map[string]any{"description": okDescription, "content": map[string]any{"application/json": map[string]any{"schema": ref("WriteResult")}}}
	if created {
		ok["headers"] = map[string]any{"Location": map[string]any{"description": "The event's API address", "schema": str()}}
	}
	return map[string]any{
		"operationId": id,
		"summary":     summary,
		"parameters":  params,
		"security":    []any{map[string]any{"token": []any{}}},
		"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": body}}},
		"responses": map[string]any{
			okStatus: ok,
			"400":    errorResponse("The body is not JSON, or a field has the wrong type or is unknown (named in problems)"),
			"401":    errorResponse("No token, or a token that is unknown, revoked or expired, or whose account is disabled (with WWW-Authenticate: Bearer)"),
			"403":    errorResponse("The token's account may not do this (its role, or publishing its own change)"),
			"404":    errorResponse("There is no such timeline, or no such event on it"),
			"409":    errorResponse("The version is stale (someone else saved first), or the step does not apply to the event's status; nothing changed"),
			"413":    errorResponse("The body is larger than 1 MB"),
			"415":    errorResponse("The body is not sent as JSON (Content-Type: application/json)"),
			"422":    errorResponse("The event is not valid; problems names each field; nothing was written"),
		},
	}
}

// openAPIAllPaths merges the read and write routes.
func openAPIAllPaths() map[string]any {
	out := map[string]any{}
	for path, item := range openAPIPaths {
		ops := map[string]any{}
		for k, v := range item.(map[string]any) {
			ops[k] = v
		}
		out[path] = ops
	}
	for path, item := range openAPIWritePaths {
		ops, _ := out[path].(map[string]any)
		if ops == nil {
			ops = map[string]any{}
		}
		for k, v := range item {
			ops[k] = v
		}
		out[path] = ops
	}
	return out
}

func openAPIAllSchemas() map[string]any {
	out := map[string]any{}
	for k, v := range openAPISchemas {
		out[k] = v
	}
	for k, v := range openAPIWriteSchemas {
		out[k] = v
	}
	return out
}
