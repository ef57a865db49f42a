package e2e

import (
	"strings"
	"testing"
)

const askForm = `form[action="/spoergsmaal/ny"]`

// TestJourneyQuestionAskAnswerAccept: a municipal employee asks a question
// only for municipalities, with a preview first; a colleague in another
// municipality answers it; a visitor who is not signed in cannot find it;
// the asker votes the answer up and accepts it. Every page passes axe.
// It runs on SQLite and on PostgreSQL.
func TestJourneyQuestionAskAnswerAccept(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { journeyQuestion(t, start(t, options{BypassCSP: true})) })
	t.Run("postgres", func(t *testing.T) { journeyQuestion(t, start(t, options{BypassCSP: true, Postgres: true})) })
}

func journeyQuestion(t *testing.T, asker *harness) {
	ap := newPerson(t, 1)
	asker.storedPerson(ap, false, "0751")
	asker.logIn(ap)

	asker.open("/spoergsmaal")
	if !asker.exists(`link[rel="alternate"][type="application/atom+xml"][href="/feeds/questions.atom"]`) {
		asker.fail("the question list does not link its feed")
	}
	asker.axe("/spoergsmaal")
	asker.submitOK(`a[href="/spoergsmaal/ny"]`)
	asker.wantText("Du spørger for Aarhus Kommune.")
	// Too short a title comes back with the message next to the field.
	asker.typeInto(askForm+` input[name="title"]`, "Klausul?")
	if resp := asker.submit(askForm + ` button[value="save"]`); resp.Status != 422 {
		asker.fail("a short title answered %d, want 422", resp.Status)
	}
	if asker.attr(askForm+` input[name="title"]`, "aria-invalid") != "true" {
		asker.fail("the title is not marked aria-invalid")
	}
	asker.axe("question form with errors")
	const title = "Hvordan skriver I en social klausul om praktikpladser?"
	asker.typeInto(askForm+` input[name="title"]`, title)
	asker.typeInto(askForm+` textarea[name="body"]`, "Vi vil stille krav om **to praktikpladser** i en rengøringskontrakt.")
	asker.check(askForm + ` input[name="model_tags"][value="social_klausul"]`)
	asker.typeInto(askForm+` input[name="tags"]`, "rengøring, praktik")
	asker.check(askForm + ` input[name="visibility"][value="municipalities"]`)
	asker.submitOK(askForm + ` button[value="preview"]`)
	asker.wantText("Forhåndsvisning", "to praktikpladser")
	asker.axe("question form with preview")
	asker.submitOK(askForm + ` button[value="save"]`)
	questionURL := asker.location().Path
	if !strings.HasPrefix(questionURL, "/spoergsmaal/") {
		asker.fail("after asking the browser is at %s", questionURL)
	}
	asker.wantText("Dit spørgsmål er oprettet", title, "Kun for kommuner", "Social klausul", "rengøring", "Ingen har svaret endnu")
	asker.axe(questionURL)

	// A colleague in another municipality answers.
	colleague := asker.otherPerson()
	cp := newPerson(t, 2)
	colleague.storedPerson(cp, false, "0101")
	colleague.logIn(cp)
	colleague.open("/spoergsmaal")
	colleague.wantText(title)
	colleague.submitOK(`.question-list a[href="` + questionURL + `"]`)
	const answer = "Vi skrev klausulen ind i kravspecifikationen og fulgte op hvert kvartal."
	colleague.typeInto(`form[action="`+questionURL+`/svar#besvar"] textarea[name="body"]`, answer)
	colleague.submitOK(`form[action="` + questionURL + `/svar#besvar"] button[value="save"]`)
	colleague.wantText("Dit svar er sendt.", answer, "København Kommune")
	if colleague.exists(`form[action="` + questionURL + `/stem"]`) {
		colleague.fail("the colleague is offered a vote on their own answer")
	}

	// A visitor who is not signed in finds nothing.
	visitor := asker.otherPerson()
	visitor.openStatus(questionURL, 404)
	visitor.open("/spoergsmaal")
	if strings.Contains(visitor.bodyText(), title) {
		visitor.fail("a visitor sees the municipality-only question in the list")
	}

	// The asker votes and accepts.
	asker.open(questionURL)
	asker.wantText(answer, "0 stemmer")
	asker.submitOK(`form[action="` + questionURL + `/stem"] button[type="submit"]`)
	asker.wantText("Tak for din stemme.", "1 stemme")
	asker.submitOK(`form[action="` + questionURL + `/accepter"] button[type="submit"]`)
	asker.wantText("Svaret er markeret som accepteret.", "Accepteret svar")
	asker.axe(questionURL + " (accepted)")
	asker.open("/spoergsmaal")
	asker.wantText(title, "Besvaret", "1 svar", "Emner")
	asker.axe("/spoergsmaal (with a question)")

	// The tag page.
	asker.open("/spoergsmaal/emne/praktik")
	asker.wantText("Spørgsmål om »praktik«", title)
	if !asker.exists(`link[rel="alternate"][type="application/atom+xml"][href="/feeds/tag/praktik.atom"]`) {
		asker.fail("the tag page does not link its feed")
	}
	asker.axe("/spoergsmaal/emne/praktik")

	// And in English (the switch is remembered, so it comes last).
	asker.open(questionURL + "?lang=en")
	asker.wantText("Accepted answer", "Municipalities only")
	asker.axe(questionURL + "?lang=en")
}

// TestAccessibilityGuideAndQuestionsWithDemo runs axe on the guide and the
// question pages filled with the demo's chapters, questions and answers,
// for a visitor and for the demo's editor, in Danish and in English.
func TestAccessibilityGuideAndQuestionsWithDemo(t *testing.T) {
	h := start(t, options{Demo: true, BypassCSP: true})
	h.open("/spoergsmaal")
	question := h.attr(`.question-list .question-item h3 a`, "href")
	tag := h.attr(`.tag-cloud a`, "href")
	if question == "" || tag == "" {
		h.fail("the demo has no questions or tags")
	}
	outer := t
	check := func(path string) {
		t.Run(strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-", "&", "-").Replace(path), "-"), func(t *testing.T) {
			h.t = t
			defer func() { h.t = outer }()
			h.open(path)
			h.axe(path)
		})
	}
	for _, p := range []string{"/vejledning", "/vejledning/afknopning", "/vejledning/afknopning/versioner", "/spoergsmaal", "/spoergsmaal?unanswered=1&sort=active",
		question, tag, "/vejledning?lang=en", "/spoergsmaal", question, "/vejledning/reserveret-kontrakt?lang=da"} {
		check(p)
	}
	h.logIn(person{Email: "redaktoer@demo.samspil.dk", Password: "samspil-demo-2026"})
	for _, p := range []string{"/vejledning/reserveret-kontrakt", "/vejledning/reserveret-kontrakt/rediger", "/spoergsmaal/ny", question} {
		check(p)
	}
	// The platform admin's user list with the editor switch.
	admin := h.otherPerson()
	admin.open("/log-ind")
	admin.logIn(person{Email: "admin@demo.samspil.dk", Password: "samspil-demo-2026"})
	admin.open("/admin/brugere?q=redaktoer")
	admin.wantText("Redaktør", "Fjern som redaktør")
	admin.axe("/admin/brugere")
}
