package frames

import "github.com/grafana/grafana-plugin-sdk-go/data"

// dashboardField is the column of Stripe Dashboard addresses every table ends with; the id
// column links to it so a click on an id opens the object in Stripe.
const dashboardField = "Stripe Dashboard"

// linkedIDField is an id column whose cells open the row's Stripe Dashboard address.
func linkedIDField(name string, ids []string) *data.Field {
	f := data.NewField(name, nil, ids)
	f.Config = &data.FieldConfig{Links: []data.DataLink{{Title: "Open in the Stripe Dashboard", URL: "${__data.fields[\"" + dashboardField + "\"]}", TargetBlank: true}}}
	return f
}
