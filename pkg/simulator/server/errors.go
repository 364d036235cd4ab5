package server

import (
	"fmt"
	"net/http"
	"strings"
)

// apiError is a Stripe v1 error: the HTTP status and the members of the "error" object, in
// Stripe's (alphabetical) order. Empty members are left out, as Stripe leaves out code, param,
// doc_url and request_log_url when they do not apply.
type apiError struct {
	status        int
	Code          string `json:"code,omitempty"`
	DocURL        string `json:"doc_url,omitempty"`
	Message       string `json:"message"`
	Param         string `json:"param,omitempty"`
	RequestLogURL string `json:"request_log_url,omitempty"`
	Type          string `json:"type"`
	shouldRetry   string // Stripe-Should-Retry header value, "" for none
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.Type, e.Message) }

func invalidRequest(status int, param, format string, args ...any) *apiError {
	return &apiError{status: status, Type: "invalid_request_error", Param: param, Message: fmt.Sprintf(format, args...)}
}

// The messages below are Stripe's, as quoted in the shapes doc §2.

func errNoKey() *apiError {
	return invalidRequest(http.StatusUnauthorized, "", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.")
}

func errInvalidKey(key string) *apiError {
	return invalidRequest(http.StatusUnauthorized, "", "Invalid API Key provided: %s", maskKey(key, 4))
}

func errMissingPermission(key, account, perm string) *apiError {
	return invalidRequest(http.StatusForbidden, "", "The provided key '%s' does not have the required permissions for this endpoint on account '%s'. Having the '%s' permission would allow this request to continue.", maskKey(key, 6), account, perm)
}

func errRestrictedKeyNotAllowed(key, account string) *apiError {
	return invalidRequest(http.StatusForbidden, "", "The provided key '%s' does not have the required permissions for this endpoint on account '%s'. This is a restricted API key, but the required permissions are not available for use by restricted keys.", maskKey(key, 6), account)
}

// errAccountInvalid answers a Stripe-Account header naming an account the key may not act on: no
// such account, or one not connected to the key's account. Stripe tells neither apart; its message
// and code as real platforms receive them (HTTP 403, code account_invalid).
func errAccountInvalid(key, account string) *apiError {
	e := invalidRequest(http.StatusForbidden, "", "The provided key '%s' does not have access to account '%s' (or that account does not exist). Application access may have been revoked.", maskKey(key, 6), account)
	e.Code = "account_invalid"
	e.DocURL = "https://stripe.com/docs/error-codes/account-invalid"
	return e
}

func errUnrecognizedURL(method, path string) *apiError {
	if strings.HasSuffix(path, "/") && path != "/" {
		return invalidRequest(http.StatusNotFound, "", "Unrecognized request URL (%s: %s). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", method, path)
	}
	return invalidRequest(http.StatusNotFound, "", "Unrecognized request URL (%s: %s). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", method, path)
}

// errReadOnly answers writes. The simulator is read-only: it answers 405 (with Allow: GET) rather
// than pretending to create or delete, so a client that writes by mistake fails loudly.
func errReadOnly(method, path string) *apiError {
	return invalidRequest(http.StatusMethodNotAllowed, "", "Unrecognized request URL (%s: %s). The Stripe simulator is read-only and answers GET requests only.", method, path)
}

// errNoSuch is the resource_missing error; param is "id" for path ids and the parameter's name
// for ids passed as parameters (starting_after, subscription, ...).
func errNoSuch(status int, k string, id, param string, live bool, reqID string, now int64) *apiError {
	e := invalidRequest(status, param, "No such %s: '%s'", k, id)
	e.Code = "resource_missing"
	e.DocURL = "https://stripe.com/docs/error-codes/resource-missing"
	e.RequestLogURL = requestLogURL(live, reqID, now)
	return e
}

func requestLogURL(live bool, reqID string, now int64) string {
	mode := "test/"
	if live {
		mode = ""
	}
	return fmt.Sprintf("https://dashboard.stripe.com/%slogs/%s?t=%d", mode, reqID, now)
}

func errRateLimit(live bool) *apiError {
	msg := "Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits."
	if live {
		msg = "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits."
	}
	e := invalidRequest(http.StatusTooManyRequests, "", "%s", msg)
	e.Code = "rate_limit"
	e.DocURL = "https://stripe.com/docs/error-codes/rate-limit"
	return e
}

func errLockTimeout() *apiError {
	e := invalidRequest(http.StatusTooManyRequests, "", "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.")
	e.Code = "lock_timeout"
	e.DocURL = "https://stripe.com/docs/error-codes/lock-timeout"
	return e
}

func errServer(shouldRetry string) *apiError {
	return &apiError{status: http.StatusInternalServerError, Type: "api_error", shouldRetry: shouldRetry,
		Message: "An unknown error occurred while processing this request. Please retry the request, or contact us at https://support.stripe.com/ if the problem persists."}
}

func errUnknownParam(name string) *apiError {
	return invalidRequest(http.StatusBadRequest, name, "Received unknown parameter: %s", name)
}

// errUnsupportedParam answers a parameter Stripe accepts but the simulator does not implement:
// ignoring it would return silently wrong data.
func errUnsupportedParam(name string) *apiError {
	return invalidRequest(http.StatusBadRequest, name, "The Stripe simulator does not support the parameter %s on this endpoint.", name)
}

// errDangling reports an ID in the store that names no object: a generator bug, so a 500 that
// names it rather than a silently unexpanded ID.
func errDangling(k fmt.Stringer, id string) *apiError {
	return &apiError{status: http.StatusInternalServerError, Type: "api_error",
		Message: fmt.Sprintf("The Stripe simulator's account has no %s %q, although another object refers to it.", k, id)}
}

func internalError(err error) *apiError {
	return &apiError{status: http.StatusInternalServerError, Type: "api_error", Message: "The Stripe simulator failed: " + err.Error()}
}
