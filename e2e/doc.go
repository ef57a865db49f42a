// Package e2e holds Samspil's browser tests: journeys a person takes through
// the real wiring (package app on a loopback port, SQLite in a temporary
// folder, e-mail through an in-process SMTP server), driven in headless
// Chromium with chromedp, plus accessibility checks with axe-core and checks
// that the pages work with JavaScript turned off.
//
// The tests need Chromium. They look for it at $SAMSPIL_CHROMIUM (default
// /usr/bin/chromium) and skip when it is missing, unless
// SAMSPIL_REQUIRE_BROWSER=1 is set (scripts/test sets it), in which case a
// missing or broken browser fails the run.
//
// The sign-up journey runs twice: on SQLite and on a fresh database on the
// PostgreSQL server in $SAMSPIL_TEST_POSTGRES (skipped without one, unless
// SAMSPIL_REQUIRE_POSTGRES=1). Set SAMSPIL_E2E_SCREENSHOTS to a folder to
// keep screenshots of some pages for a person to look at.
//
// The package has no code outside its tests.
package e2e
