package frames

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// col is a column's name and type, what a table's shape is checked against.
type col struct {
	Name string
	Type data.FieldType
}

func checkColumns(t *testing.T, f *data.Frame, want []col) {
	t.Helper()
	var got, exp []string
	for _, fl := range f.Fields {
		got = append(got, fl.Name+":"+fl.Type().String())
	}
	for _, c := range want {
		exp = append(exp, c.Name+":"+c.Type.String())
	}
	if strings.Join(got, ", ") != strings.Join(exp, ", ") {
		t.Errorf("%s columns:\n got  %s\n want %s", f.Name, strings.Join(got, ", "), strings.Join(exp, ", "))
	}
}

// cells reads column name of f as a slice of its values.
func cells(t *testing.T, f *data.Frame, name string) []any {
	t.Helper()
	for _, fl := range f.Fields {
		if fl.Name == name {
			out := make([]any, fl.Len())
			for i := range out {
				out[i] = fl.At(i)
			}
			return out
		}
	}
	t.Fatalf("%s has no column %q", f.Name, name)
	return nil
}

func field(t *testing.T, f *data.Frame, name string) *data.Field {
	t.Helper()
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	t.Fatalf("%s has no column %q", f.Name, name)
	return nil
}

// checkDashboardLink: an id column whose cells open the row's Stripe Dashboard address.
func checkDashboardLink(t *testing.T, fl *data.Field) {
	t.Helper()
	want := data.DataLink{Title: "Open in the Stripe Dashboard", URL: `${__data.fields["Stripe Dashboard"]}`, TargetBlank: true}
	if fl.Config == nil || len(fl.Config.Links) != 1 || fl.Config.Links[0].Title != want.Title || fl.Config.Links[0].URL != want.URL ||
		!fl.Config.Links[0].TargetBlank || fl.Config.Links[0].Internal != nil {
		t.Errorf("%s: links %+v, want %+v", fl.Name, fl.Config, want)
	}
}
