package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/stripe/stripe-go/v85"
)

const dashboardKeys = "the Stripe Dashboard (Developers → API keys)"

// mapError turns whatever stripe-go or the transport returned into an *Error. ctx is the
// caller's context (not the attempt's), so a canceled or expired query is told apart from a
// slow Stripe.
func (c *Client) mapError(ctx context.Context, op operation, err error, snap snapshot) *Error {
	var mapped *Error
	if errors.As(err, &mapped) {
		return mapped
	}
	e := c.classifyError(ctx, op, err, snap)
	e.Resource = op.resource
	e.Retries = snap.retries()
	if e.RequestID == "" {
		e.RequestID = snap.requestID
	}
	// Last line of defence: whatever went into the message, no key leaves this package.
	e.Message = c.red.clean(e.Message)
	e.RequestID = c.red.clean(e.RequestID)
	return e
}

func (c *Client) classifyError(ctx context.Context, op operation, err error, snap snapshot) *Error {
	var se *stripe.Error
	var ae *answerError
	switch {
	case errors.Is(err, errNotRead):
		return invalidArgument("stripeapi refused to send a request that is not a read; this is a bug in the plugin.")
	case errors.Is(err, errRedirect):
		return &Error{Kind: KindConfig, Message: fmt.Sprintf("The Stripe API base URL %s answered with a redirect, which Stripe's API never does. "+
			"Set the base URL to %s or to the final address of your proxy.", c.baseURL, DefaultBaseURL)}
	case errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled):
		return &Error{Kind: KindCanceled, Message: "The request to Stripe was canceled before it finished.", cause: context.Canceled}
	case errors.As(err, &ae):
		return c.fromBrokenAnswer(op, ae, snap)
	case errors.As(err, &se):
		return c.fromStripe(op, se, snap)
	case snap.status >= 400:
		return c.fromForeignAnswer(op, snap)
	case snap.budgetDeadline:
		// Before the caller's own deadline: the time ran out (or would have) in the budget's
		// queue, not at Stripe.
		return &Error{Kind: KindTimeout, cause: context.DeadlineExceeded, Message: fmt.Sprintf(
			"The query's time limit would run out while waiting for the data source's request budget (%v requests/s) before %s. "+
				"Narrow the time range, raise the budget in the data source settings, or retry later.", c.rate, op.request())}
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &Error{Kind: KindTimeout, cause: context.DeadlineExceeded, Message: fmt.Sprintf(
			"The query's time limit ran out while waiting for Stripe (%s). Narrow the time range or retry later.", op.describe(snap))}
	case isTimeout(err):
		return &Error{Kind: KindTimeout, cause: context.DeadlineExceeded, Message: fmt.Sprintf(
			"Stripe did not answer %s within %s (%s). Retry later; if it keeps happening, check the network between Grafana and %s.",
			op.request(), c.tr.attemptTimeout, attemptsText(snap), c.baseURL)}
	case snap.status >= 200 && snap.status < 300 && !isURLError(err):
		return &Error{Kind: KindStripeServer, Status: snap.status, Message: fmt.Sprintf(
			"The answer to %s could not be read: it is not the JSON Stripe sends. If a proxy sits between Grafana and Stripe, check it; otherwise retry later.",
			op.request())}
	default:
		return &Error{Kind: KindNetwork, cause: safeCause(err), Message: fmt.Sprintf(
			"Could not reach Stripe at %s (%s; %s). Check the Grafana server's network, proxy and firewall settings and the API base URL.",
			c.baseURL, c.red.clean(innermost(err)), attemptsText(snap))}
	}
}

// fromStripe maps an error Stripe itself sent (its JSON error envelope).
func (c *Client) fromStripe(op operation, se *stripe.Error, snap snapshot) *Error {
	status := se.HTTPStatusCode
	if status == 0 {
		status = snap.status
	}
	msg := strings.TrimSpace(c.red.clean(se.Msg))
	e := &Error{Status: status, RequestID: se.RequestID, Code: string(se.Code)}
	switch {
	case status == http.StatusUnauthorized:
		e.Kind = KindAuth
		if se.Code == stripe.ErrorCodeAPIKeyExpired {
			e.Message = "Stripe refused the API key: it has expired. Create a new restricted key in " + dashboardKeys + " and paste it into the data source settings."
		} else {
			e.Message = fmt.Sprintf("Stripe refused the API key (HTTP 401: %s). The key may have been rolled, deleted or mistyped; "+
				"paste a current key from %s into the data source settings.", trimPeriod(msg), dashboardKeys)
		}
	case se.Code == stripe.ErrorCodeAccountInvalid:
		// Stripe answers 403 with this code whatever the reason (no such account, not connected
		// to the key's account, disconnected); it is about the Stripe-Account header, not a
		// permission a restricted key could be given.
		e.Kind = KindPermission
		e.Message = c.accountInvalidMessage(status, msg)
	case status == http.StatusForbidden:
		e.Kind = KindPermission
		e.Permission, e.Message = permissionMessage(op, msg)
		if c.account != "" && e.Permission != "" {
			e.Message += fmt.Sprintf(" The data source reads the connected account %s, so the permission must be granted for connected accounts: "+
				"the Connect column of the key's permissions.", c.account)
		}
	case status == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
		if se.Code == stripe.ErrorCodeLockTimeout {
			e.Message = fmt.Sprintf("Stripe kept answering that the object is busy with another request (lock_timeout) %s for %s; retry later.",
				afterRetries(snap), op.request())
		} else {
			e.Message = fmt.Sprintf("Stripe rate limit reached %s; lower the request rate budget in the data source settings (now %v requests/s) "+
				"or retry later. Other integrations using the same Stripe account share Stripe's limit.", afterRetries(snap), c.rate)
		}
	case status == http.StatusNotFound:
		e.Kind = KindNotFound
		e.Message = fmt.Sprintf("Stripe found nothing at %s (%s).", op.request(), trimPeriod(msg))
		if strings.Contains(msg, "Unrecognized request URL") {
			e.Message += " Check the API base URL in the data source settings."
		}
	case status >= 500:
		e.Kind = KindStripeServer
		e.Message = fmt.Sprintf("Stripe had an internal problem answering %s (HTTP %d) and still failed %s. Retry later; "+
			"if it persists, check https://status.stripe.com.", op.request(), status, afterRetries(snap))
	default:
		e.Kind = KindInvalidRequest
		param := ""
		if se.Param != "" {
			param = ", parameter " + c.red.clean(se.Param)
		}
		e.Message = fmt.Sprintf("Stripe refused %s (HTTP %d%s: %s). If the query's settings look right, this is a bug in the plugin; "+
			"please report it with the request id.", op.request(), status, param, trimPeriod(msg))
	}
	return e
}

// accountInvalidMessage explains Stripe's account_invalid: the key may not read the connected
// account the settings name, and what to do about it.
func (c *Client) accountInvalidMessage(status int, stripeMsg string) string {
	acct := "the connected account"
	if c.account != "" {
		acct = "the connected account " + c.account
	}
	return fmt.Sprintf("Stripe refused to let the key read %s (HTTP %d: %s). Stripe answers this when the id names no account, "+
		"or the account is not connected to the key's account (its Connect platform) or has disconnected from it. "+
		"Check the connected account id in the data source settings against the Stripe Dashboard (Connect → Connected accounts), "+
		"and use an API key of that account's platform; a restricted key also needs Read access in the Connect column of its permissions.",
		acct, status, trimPeriod(stripeMsg))
}

// fromBrokenAnswer maps an answer whose headers arrived but whose body did not, whole, after
// every retry: what happened, in plain words.
func (c *Client) fromBrokenAnswer(op operation, ae *answerError, snap snapshot) *Error {
	e := &Error{Kind: KindNetwork, Status: ae.status, cause: safeCause(ae.err)}
	check := fmt.Sprintf("Retry later; if it keeps happening, check the proxies, load balancers and firewalls between Grafana and %s.", c.baseURL)
	switch ae.fault {
	case faultReset:
		e.Message = fmt.Sprintf("The connection to Stripe was reset while reading the answer to %s (%s). %s", op.request(), retriesText(snap), check)
	case faultCutOff:
		e.Message = fmt.Sprintf("Stripe's answer to %s was cut off before its end (%s). %s", op.request(), retriesText(snap), check)
	case faultNotJSON:
		e.Message = fmt.Sprintf("Stripe's answer to %s was cut off or is not JSON (HTTP %d, %s). %s", op.request(), ae.status, retriesText(snap), check)
	default:
		e.Kind = KindStripeServer
		e.Message = fmt.Sprintf("The answer to %s is larger than %d MiB, which no page of Stripe objects is. Check the API base URL %s and any proxy in between.",
			op.request(), maxAnswerBytes>>20, c.baseURL)
	}
	return e
}

// fromForeignAnswer maps an error status whose body was not Stripe's error envelope: usually a
// proxy, gateway or load balancer between Grafana and Stripe. stripe-go cannot parse those, so
// the status comes from the transport's tracker.
func (c *Client) fromForeignAnswer(op operation, snap snapshot) *Error {
	e := &Error{Status: snap.status}
	switch {
	case snap.status == http.StatusUnauthorized:
		e.Kind = KindAuth
	case snap.status == http.StatusForbidden:
		e.Kind = KindPermission
	case snap.status == http.StatusTooManyRequests:
		e.Kind = KindRateLimited
	case snap.status == http.StatusNotFound:
		e.Kind = KindNotFound
	case snap.status >= 500:
		e.Kind = KindStripeServer
	default:
		e.Kind = KindInvalidRequest
	}
	e.Message = fmt.Sprintf("%s answered %s with HTTP %d and a body that is not a Stripe error (%s). "+
		"A proxy or gateway between Grafana and Stripe may be refusing the request; check the API base URL and proxy settings.",
		c.baseURL, op.request(), snap.status, attemptsText(snap))
	return e
}

func (op operation) request() string {
	if op.path == "" {
		return "the request"
	}
	return "GET " + op.path
}

func (op operation) describe(snap snapshot) string {
	return op.request() + ", " + attemptsText(snap)
}

func attemptsText(snap snapshot) string {
	switch snap.attempts {
	case 0:
		return "no attempt completed"
	case 1:
		return "1 attempt"
	default:
		return fmt.Sprintf("%d attempts", snap.attempts)
	}
}

func retriesText(snap snapshot) string {
	switch snap.retries() {
	case 0:
		return "no retry"
	case 1:
		return "1 retry"
	default:
		return fmt.Sprintf("%d retries", snap.retries())
	}
}

func afterRetries(snap snapshot) string {
	if snap.retries() == 1 {
		return "after 1 retry"
	}
	return fmt.Sprintf("after %d retries", snap.retries())
}

func trimPeriod(s string) string { return strings.TrimRight(s, ". ") }

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isURLError(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}

// innermost drops net/http's "Get <url>:" wrapper, whose query string only repeats the
// request, and keeps the reason (for example "dial tcp 127.0.0.1:1: connect: connection refused").
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// safeCause keeps network errors for errors.Is/As (their text has no headers, so no key).
func safeCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return ne
	}
	return nil
}
