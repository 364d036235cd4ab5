package plugin

import (
	"errors"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// errorResponse turns a failure into a query response. Failures caused by Stripe or by the
// user's settings are marked downstream so Grafana does not count them as plugin bugs.
func errorResponse(err error) backend.DataResponse {
	var qe queryError
	if errors.As(err, &qe) {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, qe.Error())
	}
	var se *stripeapi.Error
	if !errors.As(err, &se) {
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, err.Error())
	}
	status := backend.StatusBadGateway
	switch se.Kind {
	case stripeapi.KindConfig, stripeapi.KindInvalidRequest, stripeapi.KindPageLimit:
		status = backend.StatusBadRequest
	case stripeapi.KindAuth:
		status = backend.StatusUnauthorized
	case stripeapi.KindPermission:
		status = backend.StatusForbidden
	case stripeapi.KindNotFound:
		status = backend.StatusNotFound
	case stripeapi.KindRateLimited:
		status = backend.StatusTooManyRequests
	case stripeapi.KindTimeout, stripeapi.KindCanceled:
		status = backend.StatusTimeout
	}
	source := backend.ErrorSourcePlugin
	if stripeapi.IsDownstream(err) {
		source = backend.ErrorSourceDownstream
	}
	return backend.ErrDataResponseWithSource(status, source, se.Error())
}

// queryError is a query the user must change, found while answering it (a customer id that names
// no customer): a 400 downstream, like the errors of parsing the query.
type queryError string

func (e queryError) Error() string { return string(e) }
