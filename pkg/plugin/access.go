package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// accessTTL is how long the editors' view of the key's permissions is reused: long enough that
// opening editors does not probe Stripe each time, short enough that a permission added in
// Stripe shows up soon.
const accessTTL = 5 * time.Minute

// ResourceAccess says whether the key can read one catalog resource, and if not why.
type ResourceAccess struct {
	Readable bool `json:"readable"`
	// MissingPermission is the restricted-key permission Stripe asked for, when that is the reason.
	MissingPermission string `json:"missingPermission,omitempty"`
	Error             string `json:"error,omitempty"`
}

// accessCache keeps the last probe of every resource for the query editor.
type accessCache struct {
	mu   sync.Mutex
	at   time.Time
	body []byte
}

// resourceAccess answers the "access" resource: which catalog resources the key can read, so the
// query editor can name the permission a metric needs before its panel fails.
func (d *Datasource) resourceAccess(ctx context.Context) (int, []byte) {
	if d.setupErr != nil {
		body, _ := json.Marshal(map[string]string{"message": d.setupErr.Error()})
		return http.StatusBadRequest, body
	}
	d.access.mu.Lock()
	defer d.access.mu.Unlock()
	if d.access.body != nil && d.now().Sub(d.access.at) < accessTTL {
		return http.StatusOK, d.access.body
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	out := map[string]ResourceAccess{}
	for id, err := range d.probeAll(ctx) {
		a := ResourceAccess{Readable: err == nil}
		var se *stripeapi.Error
		switch {
		case err == nil:
		case errors.As(err, &se) && se.Kind == stripeapi.KindPermission:
			a.MissingPermission = se.Permission
		default:
			a.Error = err.Error()
		}
		out[id] = a
	}
	body, _ := json.Marshal(map[string]any{"resources": out})
	d.access.at, d.access.body = d.now(), body
	return http.StatusOK, body
}
