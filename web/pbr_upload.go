package web

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/pbr"
)

// The CSV uploads of the web (spend, participants, claims) share one way
// in: the file is spooled to a private temporary file under a token,
// checked, previewed with every line error, and only then committed. This
// file holds the steps they have in common.

// uploadFlow is what one CSV upload takes and says when it refuses a
// file; each flow has its own limit and translation keys.
type uploadFlow struct {
	Max        int64          // the largest file taken
	TooLarge   *samspil.Error // shown when the file is over Max
	Unreadable string         // key: the body is not a readable form
	NoFile     string         // key: no file was chosen
}

// receiveUpload spools the "file" part of an upload form into sp: refused
// unread when the body announces more than the limit, cut off when it
// turns out larger. It reports whether the file is spooled; when not, the
// answer has been written (through refuse, or as an error page).
func (s *Server) receiveUpload(w http.ResponseWriter, r *http.Request, sp *spendSpool, u uploadFlow, refuse func(int, error)) bool {
	if r.ContentLength > u.Max+spendEnvelope {
		refuse(http.StatusRequestEntityTooLarge, u.TooLarge)
		return false
	}
	err := spoolUploadPart(r, sp, u.Max)
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.Is(err, errSpendTooLarge) || errors.As(err, &tooBig):
		refuse(http.StatusRequestEntityTooLarge, u.TooLarge)
	case errors.Is(err, errBadForm):
		refuse(http.StatusBadRequest, fileError(u.Unreadable, "the upload could not be read; choose the file again", nil))
	case errors.Is(err, errNoSpendFile):
		refuse(http.StatusUnprocessableEntity, fileError(u.NoFile, "choose a CSV file", nil))
	default:
		s.fail(w, r, err)
	}
	return false
}

// spoolUploadPart streams the "file" part of the multipart body into the
// spool (at most max bytes); other parts, and empty files, are skipped.
func spoolUploadPart(r *http.Request, sp *spendSpool, max int64) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return errBadForm
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return errNoSpendFile
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return err
			}
			return errBadForm
		}
		if part.FormName() != "file" || part.FileName() == "" {
			if err := skipPart(part); err != nil {
				return err
			}
			continue
		}
		sp.FileName = cleanFileName(part.FileName())
		err = spoolSpendFile(part, max, sp)
		part.Close()
		if err != nil {
			return err
		}
		if sp.Size == 0 {
			sp.remove()
			continue
		}
		return nil
	}
}

// pbrMaxListedErrors bounds the line errors one preview lists; the rest
// are counted. A file with that many problems is the wrong file.
const pbrMaxListedErrors = 1000

// pbrListLineErrors translates a file's line errors in line order (the
// order within a line kept), naming each field's column with column. It
// lists at most pbrMaxListedErrors and returns how many more there are.
func pbrListLineErrors(tr *Translator, errs []pbr.LineError, column func(field string) string) ([]spendLineError, int) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	var out []spendLineError
	more := 0
	for i, le := range errs {
		if i >= pbrMaxListedErrors {
			more = len(errs) - i
			break
		}
		msg := le.Message
		if le.Key != "" {
			msg = tr.Err(&samspil.Error{Code: samspil.EINVALID, Key: le.Key, Message: le.Message, Args: le.Args})
		}
		field := ""
		if le.Field != "" {
			field = column(le.Field)
		}
		out = append(out, spendLineError{Line: le.Line, Field: field, Message: msg})
	}
	return out, more
}

// pbrStoreLineErrors maps the store's "<prefix>.<i>.<field>" errors of a
// file's rows back to the file's lines; line gives the line of row i (it
// is only called with an index within the file). An error without an
// index concerns the whole file (line 0).
func pbrStoreLineErrors(e *samspil.Error, prefix string, rows int, line func(i int) int) []pbr.LineError {
	if len(e.Fields) == 0 {
		return []pbr.LineError{{Key: e.Key, Message: e.Message, Args: e.Args}}
	}
	var out []pbr.LineError
	for _, fe := range e.Fields {
		le := pbr.LineError{Field: fe.Field, Key: fe.Key, Message: fe.Message, Args: fe.Args}
		if rest, ok := strings.CutPrefix(fe.Field, prefix+"."); ok {
			idx, field, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < rows {
				le.Line = line(i)
				le.Field = field
			}
		}
		out = append(out, le)
	}
	return out
}
