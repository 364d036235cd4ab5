package plugin

import "flag"

// updateGolden rewrites golden files: go test ./pkg/plugin -update. Review the diff before
// committing it: a golden file is the frame contract dashboards rely on.
var updateGolden = flag.Bool("update", false, "rewrite golden files") //nolint:gochecknoglobals
