package models

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Each unusable setting is refused with a message that names it as the config editor labels it,
// with the value stored and what would do.
func TestLoadSettingsNamesTheSettingAtFault(t *testing.T) {
	for _, c := range []struct {
		json, setting string
		says          []string
	}{
		{`{"timeZone":"Mars/Olympus"}`, "timeZone", []string{`"Default time zone" (timeZone)`, `"Mars/Olympus"`, "IANA"}},
		{`{"rateLimit":"fast"}`, "rateLimit", []string{`"Request rate budget" (rateLimit)`, "must be a number", `"fast"`}},
		{`{"rateLimit":-3}`, "rateLimit", []string{`"Request rate budget"`, "positive", "-3"}},
		{`{"source":"bogus"}`, "source", []string{`"Read from" (source)`, `"bogus"`, `"key"`, `"demo"`}},
		{`{"allowSecretKey":"yes"}`, "allowSecretKey", []string{`(allowSecretKey)`, "true or false", `"yes"`}},
		{`{"timeZone":`, "", []string{"not valid JSON"}},
		{`{"connectedAccount":"cus_PD6LSQd0tEf6Dh"}`, "connectedAccount", []string{`"Connected account" (connectedAccount)`, `"cus_PD6LSQd0tEf6Dh"`, "acct_"}},
		{`{"connectedAccount":"acct_12 34"}`, "connectedAccount", []string{`"Connected account"`, "letters and digits"}},
		{`{"connectedAccount":42}`, "connectedAccount", []string{`"Connected account"`, "must be text"}},
	} {
		_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(c.json)})
		var se *SettingError
		if !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("%s: %v (setting %+v), want a SettingError for %q", c.json, err, se, c.setting)
			continue
		}
		for _, s := range c.says {
			if !strings.Contains(se.Message, s) {
				t.Errorf("%s: %q does not say %s", c.json, se.Message, s)
			}
		}
	}
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"timeZone":"Europe/Berlin","rateLimit":5,"connectedAccount":" acct_1032D82eZvKYlo2C "}`)})
	if err != nil || s.TimeZone != "Europe/Berlin" || s.RateLimit != 5 || s.Source != SourceKey || s.ConnectedAccount != "acct_1032D82eZvKYlo2C" {
		t.Errorf("good settings: %+v %v", s, err)
	}
	s, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"source":"demo","connectedAccount":"acct_1032D82eZvKYlo2C"}`)})
	if err != nil || s.ConnectedAccount != "" {
		t.Errorf("the demo reads its own account whatever was left in connectedAccount: %+v %v", s, err)
	}
}

// The labels the messages use are the config editor's.
func TestSettingLabelsAreTheEditorsLabels(t *testing.T) {
	var src strings.Builder
	files, _ := filepath.Glob("../../src/components/*.tsx")
	more, _ := filepath.Glob("../../src/components/config/*.tsx")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for key, label := range settingLabels {
		if !strings.Contains(src.String(), `label="`+label+`"`) {
			t.Errorf("setting %s: no editor field is labelled %q", key, label)
		}
	}
}

func TestRateBudgetSettings(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"rateLimit":20,"endpointRateLimit":7.5}`)})
	if err != nil {
		t.Fatal(err)
	}
	if s.RateLimit != 20 || s.EndpointRateLimit != 7.5 {
		t.Errorf("rateLimit %v, endpointRateLimit %v; want 20 and 7.5", s.RateLimit, s.EndpointRateLimit)
	}
	s, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{}`)})
	if err != nil || s.RateLimit != 0 || s.EndpointRateLimit != 0 {
		t.Errorf("absent budgets must stay 0 (the key's mode decides): %+v, %v", s, err)
	}
	_, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"endpointRateLimit":-1}`)})
	if err == nil || !strings.Contains(err.Error(), `"Per-endpoint rate budget" (endpointRateLimit)`) {
		t.Errorf("negative endpoint budget: %v", err)
	}
}

// The high-availability settings: a Redis URL (never repeated with its password), the number of
// replicas required with it, the password from secureJsonData.
func TestSharedStoreSettings(t *testing.T) {
	for _, c := range []struct {
		json, setting string
		says          []string
	}{
		{`{"sharedStoreUrl":"http://redis:6379"}`, "sharedStoreUrl", []string{`"Shared store (Redis) URL" (sharedStoreUrl)`, "redis://"}},
		{`{"sharedStoreUrl":"mysql://user:hunter2pass@db/x"}`, "sharedStoreUrl", []string{"redis://", "xxxxx"}},
		{`{"sharedStoreUrl":"redis://redis:6379/0"}`, "replicas", []string{`"Grafana replicas" (replicas)`, "divided"}},
		{`{"sharedStoreUrl":"redis://redis:6379/0","replicas":0}`, "replicas", []string{"not 0"}},
		{`{"sharedStoreUrl":"redis://redis:6379/0","replicas":2.5}`, "replicas", []string{"a whole number", "2.5"}},
		{`{"replicas":-1}`, "replicas", []string{"1 to 100"}},
	} {
		_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(c.json)})
		var se *SettingError
		if !errors.As(err, &se) || se.Setting != c.setting {
			t.Errorf("%s: %v, want a SettingError for %q", c.json, err, c.setting)
			continue
		}
		for _, s := range c.says {
			if !strings.Contains(se.Message, s) {
				t.Errorf("%s: %q does not say %s", c.json, se.Message, s)
			}
		}
		if strings.Contains(se.Message, "hunter2pass") {
			t.Errorf("%s: the message holds the password: %q", c.json, se.Message)
		}
	}
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"sharedStoreUrl":" rediss://redis:6380/0 ","replicas":3}`),
		DecryptedSecureJSONData: map[string]string{SecureKeySharedStorePassword: "pw"}})
	if err != nil || s.SharedStoreURL != "rediss://redis:6380/0" || s.Replicas != 3 || s.SharedStorePassword != "pw" {
		t.Errorf("%+v %v", s, err)
	}
}
