package server

import (
	"bufio"
	"net"
	"net/http"
)

// countedWriter counts a request in the handler's counts before its answer leaves: a client
// that has read the whole answer finds the request counted. Counting after the handler returns
// (as a deferred count does) races with the client, which may read the body, and a test its
// request count, before the handler's goroutine gets there.
type countedWriter struct {
	http.ResponseWriter
	count   func(status int)
	counted bool
}

func (w *countedWriter) record(status int) {
	if !w.counted {
		w.counted = true
		w.count(status)
	}
}

func (w *countedWriter) WriteHeader(status int) {
	w.record(status)
	w.ResponseWriter.WriteHeader(status)
}

func (w *countedWriter) Write(b []byte) (int, error) {
	w.record(http.StatusOK) // net/http answers 200 to a Write without WriteHeader
	return w.ResponseWriter.Write(b)
}

// Hijack hands over the connection (a reset mid-response): counted as not answered, status 0.
func (w *countedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	w.record(0)
	return hj.Hijack()
}

// done counts a request that was never answered (the client gave up, a timeout fault).
func (w *countedWriter) done() { w.record(0) }
