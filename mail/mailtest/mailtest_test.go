package mailtest

import (
	"reflect"
	"testing"
)

func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"no links here", nil},
		{"Open https://a.dk/x?t=1&u=2.\nor http://b.dk", []string{"https://a.dk/x?t=1&u=2", "http://b.dk"}},
		{"(see https://a.dk/y), then", []string{"https://a.dk/y"}},
		{`<a href="https://a.dk/z">`, []string{"https://a.dk/z"}},
	} {
		if got := Links(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Links(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	raw := "Subject: =?UTF-8?q?Bekr=C3=A6ft_=C3=B8=C3=A5?=\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=XX\r\n\r\n" +
		"--XX\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Hej https://a.dk/very-long-=\r\nlink?x=3D1\r\n" +
		"--XX\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"PHA+SGVqPC9w\r\nPg==\r\n" +
		"--XX--\r\n"
	r, err := Decode([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "Bekræft øå" {
		t.Errorf("subject %q", r.Subject)
	}
	if got := Links(r.Text); len(got) != 1 || got[0] != "https://a.dk/very-long-link?x=1" {
		t.Errorf("links %v from %q", got, r.Text)
	}
	if r.HTML != "<p>Hej</p>" {
		t.Errorf("html %q", r.HTML)
	}
}
