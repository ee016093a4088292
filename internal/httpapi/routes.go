package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// maxUpload is the largest Excel file accepted (100,000 rows fit well within it).
const maxUpload = 64 << 20

// op describes one operation; the table below is every route of the API.
func op(id, method, path, tag, summary string) huma.Operation {
	return huma.Operation{OperationID: id, Method: method, Path: path, Tags: []string{tag}, Summary: summary}
}

func created(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }

func (s *Server) routes() {
	api := s.API

	huma.Register(api, op("get-meta", http.MethodGet, "/api/v1/meta", "Meta", "Codes and labels: area and unit kinds, classes, standards, indicators, causes, flags"), s.getMeta)

	huma.Register(api, op("list-areas", http.MethodGet, "/api/v1/areas", "Areas", "List areas (top of the tree, children of an area, or a search) with household counts"), s.listAreas)
	huma.Register(api, created(op("create-area", http.MethodPost, "/api/v1/areas", "Areas", "Create an area")), s.createArea)
	huma.Register(api, op("get-area", http.MethodGet, "/api/v1/areas/{id}", "Areas", "An area with its ancestors and household totals"), s.getArea)
	huma.Register(api, op("update-area", http.MethodPut, "/api/v1/areas/{id}", "Areas", "Change an area (optimistic concurrency by version)"), s.updateArea)
	huma.Register(api, op("reparent-area", http.MethodPost, "/api/v1/areas/{id}/reparent", "Areas", "Move an area under another parent from a date"), s.reparentArea)
	huma.Register(api, op("merge-area", http.MethodPost, "/api/v1/areas/{id}/merge", "Areas", "Merge an area into another from a date"), s.mergeArea)
	huma.Register(api, op("area-history", http.MethodGet, "/api/v1/areas/{id}/history", "Areas", "Dated parent history of an area"), s.areaHistory)
	huma.Register(api, op("set-area-total", http.MethodPut, "/api/v1/areas/{id}/totals/{year}", "Areas", "Set an area's total number of households for a year"), s.setAreaTotal)
	huma.Register(api, op("reconcile-area", http.MethodGet, "/api/v1/areas/{id}/reconciliation", "Areas", "Yearly reconciliation: start + new + re-fallen − escaped = end"), s.reconcileArea)

	huma.Register(api, op("list-units", http.MethodGet, "/api/v1/units", "Units", "List responsible units"), s.listUnits)
	huma.Register(api, created(op("create-unit", http.MethodPost, "/api/v1/units", "Units", "Create a responsible unit")), s.createUnit)
	huma.Register(api, op("get-unit", http.MethodGet, "/api/v1/units/{id}", "Units", "A responsible unit"), s.getUnit)
	huma.Register(api, op("update-unit", http.MethodPut, "/api/v1/units/{id}", "Units", "Change a unit (optimistic concurrency by version)"), s.updateUnit)
	huma.Register(api, op("archive-unit", http.MethodPost, "/api/v1/units/{id}/archive", "Units", "Archive a unit"), s.archiveUnit)

	// Fixed paths before /households/{id}, which would otherwise match them.
	huma.Register(api, op("households-import-template", http.MethodGet, "/api/v1/households/import-template.xlsx", "Excel", "Download the household import template"), s.importTemplate)
	huma.Register(api, op("households-export", http.MethodGet, "/api/v1/households/export.xlsx", "Excel", "Export the filtered household list as .xlsx"), s.exportHouseholds)
	importOp := op("households-import", http.MethodPost, "/api/v1/households/import", "Excel", "Import households from .xlsx (dry_run=true checks and writes nothing)")
	importOp.MaxBodyBytes = maxUpload
	huma.Register(api, importOp, s.importHouseholds)

	huma.Register(api, op("list-households", http.MethodGet, "/api/v1/households", "Households", "List households with filters, search, sorting and paging"), s.listHouseholds)
	huma.Register(api, created(op("create-household", http.MethodPost, "/api/v1/households", "Households", "Register a household")), s.createHousehold)
	huma.Register(api, op("get-household", http.MethodGet, "/api/v1/households/{id}", "Households", "A household with its area, classifications and events"), s.getHousehold)
	huma.Register(api, op("update-household", http.MethodPut, "/api/v1/households/{id}", "Households", "Change a household (a stale version gets 409)"), s.updateHousehold)
	huma.Register(api, op("archive-household", http.MethodPost, "/api/v1/households/{id}/archive", "Households", "Archive a household (never deleted)"), s.archiveHousehold)
	huma.Register(api, created(op("record-household-event", http.MethodPost, "/api/v1/households/{id}/events", "Households", "Record a change of classification (di biến động)")), s.recordEvent)
	huma.Register(api, op("classify", http.MethodPost, "/api/v1/classify", "Households", "Classify from a standard, income and deprivations"), s.classify)
	huma.Register(api, op("list-assignments", http.MethodGet, "/api/v1/households/{id}/assignments", "Assignments", "Who is in charge of a household, current and past"), s.listAssignments)
	huma.Register(api, created(op("assign-household", http.MethodPost, "/api/v1/households/{id}/assignments", "Assignments", "Assign a household to a unit or a person")), s.assignHousehold)

	huma.Register(api, op("assign-bulk-preview", http.MethodPost, "/api/v1/assignments/bulk/preview", "Assignments", "What a bulk assignment would do: households matching, already with the unit, leaving another primary unit (writes nothing)"), s.previewBulk)
	huma.Register(api, op("assign-bulk", http.MethodPost, "/api/v1/assignments/bulk", "Assignments", "Give every household matching a filter to a unit, as primary or supporting unit (all or nothing)"), s.assignBulk)
	huma.Register(api, op("unit-members", http.MethodGet, "/api/v1/units/{id}/members", "Assignments", "A unit's members and how many households each has in charge"), s.unitMembers)
	huma.Register(api, op("unit-households", http.MethodGet, "/api/v1/units/{id}/households", "Assignments", "A unit's households, each with its person in charge"), s.unitHouseholds)
	huma.Register(api, op("unit-areas", http.MethodGet, "/api/v1/units/{id}/areas", "Assignments", "The areas a unit is or was in charge of"), s.unitAreas)
	huma.Register(api, op("set-unit-area", http.MethodPost, "/api/v1/units/{id}/areas", "Assignments", "Put a unit in charge of an area from a day, or end it"), s.setUnitArea)
	huma.Register(api, op("spread-unit-preview", http.MethodPost, "/api/v1/units/{id}/spread/preview", "Assignments", "What sharing a unit's households would do: people needed for the 5–7 norm, households each (writes nothing)"), s.previewSpread)
	huma.Register(api, op("spread-unit", http.MethodPost, "/api/v1/units/{id}/spread", "Assignments", "Share a unit's households evenly among its members"), s.spreadUnit)

	huma.Register(api, op("assignments-import-template", http.MethodGet, "/api/v1/assignments/import-template.xlsx", "Assignments", "Download the assignment template"), s.assignmentTemplate)
	assignImport := op("assignments-import", http.MethodPost, "/api/v1/assignments/import", "Assignments", "Import assignments from .xlsx; created = assignments made (dry_run=true checks and writes nothing)")
	assignImport.MaxBodyBytes = maxUpload
	huma.Register(api, assignImport, s.importAssignments)

	huma.Register(api, op("list-audit", http.MethodGet, "/api/v1/audit", "Audit", "The audit trail within your scope, newest first"), s.listAudit)
	huma.Register(api, op("list-jobs", http.MethodGet, "/api/v1/jobs", "Jobs", "The scheduled jobs, when each is next due, and the latest runs (whole-country admins)"), s.listJobs)
	s.accountRoutes()
	s.supportRoutes()
	// Before /tasks/{id}, which would match it.
	huma.Register(api, op("tasks-export", http.MethodGet, "/api/v1/tasks/export.xlsx", "Tasks", "Export the tasks you see, with the list's filters, as .xlsx"), s.exportTasks)
	s.planRoutes()
	s.reportRoutes()
	s.calendarRoutes()
}
