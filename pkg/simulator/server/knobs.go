package server

import "time"

// Knobs are the simulator's runtime behaviours for tests and benchmarks. Change them at any time
// with Handler.SetKnobs; requests already past a check keep the knobs they saw.
type Knobs struct {
	// RateLimit is the requests per second allowed per key mode (0: unlimited). Requests over it
	// get Stripe's 429 rate_limit error, with the testmode or livemode message.
	RateLimit RateLimit
	// Latency is added to every request before it is answered; a request whose client gives up
	// (context canceled) stops waiting at once.
	Latency time.Duration
	// Faults are injected failures; the first that fires for a request wins.
	Faults []Fault
	// Seed seeds the random source of probabilistic faults, for repeatable runs.
	Seed uint64
}

// RateLimit holds requests-per-second limits per mode. Stripe's defaults are about 100/s live and
// 25/s in test mode.
//
// Without Strict, Live and Test are token buckets (0: unlimited) of size Burst. With Strict the
// handler limits like Stripe does: per mode, at most Live or Test requests in any sliding second
// (0: StrictLiveLimit, StrictTestLimit), at most Endpoint requests to any one endpoint in any
// sliding second (0: StrictEndpointLimit), and at most Concurrency requests in flight
// (0: StrictConcurrency). A request over any of them gets the 429 rate_limit error.
type RateLimit struct {
	Live, Test float64
	// Burst is the bucket size (default: the rate rounded up, at least 1); not used by Strict.
	Burst int
	// Strict switches to the sliding-second, per-endpoint and concurrency limiters.
	Strict bool
	// Endpoint is each endpoint's limit per mode under Strict ("GET /v1/charges" and
	// "GET /v1/charges/{id}" are different endpoints).
	Endpoint float64
	// Concurrency is the number of requests per mode that may be in flight at once under Strict.
	Concurrency int
}

// FaultKind is a kind of injected failure.
type FaultKind uint8

// The injectable faults.
const (
	// FaultServerError answers 500 with Stripe's api_error envelope.
	FaultServerError FaultKind = iota + 1
	// FaultLockTimeout answers 429 with code lock_timeout (the only 429 stripe-go retries).
	FaultLockTimeout
	// FaultTimeout never answers: the request hangs until the client gives up (or Close).
	FaultTimeout
	// FaultConnectionReset writes the status line, headers and half the body, then resets the
	// connection (HTTP/1 only; over HTTP/2 it degrades to FaultTruncated).
	FaultConnectionReset
	// FaultTruncated answers 200 with only the first half of the JSON body.
	FaultTruncated
)

func (k FaultKind) String() string {
	switch k {
	case FaultServerError:
		return "server_error"
	case FaultLockTimeout:
		return "lock_timeout"
	case FaultTimeout:
		return "timeout"
	case FaultConnectionReset:
		return "connection_reset"
	case FaultTruncated:
		return "truncated"
	}
	return "unknown"
}

// Fault injects one kind of failure, on a share of requests or on the Nth request to an endpoint.
type Fault struct {
	Kind FaultKind
	// Endpoint limits the fault to one endpoint, named as in the request counts
	// ("GET /v1/charges", "GET /v1/charges/{id}"); "" matches every endpoint.
	Endpoint string
	// Probability fires the fault on that share of matching requests (0..1).
	Probability float64
	// Nth fires the fault on exactly the Nth matching request (1-based) counted from SetKnobs,
	// and on no other; 0 disables it. Use several Faults for several requests.
	Nth int
	// ShouldRetry sets the Stripe-Should-Retry header on FaultServerError answers:
	// "true", "false", or "" for no header.
	ShouldRetry string
}
