package frames

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func TestLinkedIDField(t *testing.T) {
	f := linkedIDField("Dispute", []string{"dp_1", "dp_2"})
	if f.Name != "Dispute" || f.Type() != data.FieldTypeString || f.Len() != 2 || f.At(1) != "dp_2" {
		t.Errorf("field %s %s %d", f.Name, f.Type(), f.Len())
	}
	checkDashboardLink(t, f)
	if dashboardField != "Stripe Dashboard" {
		t.Errorf("dashboardField = %q", dashboardField)
	}
}
