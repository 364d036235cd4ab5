package provisioning_test

// pendingMetrics are metric ids the bundled dashboards and alert rules already use but that
// pkg/catalog/catalog.json does not list yet: they are being added on other branches under
// exactly these ids. The checks accept them (with the kind and unit given here) and the demo
// runs skip them. EMPTY THIS LIST when the metrics land in the catalog; a pending id that the
// catalog already has fails TestPendingMetricsAreNotInTheCatalog as a reminder.
var pendingMetrics = map[string]pendingMetric{}

type pendingMetric struct{ kind, unit string }
