package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*
var templateFiles embed.FS

// Data is what one kind of mail is rendered from; each kind has its own type.
type Data interface {
	// kind names the templates: templates/<kind>.<lang>.txt and .html.
	kind() string
}

// Invitation is the data of the mail that invites a new user (thư mời) to set
// a password and sign in.
type Invitation struct {
	Name      string // the invitee
	InvitedBy string // the administrator who created the account; may be empty
	Link      string // single-use link to accept the invitation
	ValidDays int    // how long the link is valid
}

func (Invitation) kind() string { return "invitation" }

// PasswordReset is the data of the mail with a link to choose a new password.
type PasswordReset struct {
	Name         string
	Link         string // single-use link to the reset form
	ValidMinutes int    // how long the link is valid
}

func (PasswordReset) kind() string { return "password_reset" }

// Kinds lists the kinds of mail, with example data (for tests and previews).
var Kinds = []Data{
	Invitation{Name: "Nguyễn Thị Lan", InvitedBy: "Trần Văn Bình", Link: "https://chungtay.example/#/accept-invite?token=x", ValidDays: 7},
	PasswordReset{Name: "Nguyễn Thị Lan", Link: "https://chungtay.example/#/reset-password?token=x", ValidMinutes: 60},
}

// Languages are the languages every kind of mail is written in; the first is the default.
var Languages = []string{"vi", "en"}

type templateSet struct {
	text *texttemplate.Template // "subject" and the file's own body
	html *htmltemplate.Template // the layout with this kind's "content" and "footer"
}

// templates holds every kind in every language, parsed once; a missing or
// broken template stops the program at start rather than at the first mail.
var templates = func() map[string]templateSet {
	out := map[string]templateSet{}
	for _, d := range Kinds {
		for _, lang := range Languages {
			name := d.kind() + "." + lang
			text, err := texttemplate.ParseFS(templateFiles, "templates/"+name+".txt")
			if err != nil {
				panic(fmt.Sprintf("mail: template %s.txt: %v", name, err))
			}
			if text.Lookup("subject") == nil {
				panic(fmt.Sprintf("mail: template %s.txt defines no subject", name))
			}
			html, err := htmltemplate.ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html")
			if err != nil {
				panic(fmt.Sprintf("mail: template %s.html: %v", name, err))
			}
			out[name] = templateSet{text: text, html: html}
		}
	}
	return out
}()

// Render writes the mail of data's kind to the address to, in lang ("vi" or
// "en"; anything else is Vietnamese).
func Render(lang, to string, data Data) (Message, error) {
	if lang != "en" {
		lang = "vi"
	}
	name := data.kind() + "." + lang
	set, ok := templates[name]
	if !ok {
		return Message{}, fmt.Errorf("mail: no template %s", name)
	}
	var subject, text, html bytes.Buffer
	if err := set.text.ExecuteTemplate(&subject, "subject", data); err != nil {
		return Message{}, fmt.Errorf("mail: render %s subject: %w", name, err)
	}
	if err := set.text.ExecuteTemplate(&text, name+".txt", data); err != nil {
		return Message{}, fmt.Errorf("mail: render %s text: %w", name, err)
	}
	page := struct {
		Lang, Subject string
		Data          Data
	}{lang, strings.TrimSpace(subject.String()), data}
	if err := set.html.ExecuteTemplate(&html, "layout.html", page); err != nil {
		return Message{}, fmt.Errorf("mail: render %s html: %w", name, err)
	}
	return Message{To: to, Subject: page.Subject, Text: strings.TrimSpace(text.String()) + "\n", HTML: html.String()}, nil
}
