package stripeapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"
)

// maxAnswerBytes bounds one answer held in memory. A page of 100 of the largest objects the
// plugin reads (invoices with their lines and discounts expanded) is a few megabytes; an answer
// beyond this is not a Stripe page.
const maxAnswerBytes = 64 << 20

// answerFault is how an answer failed to arrive whole.
type answerFault uint8

const (
	// faultReset: the connection was reset while the body was being read.
	faultReset answerFault = iota + 1
	// faultCutOff: the body ended early (fewer bytes than Content-Length, or the connection
	// closed before the end).
	faultCutOff
	// faultNotJSON: a 2xx body that is not valid JSON. Stripe always answers JSON, so this is
	// a body cut off and re-framed by something on the way, or not Stripe's at all.
	faultNotJSON
	// faultTooLarge: more than maxAnswerBytes.
	faultTooLarge
)

// answerError is an attempt whose answer could not be read whole. Its text has no headers, so
// no key.
type answerError struct {
	fault     answerFault
	status    int
	requestID string
	err       error // the read error, when there was one
}

func (e *answerError) Error() string {
	var what string
	switch e.fault {
	case faultReset:
		what = "the connection was reset while reading the answer"
	case faultCutOff:
		what = "the answer was cut off"
	case faultNotJSON:
		what = "the answer is not complete JSON"
	default:
		what = fmt.Sprintf("the answer is larger than %d MiB", maxAnswerBytes>>20)
	}
	if e.err != nil {
		return fmt.Sprintf("%s (HTTP %d): %v", what, e.status, e.err)
	}
	return fmt.Sprintf("%s (HTTP %d)", what, e.status)
}

func (e *answerError) Unwrap() error { return e.err }

// retryable: every fault but size is the network's, and a read is safe to repeat.
func (e *answerError) retryable() bool { return e.fault != faultTooLarge }

// readAnswer reads resp's whole body inside the attempt, so a reset or a cut-off body is the
// attempt's failure (retried like a 5xx) instead of surfacing later in stripe-go's decoding,
// outside the retry loop. On success resp.Body is replaced by the bytes read.
func readAnswer(resp *http.Response) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	resp.Body.Close()
	fail := func(f answerFault, cause error) error {
		return &answerError{fault: f, status: resp.StatusCode, requestID: resp.Header.Get("Request-Id"), err: cause}
	}
	switch {
	case err != nil && errors.Is(err, syscall.ECONNRESET):
		return nil, fail(faultReset, err)
	case err != nil:
		return nil, fail(faultCutOff, err)
	case len(body) > maxAnswerBytes:
		return nil, fail(faultTooLarge, nil)
	case resp.ContentLength >= 0 && int64(len(body)) < resp.ContentLength:
		// net/http reports this as io.ErrUnexpectedEOF; a RoundTripper below may not.
		return nil, fail(faultCutOff, io.ErrUnexpectedEOF)
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && !json.Valid(body):
		return nil, fail(faultNotJSON, nil)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return body, nil
}

// errorCode is the code of Stripe's error envelope ({"error":{"code":"rate_limit",...}}), or "".
func errorCode(body []byte) string {
	var env struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil {
		return ""
	}
	return env.Error.Code
}
