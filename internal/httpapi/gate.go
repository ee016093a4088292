package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// rule is the coarse permission of an operation, checked before the request
// is parsed: does the caller hold the right anywhere at all? Whether it holds
// it on the area of the thing touched is the service's check (a 404 or 403).
type rule string

const (
	public        rule = "public"         // no sign-in
	signedIn      rule = "signed_in"      // any signed-in user
	readHousehold rule = "read_household" // a role that reads households somewhere, or a unit membership
	writeRegister rule = "write_register"
	assignRule    rule = "assign" // the assign right somewhere, or leading a unit
	aggregates    rule = "read_aggregates"
	manageUsers   rule = "manage_accounts"
	managePlans   rule = "manage_plans"   // chairs (assign) and officers (register) enter plans
	operate       rule = "operate"        // whole-country admins: the server's own workings
	lead          rule = "lead"           // leading a unit: its reports are written and sent by its leader
	approve       rule = "approve"        // approving reports somewhere, or leading a unit (a recipient)
	inviteMembers rule = "invite_members" // leading a unit, or managing accounts somewhere
)

// rules gives every operation its rule; an operation missing here is refused
// (and a test fails), so a new route cannot slip through unguarded.
var rules = map[string]rule{
	"get-meta": public, "healthz": public, "readyz": public,

	"list-areas": signedIn, "get-area": signedIn, "area-history": signedIn,
	"create-area": writeRegister, "update-area": writeRegister, "reparent-area": writeRegister,
	"merge-area": writeRegister, "set-area-total": writeRegister,
	"reconcile-area": aggregates,

	"list-units": signedIn, "get-unit": signedIn,
	"create-unit": writeRegister, "update-unit": writeRegister, "archive-unit": writeRegister,

	"households-import-template": writeRegister, "households-import": writeRegister,
	"households-export": readHousehold,
	"list-households":   readHousehold, "get-household": readHousehold,
	"create-household": writeRegister, "update-household": writeRegister, "archive-household": writeRegister,
	"record-household-event": writeRegister,
	"classify":               signedIn,

	"list-assignments": readHousehold, "assign-household": assignRule, "assign-bulk": assignRule, "assign-bulk-preview": assignRule, "spread-unit": assignRule, "spread-unit-preview": assignRule,
	"assignments-import-template": assignRule, "assignments-import": assignRule,
	"tasks-export": readHousehold, "unit-members": readHousehold, "unit-households": readHousehold,
	"unit-areas": signedIn, "set-unit-area": assignRule,
	"list-audit": signedIn,

	"login": public, "reset-request": public, "reset": public, "accept-invite": public,
	"logout": signedIn, "logout-all": signedIn, "get-me": signedIn, "update-me": signedIn, "change-password": signedIn,
	"list-tokens": signedIn, "create-token": signedIn, "revoke-token": signedIn,
	"list-users": manageUsers, "create-user": manageUsers, "get-user": manageUsers, "update-user": manageUsers,
	"resend-invite": manageUsers, "add-grant": manageUsers, "revoke-grant": manageUsers,
	"add-membership": manageUsers, "end-membership": manageUsers,
	"invite-member": inviteMembers,

	// Support and visits: whoever sees households records for them; the service narrows to the household.
	"support-meta": signedIn,
	"list-support": readHousehold, "get-support": readHousehold, "create-support": readHousehold, "update-support": readHousehold,
	"upload-evidence": readHousehold, "list-evidence": readHousehold, "download-evidence": readHousehold,
	"list-visits": readHousehold, "create-visit": readHousehold, "task-support": readHousehold,

	// Plans: everyone reads those of the areas they see; chairs and officers enter them.
	"list-plans": signedIn, "get-plan": signedIn,
	"create-plan": managePlans, "update-plan": managePlans, "archive-plan": managePlans, "set-plan-targets": managePlans,
	"add-duty": managePlans, "update-duty": managePlans, "expand-plan": managePlans,
	"list-tasks": readHousehold, "get-task": readHousehold, "update-task": readHousehold, "list-unvisited-households": readHousehold,

	// Reports: everyone reads those in sight; the reporting unit's leader writes and sends,
	// a recipient (its leader, or a chair of its area) returns, approves and reopens.
	"list-obligations": signedIn, "get-obligation": signedIn, "create-obligation": managePlans, "update-obligation": managePlans,
	"list-reports": signedIn, "get-report": signedIn, "report-events": signedIn, "report-completeness": signedIn,
	"report-pdf": signedIn, "report-xlsx": signedIn, "report-consolidation": signedIn,
	"get-calendar": signedIn, "reset-calendar": signedIn, "calendar-feed": public,
	"save-report": lead, "submit-report": lead,
	"return-report": approve, "approve-report": approve, "reopen-report": approve,

	"list-jobs": operate,
}

// Rules returns the rule table (for the authorization test).
func Rules() map[string]string {
	out := make(map[string]string, len(rules))
	for k, v := range rules {
		out[k] = string(v)
	}
	return out
}

// allows reports whether p passes rule r.
func (r rule) allows(p *access.Principal) bool {
	if r == public {
		return true
	}
	if p == nil {
		return false
	}
	leads := false
	for _, m := range p.Memberships {
		leads = leads || m.Role == access.UnitLeader
	}
	switch r {
	case signedIn:
		return true
	case readHousehold:
		return p.CanSomewhere(access.ReadHouseholds) || len(p.Memberships) > 0
	case writeRegister:
		return p.CanSomewhere(access.WriteRegister)
	case assignRule:
		return p.CanSomewhere(access.Assign) || leads
	case aggregates:
		return p.CanSomewhere(access.ReadAggregates)
	case manageUsers:
		return p.CanSomewhere(access.ManageAccounts)
	case inviteMembers:
		return leads || p.CanSomewhere(access.ManageAccounts)
	case managePlans:
		return p.CanSomewhere(access.Assign) || p.CanSomewhere(access.WriteRegister)
	case operate:
		return p.Can(access.ManageAccounts, "")
	case lead:
		return leads
	case approve:
		return p.CanSomewhere(access.ApproveReports) || leads
	}
	return false
}

// gate is the huma middleware applying the rules.
func (s *Server) gate(ctx huma.Context, next func(huma.Context)) {
	r, ok := rules[ctx.Operation().OperationID]
	p := access.From(ctx.Context())
	switch {
	case ok && r.allows(p):
		next(ctx)
	case p == nil && r != public:
		_ = huma.WriteErr(s.API, ctx, http.StatusUnauthorized, "", apperr.New(apperr.Unauthorized, "error.unauthorized", nil))
	default:
		_ = huma.WriteErr(s.API, ctx, http.StatusForbidden, "", apperr.New(apperr.Forbidden, "error.forbidden", nil))
	}
}
