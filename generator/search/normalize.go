package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The normalisation below is the contract between the index and the
// script that queries it (layouts/static/js/search.js, functions fold,
// words and compact): both sides must turn the same text into the same
// words, or a word in the index is never found. A browser test runs the
// script's functions beside these on the same strings.

// Fold is s as the index compares it: compatibility-decomposed (NFKD,
// so that full-width digits and Arabic presentation forms become plain
// ones), without combining marks (accents, Arabic tashkeel, the hamza
// of أ إ ؤ ئ), lower-cased one letter at a time, with the letter forms
// that spelling varies on made one: ٱ and ا, ة and ه, ى and ي, and
// œ, æ, ß spelled out. The Arabic tatweel, a stretch of the line, goes.
func Fold(s string) string {
	if ascii(s) {
		// NFKD leaves ASCII as it is, and it has no marks and no letters
		// of folds: most of the text of the index is folded here.
		return strings.ToLower(s)
	}
	return foldUnicode(s)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func foldUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == 'ـ' {
			continue
		}
		if f, ok := folds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// folds are the letters Fold writes otherwise; the script has the same
// table.
var folds = map[rune]string{
	'ٱ': "ا", 'ة': "ه", 'ى': "ي",
	'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss",
}

// Words are the words of s that the index holds, folded: runs of letters
// or of digits ("Q7/2" gives q, 7, 2; "SG17" sg, 17, as "SG 17" does),
// and in Chinese text, which has no spaces, every two characters that
// follow each other (人工智能 gives 人工, 工智, 智能; a single character
// stands for itself).
func Words(s string) []string {
	return appendWords(nil, Fold(s))
}

// appendIndexWords appends the words of folded text f to ws, and each
// Chinese character alone too: a query of one character finds it in a
// longer run.
func appendIndexWords(ws []string, f string) []string {
	return appendRuns(ws, f, true)
}

// appendWords appends the words of folded text f to ws.
func appendWords(ws []string, f string) []string {
	return appendRuns(ws, f, false)
}

func appendRuns(ws []string, f string, unigrams bool) []string {
	start, class := 0, 0
	flush := func(end int) {
		if class == classHan {
			run := f[start:end]
			ws = appendBigrams(ws, run)
			if unigrams && utf8.RuneCountInString(run) > 1 {
				for i, r := range run {
					ws = append(ws, run[i:i+utf8.RuneLen(r)])
				}
			}
		} else if class != 0 {
			ws = append(ws, f[start:end])
		}
	}
	for i, r := range f {
		c := classOf(r)
		if c != class {
			flush(i)
			start, class = i, c
		}
	}
	flush(len(f))
	return ws
}

const (
	classLetter = 1 + iota
	classDigit
	classHan
)

// classOf is what kind of word r belongs to, or 0 for none.
func classOf(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
			return classLetter
		case '0' <= r && r <= '9':
			return classDigit
		}
		return 0
	case unicode.Is(unicode.Han, r):
		return classHan
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsNumber(r):
		return classDigit
	}
	return 0
}

func appendBigrams(ws []string, run string) []string {
	if utf8.RuneCountInString(run) == 1 {
		return append(ws, run)
	}
	prev := -1
	for i := range run {
		if prev >= 0 {
			_, n := utf8.DecodeRuneInString(run[i:])
			ws = append(ws, run[prev:i+n])
		}
		prev = i
	}
	return ws
}

// Compact is s folded with only its letters and digits, the way the
// index keys designations and numbers: "ITU-D Q7/2" and "itu-d q 7/2"
// are both "itudq72", "WP 1C" is "wp1c".
func Compact(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if classOf(r) != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
