package objects

// Balance is the account balance singleton (shapes doc §17); it has no id.
type Balance struct {
	Object    TagBalance           `json:"object"`
	Available Array[BalanceAmount] `json:"available"`
	Livemode  bool                 `json:"livemode"`
	Pending   Array[BalanceAmount] `json:"pending"`
}

// BalanceAmount is one currency's entry of balance.available / balance.pending; amounts can be
// negative.
type BalanceAmount struct {
	Amount      int64        `json:"amount"`
	Currency    string       `json:"currency"`
	SourceTypes *SourceTypes `json:"source_types,omitempty"`
}

// SourceTypes splits a balance amount by source; nil members are omitted.
type SourceTypes struct {
	BankAccount *int64 `json:"bank_account,omitempty"`
	Card        *int64 `json:"card,omitempty"`
	FPX         *int64 `json:"fpx,omitempty"`
}
