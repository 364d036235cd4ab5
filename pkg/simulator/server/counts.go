package server

import (
	"sort"
	"sync"
)

// EndpointUnrecognized names requests that matched no endpoint, in counts and faults.
const EndpointUnrecognized = "unrecognized"

// Counts is a snapshot of requests served, by endpoint and status, with the busiest second and
// the faults injected.
type Counts struct {
	byEndpointStatus map[countKey]int64
	maxPerSecond     int
	maxPerSecondOf   map[string]int
	faults           map[FaultKind]int64
}

// MaxPerSecond is the highest number of requests that arrived within any one second (a sliding
// window, on the handler's clock), every endpoint and answer included.
func (c Counts) MaxPerSecond() int { return c.maxPerSecond }

// MaxPerSecondOf is the same for one endpoint ("GET /v1/charges").
func (c Counts) MaxPerSecondOf(endpoint string) int { return c.maxPerSecondOf[endpoint] }

// Faults is the number of requests an injected fault of this kind fired on.
func (c Counts) Faults(kind FaultKind) int64 { return c.faults[kind] }

type countKey struct {
	endpoint string
	status   int
}

// Total is the number of requests counted.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c.byEndpointStatus {
		n += v
	}
	return n
}

// Endpoint is the number of requests to one endpoint ("GET /v1/charges"), in every status.
func (c Counts) Endpoint(endpoint string) int64 {
	var n int64
	for k, v := range c.byEndpointStatus {
		if k.endpoint == endpoint {
			n += v
		}
	}
	return n
}

// Status is the number of requests answered with one HTTP status, on every endpoint. Requests
// whose connection was reset or that hung until the client left are counted with status 0.
func (c Counts) Status(status int) int64 {
	var n int64
	for k, v := range c.byEndpointStatus {
		if k.status == status {
			n += v
		}
	}
	return n
}

// Of is the number of requests to one endpoint answered with one status.
func (c Counts) Of(endpoint string, status int) int64 {
	return c.byEndpointStatus[countKey{endpoint, status}]
}

// Endpoints lists the endpoints counted, sorted.
func (c Counts) Endpoints() []string {
	seen := map[string]bool{}
	var out []string
	for k := range c.byEndpointStatus {
		if !seen[k.endpoint] {
			seen[k.endpoint] = true
			out = append(out, k.endpoint)
		}
	}
	sort.Strings(out)
	return out
}

// counter is the concurrency-safe request counter.
type counter struct {
	mu     sync.Mutex
	m      map[countKey]int64
	faults map[FaultKind]int64
}

func (c *counter) fault(k FaultKind) {
	c.mu.Lock()
	if c.faults == nil {
		c.faults = map[FaultKind]int64{}
	}
	c.faults[k]++
	c.mu.Unlock()
}

func (c *counter) add(endpoint string, status int) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[countKey]int64{}
	}
	c.m[countKey{endpoint, status}]++
	c.mu.Unlock()
}

func (c *counter) snapshot() Counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := make(map[countKey]int64, len(c.m))
	for k, v := range c.m {
		m[k] = v
	}
	f := make(map[FaultKind]int64, len(c.faults))
	for k, v := range c.faults {
		f[k] = v
	}
	return Counts{byEndpointStatus: m, faults: f}
}

func (c *counter) reset() {
	c.mu.Lock()
	c.m, c.faults = nil, nil
	c.mu.Unlock()
}
