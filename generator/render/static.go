package render

import (
	"io/fs"
	"path"
	"strings"

	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

// textAsset are the static files that must be UTF-8 text.
var textAsset = map[string]bool{".css": true, ".js": true, ".html": true, ".svg": true, ".txt": true, ".xml": true, ".json": true, ".webmanifest": true}

// Static returns the files under layouts/static/, for the output root.
func (r *Renderer) Static(diags *diag.List) []File {
	var out []File
	_ = fs.WalkDir(r.fsys, "layouts/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || source.Ignored(p) {
			return nil
		}
		b, rerr := fs.ReadFile(r.fsys, p)
		if rerr != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", rerr)
			return nil
		}
		if textAsset[path.Ext(p)] && !source.UTF8(p, b, diags) {
			return nil
		}
		out = append(out, File{Path: strings.TrimPrefix(p, "layouts/static/"), Data: b})
		return nil
	})
	return out
}
