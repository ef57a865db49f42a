package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

const pbrUsage = "usage: samspil pbr calculate --contract contract.json --participants participants.csv --claims claims.csv"

// cmdPbr runs `samspil pbr calculate`: the payment-by-result engine on
// three files, without a database, so anyone can check a contract's
// payments outside the platform (docs/pbr.md). Every problem of every
// file is printed on stderr, one per line, before it gives up.
func cmdPbr(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "calculate" {
		return errors.New(pbrUsage)
	}
	fs := flag.NewFlagSet("pbr calculate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	contractPath := fs.String("contract", "", "the contract and its rate card (JSON)")
	participantsPath := fs.String("participants", "", "participants.csv: participant,enrolled_on")
	claimsPath := fs.String("claims", "", "claims.csv: claim_id,participant,outcome,achieved_on,submitted_at")
	if err := fs.Parse(args[1:]); err != nil {
		return errReported
	}
	if *contractPath == "" || *participantsPath == "" || *claimsPath == "" || fs.NArg() > 0 {
		return errors.New(pbrUsage)
	}

	failed := false
	read := func(path string, parse func(io.Reader) error) {
		f, err := os.Open(path)
		if err == nil {
			err = parse(f)
			f.Close()
		}
		if err != nil {
			failed = true
			printPbrError(stderr, path, err)
		}
	}
	var c *pbr.Contract
	var ps []pbr.Participant
	var cs []pbr.Claim
	read(*contractPath, func(r io.Reader) (err error) { c, err = pbr.ReadContract(r); return err })
	read(*participantsPath, func(r io.Reader) (err error) { ps, err = pbr.ReadParticipants(r); return err })
	read(*claimsPath, func(r io.Reader) (err error) { cs, err = pbr.ReadClaims(r); return err })
	if failed {
		return errReported
	}
	res, err := pbr.Calculate(c, ps, cs)
	if err != nil {
		printPbrError(stderr, "", err)
		return errReported
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(b, '\n'))
	return err
}

// printPbrError writes every problem of err on its own line, naming the
// file and the line ("claims.csv line 4: …") or the field.
func printPbrError(w io.Writer, path string, err error) {
	head := "samspil pbr"
	if path != "" {
		head += ": " + path
	}
	e, ok := samspil.AsError(err)
	switch {
	case !ok:
		fmt.Fprintf(w, "%s: %v\n", head, err)
	case len(e.Fields) == 0:
		fmt.Fprintf(w, "%s: %s\n", head, english(e.Message, e.Args))
	}
	if !ok {
		return
	}
	for _, f := range e.Fields {
		if n, isLine := strings.CutPrefix(f.Field, "line:"); isLine {
			fmt.Fprintf(w, "%s line %s: %s\n", head, n, english(f.Message, f.Args))
		} else {
			fmt.Fprintf(w, "%s: %s: %s\n", head, f.Field, english(f.Message, f.Args))
		}
	}
}

var templateArg = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// english fills the {{.Name}} places of a domain error's English text.
func english(msg string, args map[string]any) string {
	return templateArg.ReplaceAllStringFunc(msg, func(m string) string {
		name := templateArg.FindStringSubmatch(m)[1]
		if v, ok := args[name]; ok {
			return fmt.Sprint(v)
		}
		return m
	})
}
