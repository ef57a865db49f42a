package testdb

import (
	"io"
	"log/slog"
)

// quietLogger drops the migration chatter that would drown test output.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
