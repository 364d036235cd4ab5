package generator

// Decline describes why a charge failed, as Stripe reports it (failure_code, failure_message and
// the outcome). The combinations are the ones real accounts show for each decline code.
type Decline struct {
	FailureCode    string
	FailureMessage string
	OutcomeType    string // issuer_declined | blocked | invalid
	Reason         string // outcome.reason ("" = null)
	NetworkStatus  string
	SellerMessage  string
	RiskLevel      string
	AdviceCode     string
}

// Declines indexed by Charge.Decline; index 0 is "authorized" (no decline).
var Declines = []Decline{
	{OutcomeType: "authorized", NetworkStatus: "approved_by_network", SellerMessage: "Payment complete.", RiskLevel: "normal"},
	declineInsufficientFunds: {FailureCode: "card_declined", FailureMessage: "Your card has insufficient funds.", OutcomeType: "issuer_declined",
		Reason: "insufficient_funds", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `insufficient_funds`.", RiskLevel: "normal", AdviceCode: "try_again_later"},
	declineGeneric: {FailureCode: "card_declined", FailureMessage: "Your card was declined.", OutcomeType: "issuer_declined",
		Reason: "generic_decline", NetworkStatus: "declined_by_network", SellerMessage: "The bank did not return any further details with this decline.", RiskLevel: "normal"},
	declineDoNotHonor: {FailureCode: "card_declined", FailureMessage: "Your card was declined.", OutcomeType: "issuer_declined",
		Reason: "do_not_honor", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `do_not_honor`.", RiskLevel: "normal", AdviceCode: "do_not_try_again"},
	declineExpiredCard: {FailureCode: "expired_card", FailureMessage: "Your card has expired.", OutcomeType: "issuer_declined",
		Reason: "expired_card", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `expired_card`.", RiskLevel: "normal", AdviceCode: "confirm_card_data"},
	declineLostCard: {FailureCode: "card_declined", FailureMessage: "Your card was declined.", OutcomeType: "issuer_declined",
		Reason: "lost_card", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `lost_card`.", RiskLevel: "normal", AdviceCode: "do_not_try_again"},
	declineIncorrectCVC: {FailureCode: "incorrect_cvc", FailureMessage: "Your card's security code is incorrect.", OutcomeType: "issuer_declined",
		Reason: "incorrect_cvc", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `incorrect_cvc`.", RiskLevel: "normal", AdviceCode: "confirm_card_data"},
	declineProcessingError: {FailureCode: "processing_error", FailureMessage: "An error occurred while processing your card. Try again in a little bit.", OutcomeType: "issuer_declined",
		Reason: "processing_error", NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `processing_error`.", RiskLevel: "normal", AdviceCode: "try_again_later"},
	declineHighestRisk: {FailureCode: "card_declined", FailureMessage: "Your card was declined.", OutcomeType: "blocked",
		Reason: "highest_risk_level", NetworkStatus: "not_sent_to_network", SellerMessage: "Stripe blocked this payment as too risky.", RiskLevel: "highest"},
	declineIncorrectNumber: {FailureCode: "incorrect_number", FailureMessage: "Your card number is incorrect.", OutcomeType: "invalid",
		NetworkStatus: "not_sent_to_network", SellerMessage: "The card number is incorrect.", RiskLevel: "normal"},
	// A bank debit that bounced days after it was initiated: no outcome.reason, so the failure
	// reason dimension falls back to failure_code.
	declineBankInsufficient: {FailureCode: "insufficient_funds", FailureMessage: "The customer's account has insufficient funds to cover this payment.", OutcomeType: "issuer_declined",
		NetworkStatus: "declined_by_network", SellerMessage: "The bank returned the decline code `insufficient_funds`.", RiskLevel: "not_assessed"},
}

const (
	declineInsufficientFunds = iota + 1
	declineGeneric
	declineDoNotHonor
	declineExpiredCard
	declineLostCard
	declineIncorrectCVC
	declineProcessingError
	declineHighestRisk
	declineIncorrectNumber
	declineBankInsufficient
)

// renewalDeclines are the declines of recurring payments, with weights.
var renewalDeclines = []int{declineInsufficientFunds, declineGeneric, declineExpiredCard, declineDoNotHonor, declineLostCard, declineProcessingError}
var renewalDeclineWeights = []float64{40, 25, 15, 12, 3, 5}

// firstPaymentDeclines are the declines of a customer's first payment (new card, Radar involved).
var firstPaymentDeclines = []int{declineGeneric, declineInsufficientFunds, declineIncorrectCVC, declineHighestRisk, declineDoNotHonor, declineIncorrectNumber}
var firstPaymentDeclineWeights = []float64{30, 20, 15, 15, 12, 8}
