package jobs

import (
	"testing"
	"time"
)

func TestDailyAtNext(t *testing.T) {
	loc := copenhagen()
	d := dailyAt{hour: DigestHour, loc: loc}
	cases := []struct{ now, want string }{
		{"2026-11-28T05:59:00Z", "2026-11-28T06:00:00Z"}, // winter: 07:00 CET = 06:00 UTC
		{"2026-11-28T06:00:00Z", "2026-11-29T06:00:00Z"}, // exactly at the time: the next day
		{"2026-07-01T04:00:00Z", "2026-07-01T05:00:00Z"}, // summer: 07:00 CEST = 05:00 UTC
		{"2026-03-28T12:00:00Z", "2026-03-29T05:00:00Z"}, // across the switch to summer time
		{"2026-10-24T12:00:00Z", "2026-10-25T06:00:00Z"}, // across the switch back
	}
	for _, c := range cases {
		now, _ := time.Parse(time.RFC3339, c.now)
		want, _ := time.Parse(time.RFC3339, c.want)
		if got := d.Next(now); !got.Equal(want) {
			t.Errorf("Next(%s) = %s, want %s", c.now, got, want)
		}
	}
}
