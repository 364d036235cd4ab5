package plugin

import (
	"fmt"
	"strings"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// eventVersionsSentence says, for Save & test, which API versions the account's recent events
// are rendered in and how the plugin reads them: Stripe renders an event in the account's
// version of its time, so an account that has not upgraded sends every change in an old version.
// "" when there are no events to tell from.
func eventVersionsSentence(vs []stripeapi.EventVersion) string {
	if len(vs) == 0 {
		return ""
	}
	total := 0
	var names, unread []string
	for _, v := range vs {
		total += v.Events
		name := v.Version
		if name == "" {
			name = "an unnamed version"
		}
		if len(vs) > 1 {
			name = fmt.Sprintf("%s (%d)", name, v.Events)
		}
		names = append(names, name)
		if !v.Readable {
			unread = append(unread, v.Version)
		}
	}
	var b strings.Builder
	noun := "version"
	if len(vs) > 1 {
		noun = "versions"
	}
	fmt.Fprintf(&b, "The account's %d most recent events are in API %s %s", total, noun, joinAnd(names))
	switch {
	case len(unread) == 0 && len(vs) == 1:
		b.WriteString(", which the plugin reads.")
	case len(unread) == 0:
		b.WriteString("; the plugin reads each of them.")
	default:
		fmt.Fprintf(&b, "; %s cannot be read in place (the plugin reads %s to %s), so each object such an event changes is read again from Stripe by id, one request per object.",
			joinAnd(unread), apiversion.Oldest, apiversion.Pinned)
	}
	return b.String()
}

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
