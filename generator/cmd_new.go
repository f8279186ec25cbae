package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"itu.int/iscsite/generator/config"
	"itu.int/iscsite/generator/diag"
	"itu.int/iscsite/generator/source"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("new", stderr)
	src := fl.String("source", ".", "the site root")
	if fl.Parse(args) != nil || fl.NArg() != 2 {
		fmt.Fprintln(stderr, "usage: generator new [--source DIR] KIND SLUG (kinds: area, resolution, study-group, group, document)")
		return exitUsage
	}
	kind, slug := fl.Arg(0), fl.Arg(1)
	folder := folderOf(kind)
	if folder == "" {
		fmt.Fprintf(stderr, "generator new: unknown kind %q (kinds: area, resolution, study-group, group, document)\n", kind)
		return exitUsage
	}
	if !source.ValidSlug(slug) {
		fmt.Fprintf(stderr, "generator new: bad slug %q: use lowercase letters a-z, digits and hyphens\n", slug)
		return exitUsage
	}
	// The config says which bodies and sectors a slug can name.
	var diags diag.List
	cfgFile := filepath.Join(*src, "config.toml")
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return exitContent
	}
	cfg := config.Parse("config.toml", data, &diags)
	if diags.Errors() > 0 {
		fmt.Fprint(stderr, diags.String())
		return exitContent
	}
	dir := filepath.Join(*src, "content", folder)
	for _, e := range []string{".md", ".toml"} {
		if _, err := os.Stat(filepath.Join(dir, slug+e)); err == nil {
			fmt.Fprintf(stderr, "generator new: %s already exists\n", filepath.Join(dir, slug+e))
			return exitContent
		}
	}
	text := scaffold(cfg, kind, slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return exitContent
	}
	path := filepath.Join(dir, slug+".md")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, err = f.WriteString(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		fmt.Fprintf(stderr, "generator new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "created %s\n", path)
	return exitOK
}
