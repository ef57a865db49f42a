package deps

import (
	_ "github.com/alexedwards/argon2id"
	_ "github.com/alexedwards/scs/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/emersion/go-smtp"
	_ "github.com/getkin/kin-openapi/openapi3"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/nicksnyder/go-i18n/v2/i18n"
	_ "github.com/pressly/goose/v3"
	_ "github.com/wneessen/go-mail"
	_ "golang.org/x/text/language"
	_ "modernc.org/sqlite"
)
