package plaintext

import "testing"

func TestText(t *testing.T) {
	src := []byte("# Heading\n\nThe *first* [paragraph](/areas/x/), with `co*de`, \\*stars\\* &amp; a\nsecond line.\n\n<div>raw</div>\n\n- one\n- two <b>bold</b>\n\n| a | b |\n|---|---|\n| c | d |\n\nSee <https://www.itu.int/>.\n")
	for _, c := range []struct{ name, got, want string }{
		{"Of", Of(src), "Heading The first paragraph, with co*de, *stars* & a second line. one two bold a b c d See https://www.itu.int/."},
		{"FirstParagraph", FirstParagraph(src), "The first paragraph, with co*de, *stars* & a second line."},
		{"empty", Of(nil) + FirstParagraph([]byte("# Only a heading\n")), ""},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}
