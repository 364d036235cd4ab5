package plugin

import "fmt"

// memoryNote warns in Save & test when what the data source must keep in memory (the
// whole-history reads of MRR and invoices, and their reconstructions, which are never forgotten:
// reading them again costs the whole history) does not fit the memory budget: the cached records
// are then forgotten as soon as they are read, and every query reads them again.
func (d *Datasource) memoryNote() string {
	if d.fetch == nil {
		return ""
	}
	st := d.fetch.Stats()
	if st.Held <= st.MaxBytes {
		return ""
	}
	return fmt.Sprintf(" The account's subscription and invoice histories take %d MiB in memory, more than the memory budget of %d MiB: "+
		"every other read is forgotten at once and read again from Stripe. Raise the memory budget in the data source settings.",
		st.Held>>20, st.MaxBytes>>20)
}
