package main

import (
	"strings"
	"time"
)

// fillScaffold puts the slug (as a starting title) and today's date in.
func fillScaffold(text, slug string) string {
	title := strings.ToUpper(slug[:1]) + strings.ReplaceAll(slug[1:], "-", " ")
	return strings.NewReplacer("TITLE", title, "DATE", time.Now().Format("2006-01-02")).Replace(text)
}
