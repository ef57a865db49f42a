package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	samspil "github.com/samspil/samspil"
	"github.com/samspil/samspil/mail"
	"github.com/samspil/samspil/password"
)

// Login rate limits: failures within loginWindow per account and per IP.
const (
	loginWindow     = 15 * time.Minute
	maxFailsAccount = 5
	maxFailsIP      = 20
)

// msgData is the neutral "check your e-mail" / information page.
type msgData struct {
	Title   string // translation key
	Message string // translation key
	Email   string
}

// sendMail delivers m and logs a failure; the user sees the same page
// either way, so delivery problems cannot reveal whether an account exists.
func (s *Server) sendMail(ctx context.Context, m mail.Message) {
	if err := s.mailer.Send(ctx, m); err != nil {
		s.logger.ErrorContext(ctx, "send e-mail", "to", m.To, "subject", m.Subject, "err", err)
	}
}

// userLang is the language for e-mails to u.
func userLang(u *samspil.User, fallback string) string {
	if u != nil && validLang(u.Locale) {
		return u.Locale
	}
	return fallback
}

// --- sign up ---

func (s *Server) handleSignupPage(w http.ResponseWriter, r *http.Request) {
	if s.principal(r) != nil {
		s.redirect(w, r, "/konto")
		return
	}
	f := EmptyForm(r)
	// An invitation sends people here with ?next=/invitation/…; the
	// confirmation link carries it on, so they land back on the invitation.
	f.Set("next", localNext(r.URL.Query().Get("next")))
	s.render(w, r, http.StatusOK, "signup", f)
}

// localNext returns next when it is a safe local path to continue to, and
// "" otherwise (safeNext's fallback is for after sign-in, not for links).
func localNext(next string) string {
	if next != "" && safeNext(next) == next {
		return next
	}
	return ""
}

// handleSignup creates an unconfirmed account and e-mails a confirmation
// link. An address that already has an account gets a notice e-mail
// instead, and the visitor sees the same page as for a new address.
func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	var v samspil.Validation
	email, err := samspil.NormaliseEmail(f.Get("email"))
	if err != nil {
		e, _ := samspil.AsError(err)
		v.Add("email", e.Key, e.Message, nil)
	}
	name := f.Get("name")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "account.name.required", "the name is required", nil)
	case n > samspil.MaxNameLen:
		v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
	}
	pw := f.Raw("password")
	if err := samspil.CheckPassword(pw); err != nil {
		e, _ := samspil.AsError(err)
		v.Add("password", e.Key, e.Message, e.Args)
	}
	if err := v.Err(); err != nil {
		f.SetErrors(err)
		f.Set("password", "")
		s.render(w, r, http.StatusUnprocessableEntity, "signup", f)
		return
	}
	ctx := r.Context()
	lang := s.lang(r)
	done := msgData{Title: "signup.done.title", Message: "signup.done.text", Email: email}
	if existing, err := s.store.FindUserByEmail(ctx, email); err == nil {
		// Tell the owner, not the visitor: a confirmed owner gets a reset
		// link (they may have forgotten they have an account), an
		// unconfirmed one a fresh confirmation link. Hashing the password
		// anyway keeps the answer as slow as for a new account.
		_, _ = password.Hash(pw)
		if existing.Confirmed() {
			s.sendReset(ctx, existing, lang)
		} else {
			s.sendConfirmation(ctx, existing, lang, localNext(f.Get("next")))
		}
		s.render(w, r, http.StatusOK, "check_email", done)
		return
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	hash, err := password.Hash(pw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := &samspil.User{Email: email, Name: name, PasswordHash: hash, Locale: lang}
	if err := s.store.CreateUser(ctx, u); err != nil {
		if samspil.ErrorCode(err) == samspil.ECONFLICT { // a race with another sign-up
			s.render(w, r, http.StatusOK, "check_email", done)
			return
		}
		if f.SetErrors(err) {
			s.render(w, r, http.StatusUnprocessableEntity, "signup", f)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.sendConfirmation(ctx, u, lang, localNext(f.Get("next")))
	s.render(w, r, http.StatusOK, "check_email", done)
}

// sendConfirmation stores a one-time token and e-mails the link; next (a
// local path or "") is where the person continues after signing in.
func (s *Server) sendConfirmation(ctx context.Context, u *samspil.User, lang, next string) {
	if secret, ok := s.newUserToken(ctx, u, samspil.TokenConfirmEmail, samspil.ConfirmTokenTTL); ok {
		q := url.Values{"token": {secret}}
		if next != "" {
			q.Set("next", next)
		}
		s.sendMail(ctx, mail.ConfirmEmail(userLang(u, lang), u.Email, s.link("/bekraeft", q)))
	}
}

// newUserToken stores a one-time token of purpose for u and returns the
// secret for the e-mail link. A failure is logged: the caller answers the
// visitor the same way whatever happened, so nothing is revealed.
func (s *Server) newUserToken(ctx context.Context, u *samspil.User, purpose samspil.TokenPurpose, ttl time.Duration) (string, bool) {
	secret, hash := password.NewSecret("")
	t := &samspil.OneTimeToken{Hash: hash, Purpose: purpose, UserID: u.ID, Email: u.Email, ExpiresAt: s.now().Add(ttl)}
	if err := s.store.CreateToken(ctx, t); err != nil {
		s.logger.ErrorContext(ctx, "create one-time token", "purpose", purpose, "err", err)
		return "", false
	}
	return secret, true
}

// handleConfirm confirms the address of the link's token.
func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request) {
	secret := r.URL.Query().Get("token")
	bad := msgData{Title: "confirm.invalid.title", Message: "confirm.invalid.text"}
	if secret == "" || len(secret) > 200 {
		s.render(w, r, http.StatusNotFound, "message", bad)
		return
	}
	ctx := r.Context()
	t, err := s.store.ConsumeToken(ctx, samspil.TokenConfirmEmail, password.HashSecret(secret))
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			s.render(w, r, http.StatusNotFound, "message", bad)
			return
		}
		s.fail(w, r, err)
		return
	}
	now := s.now()
	u, err := s.store.FindUserByID(ctx, t.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !u.Confirmed() {
		if _, err := s.store.UpdateUser(ctx, u.ID, samspil.UserUpdate{EmailConfirmedAt: &now}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.setFlash(r, "confirm.done")
	if next := localNext(r.URL.Query().Get("next")); next != "" {
		s.redirect(w, r, "/log-ind?"+url.Values{"next": {next}}.Encode())
		return
	}
	s.redirect(w, r, "/log-ind")
}

func (s *Server) handleResendPage(w http.ResponseWriter, r *http.Request) {
	f := EmptyForm(r)
	f.Set("email", r.URL.Query().Get("email"))
	s.render(w, r, http.StatusOK, "resend", f)
}

// readEmailForm reads a form whose one field is an e-mail address. On a
// malformed address it shows page again with the error and returns false.
func (s *Server) readEmailForm(w http.ResponseWriter, r *http.Request, page string) (*Form, string, bool) {
	f, ok := s.readForm(w, r)
	if !ok {
		return nil, "", false
	}
	email, err := samspil.NormaliseEmail(f.Get("email"))
	if err != nil {
		f.SetErrors(&samspil.Error{Code: samspil.EINVALID, Fields: []samspil.FieldError{{Field: "email", Key: samspil.ErrorKey(err)}}})
		s.render(w, r, http.StatusUnprocessableEntity, page, f)
		return nil, "", false
	}
	return f, email, true
}

// handleResend sends a new confirmation link when the address belongs to an
// unconfirmed account; the answer is the same in every case.
func (s *Server) handleResend(w http.ResponseWriter, r *http.Request) {
	_, email, ok := s.readEmailForm(w, r, "resend")
	if !ok {
		return
	}
	if u, err := s.store.FindUserByEmail(r.Context(), email); err == nil && !u.Confirmed() {
		s.sendConfirmation(r.Context(), u, s.lang(r), "")
	}
	s.render(w, r, http.StatusOK, "check_email", msgData{Title: "resend.done.title", Message: "resend.done.text", Email: email})
}

// --- log in and out ---

type loginData struct {
	FormData
	Next        string
	Unconfirmed bool
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if s.principal(r) != nil {
		s.redirect(w, r, "/konto")
		return
	}
	s.render(w, r, http.StatusOK, "login", loginData{FormData: FormData{EmptyForm(r)}, Next: r.URL.Query().Get("next")})
}

// handleLogin checks the password with rate limits per account and per IP.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	d := loginData{FormData: FormData{f}, Next: f.Get("next")}
	email, _ := samspil.NormaliseEmail(f.Get("email"))
	if email == "" {
		email = strings.ToLower(f.Get("email"))
	}
	pw := f.Raw("password")
	f.Set("password", "")
	keyAcc, keyIP := "email:"+email, "ip:"+s.clientIP(r)
	since := s.now().Add(-loginWindow)
	for _, c := range []struct {
		key string
		max int
	}{{keyAcc, maxFailsAccount}, {keyIP, maxFailsIP}} {
		n, err := s.store.CountLoginFailures(ctx, c.key, since)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if n >= c.max {
			w.Header().Set("Retry-After", strconv.Itoa(int(loginWindow.Seconds())))
			s.fail(w, r, samspil.Errorf(samspil.ETOOMANY, "login.too_many", "too many failed attempts; wait 15 minutes"))
			return
		}
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	good := false
	if err == nil && len(pw) <= samspil.MaxPasswordLen*4 {
		good, err = password.Verify(pw, u.PasswordHash)
		if err != nil {
			s.logger.ErrorContext(ctx, "verify password", "err", err)
			good = false
		}
	} else if code := samspil.ErrorCode(err); err != nil && code != samspil.ENOTFOUND && code != samspil.EINVALID {
		s.fail(w, r, err)
		return
	} else {
		// Spend about the same time as a real check so response time
		// does not tell whether the account exists.
		_, _ = password.Verify(pw, dummyHash())
	}
	if !good {
		if err := s.store.RecordLoginFailure(ctx, keyAcc, keyIP); err != nil {
			s.fail(w, r, err)
			return
		}
		f.AddError("", "login.failed", nil)
		s.render(w, r, http.StatusUnprocessableEntity, "login", d)
		return
	}
	if !u.Confirmed() {
		d.Unconfirmed = true
		f.AddError("", "login.unconfirmed", nil)
		s.render(w, r, http.StatusForbidden, "login", d)
		return
	}
	_ = s.store.ClearLoginFailures(ctx, keyAcc)
	if err := s.signIn(r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if validLang(u.Locale) && u.Locale != s.lang(r) {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: u.Locale, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	s.redirect(w, r, safeNext(d.Next))
}

// dummyHash is a fixed valid hash for equal-time checks of unknown accounts.
var dummyHash = sync.OnceValue(func() string {
	h, _ := password.Hash("samspil-dummy-password")
	return h
})

// handleLogout signs out (POST only, CSRF-protected).
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.signOut(r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "logout.done")
	s.redirect(w, r, "/")
}

// --- forgotten password ---

func (s *Server) handleForgotPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgot", EmptyForm(r))
}

// handleForgot e-mails a reset link to a known confirmed or unconfirmed
// address and answers every request with the same neutral page.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	_, email, ok := s.readEmailForm(w, r, "forgot")
	if !ok {
		return
	}
	ctx := r.Context()
	if u, err := s.store.FindUserByEmail(ctx, email); err == nil {
		s.sendReset(ctx, u, s.lang(r))
	} else if samspil.ErrorCode(err) != samspil.ENOTFOUND {
		s.logger.ErrorContext(ctx, "find user for reset", "err", err)
	}
	s.render(w, r, http.StatusOK, "check_email", msgData{Title: "forgot.done.title", Message: "forgot.done.text", Email: email})
}

// sendReset stores a one-time reset token and e-mails the link.
func (s *Server) sendReset(ctx context.Context, u *samspil.User, lang string) {
	if secret, ok := s.newUserToken(ctx, u, samspil.TokenResetPassword, samspil.ResetTokenTTL); ok {
		s.sendMail(ctx, mail.ResetPassword(userLang(u, lang), u.Email, s.link("/nulstil-adgangskode", url.Values{"token": {secret}})))
	}
}

type resetData struct {
	FormData
	Token string
}

func (s *Server) handleResetPage(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		s.render(w, r, http.StatusNotFound, "message", msgData{Title: "reset.invalid.title", Message: "reset.invalid.text"})
		return
	}
	// The token is in the address: keep it out of Referer headers.
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "reset", resetData{FormData: FormData{EmptyForm(r)}, Token: tok})
}

// handleReset sets a new password with a one-time token; the token is only
// used up when the new password is acceptable.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	tok := f.Get("token")
	pw := f.Raw("password")
	d := resetData{FormData: FormData{f}, Token: tok}
	f.Set("password", "")
	if err := samspil.CheckPassword(pw); err != nil {
		e, _ := samspil.AsError(err)
		f.SetErrors(&samspil.Error{Code: samspil.EINVALID, Fields: []samspil.FieldError{{Field: "password", Key: e.Key, Args: e.Args}}})
		s.render(w, r, http.StatusUnprocessableEntity, "reset", d)
		return
	}
	ctx := r.Context()
	t, err := s.store.ConsumeToken(ctx, samspil.TokenResetPassword, password.HashSecret(tok))
	if err != nil {
		if samspil.ErrorCode(err) == samspil.ENOTFOUND {
			s.render(w, r, http.StatusNotFound, "message", msgData{Title: "reset.invalid.title", Message: "reset.invalid.text"})
			return
		}
		s.fail(w, r, err)
		return
	}
	hash, err := password.Hash(pw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	upd := samspil.UserUpdate{PasswordHash: &hash}
	// The link arrived by e-mail, so it also proves the address.
	u, err := s.store.FindUserByID(ctx, t.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !u.Confirmed() {
		now := s.now()
		upd.EmailConfirmedAt = &now
	}
	if _, err := s.store.UpdateUser(ctx, t.UserID, upd); err != nil {
		s.fail(w, r, err)
		return
	}
	_ = s.store.ClearLoginFailures(ctx, "email:"+u.Email)
	s.setFlash(r, "reset.done")
	s.redirect(w, r, "/log-ind")
}

// --- account page and API tokens ---

type accountData struct {
	FormData
	Memberships []*samspil.Membership
	Tokens      []*samspil.APIToken
	TokenForm   *Form
	// PasswordForm changes the password; it never echoes what was typed.
	PasswordForm *Form
	// LocaleOptions are the languages a user can choose for pages and e-mails.
	LocaleOptions []Option
}

func (s *Server) accountData(r *http.Request, f *Form) (accountData, error) {
	p := s.principal(r)
	d := accountData{FormData: FormData{f}, TokenForm: EmptyForm(r), PasswordForm: EmptyForm(r),
		LocaleOptions: []Option{{Value: "da", Label: "Dansk"}, {Value: "en", Label: "English"}}}
	var err error
	d.Memberships, _, err = s.store.FindMemberships(r.Context(), samspil.MembershipFilter{UserID: p.User.ID, Limit: samspil.MaxPageSize})
	if err != nil {
		return d, err
	}
	d.Tokens, err = s.store.FindAPITokens(r.Context(), p.User.ID)
	return d, err
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	u := s.principal(r).User
	f := EmptyForm(r)
	f.Set("name", u.Name)
	f.Set("locale", userLang(u, s.lang(r)))
	d, err := s.accountData(r, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account", d)
}

// handleAccountUpdate saves the name and the preferred language.
func (s *Server) handleAccountUpdate(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	u := s.principal(r).User
	name, locale := f.Get("name"), f.Get("locale")
	var v samspil.Validation
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "account.name.required", "the name is required", nil)
	case n > samspil.MaxNameLen:
		v.Add("name", "field.too_long", "the text is too long", map[string]any{"Max": samspil.MaxNameLen})
	}
	if !validLang(locale) {
		v.Add("locale", "account.locale.invalid", "choose Danish or English", nil)
	}
	if err := v.Err(); err != nil {
		f.SetErrors(err)
		d, err := s.accountData(r, f)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "account", d)
		return
	}
	if _, err := s.store.UpdateUser(r.Context(), u.ID, samspil.UserUpdate{Name: &name, Locale: &locale}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: locale, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	s.setFlash(r, "account.saved")
	s.redirect(w, r, "/konto")
}

// handlePasswordChange sets a new password after checking the current one.
// The store records the change, which ends every other session of the
// account; this browser signs in afresh so it stays signed in.
func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	u := s.principal(r).User
	current, next := f.Raw("current_password"), f.Raw("new_password")
	f.Set("current_password", "")
	f.Set("new_password", "")
	ctx := r.Context()
	key := "email:" + u.Email
	var v samspil.Validation
	if n, err := s.store.CountLoginFailures(ctx, key, s.now().Add(-loginWindow)); err != nil {
		s.fail(w, r, err)
		return
	} else if n >= maxFailsAccount {
		w.Header().Set("Retry-After", strconv.Itoa(int(loginWindow.Seconds())))
		s.fail(w, r, samspil.Errorf(samspil.ETOOMANY, "login.too_many", "too many failed attempts; wait 15 minutes"))
		return
	}
	if good, err := password.Verify(current, u.PasswordHash); err != nil || !good {
		_ = s.store.RecordLoginFailure(ctx, key)
		v.Add("current_password", "account.password.wrong", "the current password is not right", nil)
	}
	if err := samspil.CheckPassword(next); err != nil {
		e, _ := samspil.AsError(err)
		v.Add("new_password", e.Key, e.Message, e.Args)
	}
	if err := v.Err(); err != nil {
		d, derr := s.accountData(r, EmptyForm(r))
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.Form.Set("name", u.Name)
		d.Form.Set("locale", userLang(u, s.lang(r)))
		f.SetErrors(err)
		d.PasswordForm = f
		s.render(w, r, http.StatusUnprocessableEntity, "account", d)
		return
	}
	hash, err := password.Hash(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.store.UpdateUser(ctx, u.ID, samspil.UserUpdate{PasswordHash: &hash}); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.signIn(r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "account.password.changed")
	s.redirect(w, r, "/konto")
}

type tokenCreatedData struct {
	Name   string
	Secret string
}

// handleTokenCreate makes a personal API token and shows its secret once.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	f, ok := s.readForm(w, r)
	if !ok {
		return
	}
	u := s.principal(r).User
	name := f.Get("token_name")
	var v samspil.Validation
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("token_name", "token.name.required", "give the token a name", nil)
	case n > 100:
		v.Add("token_name", "field.too_long", "the text is too long", map[string]any{"Max": 100})
	}
	if err := v.Err(); err != nil {
		tf := f
		tf.SetErrors(err)
		pf := EmptyForm(r)
		pf.Set("name", u.Name)
		pf.Set("locale", userLang(u, s.lang(r)))
		d, err := s.accountData(r, pf)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.TokenForm = tf
		s.render(w, r, http.StatusUnprocessableEntity, "account", d)
		return
	}
	secret, hash := password.NewSecret("sps_")
	prefix := secret
	if len(prefix) > 12 {
		prefix = prefix[:12]
	}
	t := &samspil.APIToken{UserID: u.ID, Name: name, Hash: hash, Prefix: prefix}
	if err := s.store.CreateAPIToken(r.Context(), t); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusCreated, "token_created", tokenCreatedData{Name: name, Secret: secret})
}

// ownToken finds the signed-in user's token named in the path.
func (s *Server) ownToken(r *http.Request) (*samspil.APIToken, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, samspil.Errorf(samspil.ENOTFOUND, "token.not_found", "token not found")
	}
	toks, err := s.store.FindAPITokens(r.Context(), s.principal(r).User.ID)
	if err != nil {
		return nil, err
	}
	for _, t := range toks {
		if t.ID == id {
			return t, nil
		}
	}
	return nil, samspil.Errorf(samspil.ENOTFOUND, "token.not_found", "token not found")
}

// handleTokenDeletePage asks for confirmation before deleting a token.
func (s *Server) handleTokenDeletePage(w http.ResponseWriter, r *http.Request) {
	t, err := s.ownToken(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "token_delete", t)
}

func (s *Server) handleTokenDelete(w http.ResponseWriter, r *http.Request) {
	t, err := s.ownToken(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.DeleteAPIToken(r.Context(), s.principal(r).User.ID, t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "token.deleted")
	s.redirect(w, r, "/konto")
}
