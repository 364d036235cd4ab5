package money

// supported are the currencies Stripe charges and settles in: the codes stripe-go v85 lists
// (stripe.Currency, generated from Stripe's API definition), the three-decimal currencies of
// docs.stripe.com/currencies, and the ISO codes that replaced retired ones Stripe still lists
// (mru for mro, stn for std, sle for sll, ves for vef, xcg for ang). Lower case, as the API
// writes them.
var supported = set(
	"aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt", "bgn", "bhd", "bif", "bmd", "bnd",
	"bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk", "dop",
	"dzd", "eek", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd", "hnl", "hrk", "htg",
	"huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr", "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp",
	"lkr", "lrd", "lsl", "ltl", "lvl", "mad", "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mro", "mru", "mur", "mvr", "mwk", "mxn",
	"myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron",
	"rsd", "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sll", "sos", "srd", "std", "stn", "svc", "szl", "thb",
	"tjs", "tnd", "top", "try", "ttd", "twd", "tzs", "uah", "ugx", "usd", "uyu", "uzs", "vef", "ves", "vnd", "vuv", "wst", "xaf",
	"xcd", "xcg", "xof", "xpf", "yer", "zar", "zmw",
)

// Supported reports whether code (lower case) is a currency Stripe supports.
func Supported(code string) bool { return supported[code] }
