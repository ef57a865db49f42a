// Command samspil runs the Samspil platform and its maintenance tasks.
//
//	samspil serve   [--addr HOST:PORT] [--db PATH|postgres://…] [--demo]
//	samspil migrate [--db …]
//	samspil demo    [--db …] [--orgs N] [--opportunities M] [--seed S]
//	samspil import organisations FILE.csv [--db …]
//	samspil import purchases --municipality KODE FILE.csv [--db …]
//	samspil pbr calculate --contract C.json --participants P.csv --claims K.csv
//	samspil backup  FILE [--db …]
//	samspil user create --email E --name N [--admin] [--editor] [--db …]
//
// Every setting can also come from a SAMSPIL_* environment variable; a flag
// wins over the environment, which wins over the default.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/samspil/samspil"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `samspil — the platform where municipalities, social-economy enterprises and companies work together

Usage:
  samspil serve   [--addr HOST:PORT] [--db PATH|postgres://…] [--demo] [--base-url URL]
  samspil migrate [--db …]                    apply database migrations (needed on PostgreSQL)
  samspil demo    [--db …] [--orgs N] [--opportunities M] [--seed S]   load the deterministic demo data set
  samspil import organisations FILE.csv [--db …]   all-or-nothing CSV import
  samspil import purchases --municipality KODE FILE.csv [--db …]   a municipality's finance data, all-or-nothing, idempotent
  samspil pbr calculate --contract C.json --participants P.csv --claims K.csv   payment-by-result calculation as JSON (docs/pbr.md)
  samspil backup  FILE [--db …]               consistent copy of a SQLite database while it serves
  samspil user create --email E --name N [--admin] [--editor] [--db …]

Environment: SAMSPIL_DB, SAMSPIL_FILES, SAMSPIL_ADDR, SAMSPIL_BASE_URL, SAMSPIL_SMTP_HOST, SAMSPIL_SMTP_PORT,
SAMSPIL_SMTP_USERNAME, SAMSPIL_SMTP_PASSWORD (or SAMSPIL_SMTP_PASSWORD_FILE), SAMSPIL_SMTP_TLS,
SAMSPIL_MAIL_FROM, SAMSPIL_PASSWORD (for user create), SAMSPIL_LOG_LEVEL, SAMSPIL_PROCUREMENT_RULES,
SAMSPIL_OCDS_PREFIX, SAMSPIL_OCDS_PUBLISHER, SAMSPIL_OCDS_LICENSE.
`

// run is main without the process: tests call it with their own arguments
// and streams and read the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stderr)
	case "migrate":
		err = cmdMigrate(ctx, args[1:], stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout, stderr)
	case "import":
		err = cmdImport(ctx, args[1:], stdout, stderr)
	case "pbr":
		err = cmdPbr(ctx, args[1:], stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, args[1:], stdout, stderr)
	case "user":
		err = cmdUser(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "samspil: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		// The person at the command line runs the server, so internal
		// messages (a schema to migrate, a database that does not answer)
		// are theirs to read too.
		if e, ok := samspil.AsError(err); ok {
			fmt.Fprintf(stderr, "samspil %s: %s\n", args[0], e.Message)
			for _, fe := range e.Fields {
				fmt.Fprintf(stderr, "  %s: %s\n", fe.Field, fe.Message)
			}
		} else if err != errReported {
			fmt.Fprintf(stderr, "samspil %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}

// errReported means the command has already told the user what went wrong
// on stderr, so run only sets the exit code.
var errReported = fmt.Errorf("reported")
