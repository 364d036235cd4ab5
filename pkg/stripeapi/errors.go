package stripeapi

import (
	"errors"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Kind classifies a failure by what the user can do about it.
type Kind string

// Error kinds. The HTTP status Stripe answered with is in Error.Status where there was one.
const (
	// KindConfig: the data source settings are unusable (no key, wrong key type, bad base URL).
	KindConfig Kind = "config"
	// KindAuth: Stripe answered 401; the key is unknown, rolled, expired or deleted.
	KindAuth Kind = "auth"
	// KindPermission: Stripe answered 403; the restricted key lacks a permission (Error.Permission).
	KindPermission Kind = "permission"
	// KindRateLimited: Stripe still answered 429 after every retry.
	KindRateLimited Kind = "rate_limited"
	// KindNotFound: Stripe answered 404.
	KindNotFound Kind = "not_found"
	// KindInvalidRequest: Stripe answered another 4xx (usually 400).
	KindInvalidRequest Kind = "invalid_request"
	// KindStripeServer: Stripe answered 5xx after every retry, or an answer that is not Stripe's.
	KindStripeServer Kind = "stripe_server"
	// KindNetwork: no answer reached us (DNS, connection refused or reset, TLS, proxy).
	KindNetwork Kind = "network"
	// KindTimeout: Stripe did not answer in time, or the query's deadline ran out.
	KindTimeout Kind = "timeout"
	// KindCanceled: the caller canceled (the user left the dashboard, Grafana canceled the query).
	KindCanceled Kind = "canceled"
	// KindPageLimit: a list stopped at Config.MaxPages while Stripe still had more objects.
	KindPageLimit Kind = "page_limit"
	// KindInvalidArgument: the plugin called this package wrongly (a bug, not the user's doing).
	KindInvalidArgument Kind = "invalid_argument"
)

// Error is every failure this package returns, except errors returned by the caller's own
// callback, which are passed through unchanged.
//
// Message is written for the person looking at the panel: what happened and what to do. It has
// already been cleaned of anything that looks like a Stripe key. Error() adds Stripe's request
// id, which Stripe support asks for.
type Error struct {
	Kind Kind
	// Status is the HTTP status of Stripe's last answer, 0 if there was none.
	Status int
	// RequestID is Stripe's Request-Id of the failing answer (req_...), empty if there was none.
	RequestID string
	// Code is Stripe's error code (rate_limit, lock_timeout, resource_missing, ...), if any.
	Code string
	// Permission is the restricted-key permission that is missing, in the catalog's rak_ form
	// (for example "rak_charge_read"): the one Stripe's 403 names or, when it names none, the
	// catalog's permission for the resource being read. Empty when neither is known, and when
	// Stripe says no restricted key may call the endpoint at all.
	Permission string
	// Resource is the catalog resource id being read ("charges"), if known.
	Resource string
	// Retries is how many times the failing request was retried before giving up.
	Retries int
	// ObjectsRead and PagesRead say how much of a list had been delivered to the callback
	// before the failure; everything after that is missing.
	ObjectsRead int
	PagesRead   int
	// Message is the user-facing explanation without the request id.
	Message string

	// cause is kept only when it is safe to show and useful to errors.Is: context errors and
	// network errors. Stripe's own error objects are never kept, because their messages carry a
	// masked form of the key.
	cause error
}

// Error returns the user-facing message followed by Stripe's request id.
func (e *Error) Error() string {
	if e.RequestID == "" {
		return e.Message
	}
	return e.Message + " (Stripe request id " + e.RequestID + ")"
}

// Unwrap exposes context and network causes so errors.Is(err, context.Canceled) works.
func (e *Error) Unwrap() error { return e.cause }

// KindOf returns the Kind of an error from this package, or "" for any other error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// IsAccountInvalid reports Stripe's account_invalid: the key may not read the connected account
// the request named in Stripe-Account (no such account, or not connected to the key's account).
func IsAccountInvalid(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "account_invalid"
}

// IsDownstream reports whether err was caused by Stripe, the network to Stripe or the user
// (configuration, permissions, canceling) rather than by a bug in the plugin. Grafana uses the
// distinction to decide whose error budget a failure counts against.
func IsDownstream(err error) bool {
	switch KindOf(err) {
	case KindConfig, KindAuth, KindPermission, KindRateLimited, KindNotFound, KindInvalidRequest,
		KindStripeServer, KindNetwork, KindTimeout, KindCanceled:
		return true
	}
	return false
}

// MarkDownstream wraps err as a Grafana downstream error when IsDownstream says so and returns
// it unchanged otherwise. The wrapped error's text is unchanged and errors.As still finds *Error.
func MarkDownstream(err error) error {
	if err == nil || !IsDownstream(err) {
		return err
	}
	return backend.DownstreamError(err)
}

// asError returns err as an *Error; call and mapError only ever return *Error, and anything
// else is wrapped rather than lost.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: KindInvalidArgument, Message: err.Error()}
}

func configError(msg string) *Error {
	return &Error{Kind: KindConfig, Message: msg}
}

// ConfigError is a data source setting the user must fix (a downstream error, like every
// KindConfig): for settings refused before any client exists.
func ConfigError(msg string) *Error { return configError(msg) }

func invalidArgument(msg string) *Error {
	return &Error{Kind: KindInvalidArgument, Message: msg}
}
