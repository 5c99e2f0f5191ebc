// Package support serves the customer-support pages of the ledger service
// with Echo: the contact form, the FAQ search and the ticket pages.
package support

import (
	"fmt"
	"html"
	"log"
	"mime"
	"net/http"
	"net/smtp"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"
)

// Mailer holds what the contact form needs to reach the support inbox.
type Mailer struct {
	Relay  string
	Auth   smtp.Auth
	Sender string
	Inbox  string
}

// Handlers groups the support endpoints.
type Handlers struct {
	Mail Mailer
	FAQ  []Article
}

// Article is one FAQ entry.
type Article struct {
	Title string
	Body  string
}

// Register mounts the support routes.
func (h *Handlers) Register(e *echo.Echo) {
	e.POST("/support/contact", h.Contact)
	e.POST("/support/contact-v2", h.ContactEncoded)
	e.GET("/support/faq", h.SearchFAQ)
	e.GET("/support/faq/exact", h.SearchFAQExact)
	e.GET("/support/tickets/:id", h.Ticket)
	e.GET("/support/tickets/:id/print", h.TicketPrint)
}

// Contact forwards the contact form to the support inbox.
func (h *Handlers) Contact(c echo.Context) error {
	subject := c.FormValue("subject")
	from := c.FormValue("email")
	msg := "To: " + h.Mail.Inbox + "\r\n" +
		"Reply-To: " + from + "\r\n" +
		"Subject: [contact] " + subject + "\r\n\r\n" +
		c.FormValue("message")
	// techlead-expect: go-log-injection-taint
	log.Printf("contact form from %s: %s", from, subject)
	// techlead-expect: go-smtp-header-injection-taint
	if err := smtp.SendMail(h.Mail.Relay, h.Mail.Auth, h.Mail.Sender, []string{h.Mail.Inbox}, []byte(msg)); err != nil {
		return echo.NewHTTPError(http.StatusBadGateway, "mail relay unavailable")
	}
	return c.NoContent(http.StatusAccepted)
}

// ContactEncoded is the fixed version of Contact rolled out behind a flag.
func (h *Handlers) ContactEncoded(c echo.Context) error {
	subject := mime.QEncoding.Encode("utf-8", c.FormValue("subject"))
	body := strings.ReplaceAll(c.FormValue("message"), "\r", "")
	msg := "To: " + h.Mail.Inbox + "\r\nSubject: [contact] " + subject + "\r\n\r\n" + body
	// techlead-safe
	log.Printf("contact form (encoded) subject=%q", c.FormValue("subject"))
	// techlead-safe
	if err := smtp.SendMail(h.Mail.Relay, h.Mail.Auth, h.Mail.Sender, []string{h.Mail.Inbox}, []byte(msg)); err != nil {
		return echo.NewHTTPError(http.StatusBadGateway, "mail relay unavailable")
	}
	return c.NoContent(http.StatusAccepted)
}

// SearchFAQ lets power users search the FAQ with a pattern.
func (h *Handlers) SearchFAQ(c echo.Context) error {
	pattern := c.QueryParam("q")
	// techlead-expect: go-regex-injection-taint
	re, err := regexp.Compile("(?i)" + pattern)
	if err != nil {
		return c.String(http.StatusBadRequest, "bad pattern")
	}
	return c.JSON(http.StatusOK, h.match(re))
}

// SearchFAQExact matches the query literally.
func (h *Handlers) SearchFAQExact(c echo.Context) error {
	term := regexp.QuoteMeta(c.QueryParam("q"))
	// techlead-safe
	re := regexp.MustCompile("(?i)" + term)
	return c.JSON(http.StatusOK, h.match(re))
}

func (h *Handlers) match(re *regexp.Regexp) []Article {
	var out []Article
	for _, a := range h.FAQ {
		if re.MatchString(a.Title) || re.MatchString(a.Body) {
			out = append(out, a)
		}
	}
	return out
}

// Ticket renders a small status page for a ticket.
func (h *Handlers) Ticket(c echo.Context) error {
	id := c.Param("id")
	page := fmt.Sprintf("<html><body><h1>Ticket %s</h1><p>We are on it.</p></body></html>", id)
	// techlead-expect: go-framework-html-xss-taint
	return c.HTML(http.StatusOK, page)
}

// TicketPrint is the printable page, with the identifier escaped.
func (h *Handlers) TicketPrint(c echo.Context) error {
	id := html.EscapeString(c.Param("id"))
	page := "<html><body onload=print()><h1>Ticket " + id + "</h1></body></html>"
	// techlead-safe
	return c.HTML(http.StatusOK, page)
}
