package main

import (
	"context"
	"errors"
	"io"
)

// cmdPbr runs `samspil pbr calculate` (E1 owns this file).
func cmdPbr(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("usage: samspil pbr calculate --contract contract.json --participants participants.csv --claims claims.csv")
}
