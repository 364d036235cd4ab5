package simulator

// TEMPORARY (not to be committed): digests of the served lists of bigger profiles, to compare
// before/after by hand. SIMDIGEST=medium go test -run TestZZDigest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

func TestZZDigest(t *testing.T) {
	profile := os.Getenv("SIMDIGEST")
	if profile == "" {
		t.Skip()
	}
	a, err := New(profile, 1, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler(server.Key{Value: hashKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range servedLists {
		if strings.Contains(p, "expand") && profile == "large" {
			continue
		}
		sum := sha256.New()
		pageAll(t, h, p, func(b []byte) { sum.Write(b) })
		fmt.Printf("%s %s %x\n", profile, p, sum.Sum(nil))
	}
	sum := sha256.New()
	for i := range a.Store.Invoices {
		pageAll(t, h, "/v1/invoices/"+a.Store.Invoices[i].ID+"/lines", func(b []byte) { sum.Write(b) })
	}
	fmt.Printf("%s lines %x\n", profile, sum.Sum(nil))
	sum = sha256.New()
	for i := range a.Store.Subscriptions {
		pageAll(t, h, "/v1/subscription_items?subscription="+a.Store.Subscriptions[i].ID, func(b []byte) { sum.Write(b) })
	}
	fmt.Printf("%s items %x\n", profile, sum.Sum(nil))
}
