package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// NormalizeCases are the strings the index and the script must normalise
// alike; the browser test in generator/pagetest runs the script's
// functions on them and compares with these functions' results.
var NormalizeCases = []string{
	"Accessibilité", "ÉLECTRONIQUE", "Œuvre", "Straße", "ﬁbre",
	"PP 191", "Q7/2", "q 7/2", "WP 1C", "SG17", "SG 17", "ITU-D Q7/2",
	"１２３", "Résolution 191 (Rév. Dubaï, 2018)",
	"الاتصالات", "الإتصالات", "أمن", "مدرسة", "مدرسه", "مُدَرِّسَة", "على", "علي", "الـــاتصالات", "ٱلله",
	"人工智能", "人工智能 AI 安全", "电", "中文Chinese混合",
	"Кибербезопасность", "ЁЛКА", "", "  ", "— · «»",
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Accessibilité", "accessibilite"},
		{"ÉLECTRONIQUE", "electronique"},
		{"Œuvre Straße", "oeuvre strasse"},
		{"ﬁbre", "fibre"},
		{"１２３", "123"},
		// Arabic: hamza on alef, tashkeel and tatweel go; taa marbuta and
		// alef maqsura are written as haa and yaa.
		{"الإتصالات", "الاتصالات"},
		{"مُدَرِّسَة", "مدرسه"},
		{"على", "علي"},
		{"الـــاتصالات", "الاتصالات"},
		{"ٱلله", "الله"},
		{"ЁЛКА", "елка"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"PP 191", []string{"pp", "191"}},
		{"Q7/2", []string{"q", "7", "2"}},
		{"SG17", []string{"sg", "17"}},
		{"SG 17", []string{"sg", "17"}},
		{"WP 1C", []string{"wp", "1", "c"}},
		{"l'accessibilité, des TIC", []string{"l", "accessibilite", "des", "tic"}},
		{"人工智能", []string{"人工", "工智", "智能"}},
		{"电", []string{"电"}},
		{"中文Chinese混合", []string{"中文", "chinese", "混合"}},
		{"— · «»", nil},
	} {
		if got := Words(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The index also holds each Chinese character alone, which is what a
	// query of one character looks for.
	if got := appendIndexWords(nil, Fold("人工智能")); !slices.Contains(got, "智") || !slices.Contains(got, "人工") {
		t.Errorf("index words of 人工智能 = %q, want its bigrams and characters", got)
	}
}

func TestCompact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Q7/2", "q72"}, {"q 7/2", "q72"}, {"WP 1C", "wp1c"}, {"wp1c", "wp1c"},
		{"ITU-D Q7/2", "itudq72"}, {"PP-191", "pp191"}, {"SG 17", "sg17"},
	} {
		if got := Compact(c.in); got != c.want {
			t.Errorf("Compact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFileOf pins the hash that the script computes too: a word is in
// the file of its first three letters.
func TestFileOf(t *testing.T) {
	if FileOf("accessibility", 7) != FileOf("acc", 7) || FileOf("accessibility", 7) != FileOf("accra", 7) {
		t.Error("words that start alike are in different files")
	}
	if FileOf("人工智能", 1000) != FileOf("人工智", 1000) {
		t.Error("a word's first three letters, not bytes, choose its file")
	}
	if got := FileOf("a", 1); got != 0 {
		t.Errorf("FileOf with one file = %d", got)
	}
	// FNV-1a of "ac" is 0x4e25075d (offset basis 0x811c9dc5, prime 0x01000193).
	if got, want := FileOf("ac", 1000), int(uint32(0x4e25075d)%1000); got != want {
		t.Errorf("FileOf(ac, 1000) = %d, want %d", got, want)
	}
}

// TestFoldASCII: the shortcut for ASCII text folds as the whole of Fold does.
func TestFoldASCII(t *testing.T) {
	var all strings.Builder
	for c := 0; c < utf8.RuneSelf; c++ {
		all.WriteByte(byte(c))
	}
	for _, s := range []string{all.String(), "Resolution 175 (Rev. Dubai, 2018)", "ITU-T SG17 Q7/2", ""} {
		if got, want := Fold(s), foldUnicode(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}
