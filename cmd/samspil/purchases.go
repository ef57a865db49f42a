package main

import (
	"context"
	"errors"
	"io"
)

// cmdImportPurchases is "samspil import purchases --municipality KODE FILE".
// STUB: the purchase helper replaces this file.
func cmdImportPurchases(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
