package plugin

import stripe "github.com/stripe/stripe-go/v85"

// accountName follows the Dashboard's own choice: the dashboard display name, then the public
// business name, then the email, then the id.
func accountName(settings *stripe.AccountSettings, profile *stripe.AccountBusinessProfile, email, id string) string {
	if settings != nil && settings.Dashboard != nil && settings.Dashboard.DisplayName != "" {
		return settings.Dashboard.DisplayName
	}
	if profile != nil && profile.Name != "" {
		return profile.Name
	}
	if email != "" {
		return email
	}
	return id
}
