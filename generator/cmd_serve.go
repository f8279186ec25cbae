package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"itu.int/iscsite/generator/output"
	"itu.int/iscsite/generator/serve"
)

// runServe is watch mode: build, serve, watch, rebuild, until Ctrl+C.
func runServe(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("serve", stderr)
	src := fl.String("source", ".", "the site root (config.toml, content/, layouts/)")
	out := fl.String("out", "", "the output folder (default <source>/public)")
	addr := fl.String("addr", "127.0.0.1:1313", "the address to serve on (port 0 picks a free one)")
	if fl.Parse(args) != nil || fl.NArg() > 0 {
		return exitUsage
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	// serve stops at the end of the build it is in, so that the output is
	// a whole site, the old one or the new one; later signals only say so.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-signals
		cancel()
		for range signals {
			fmt.Fprintf(stderr, "generator serve: stopping once the build in progress is written, so that %s stays whole\n", *out)
		}
	}()
	err := serve.Run(ctx, serve.Options{Source: *src, Out: *out, Addr: *addr, Stdout: stdout, Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		if errors.As(err, new(*output.RefusedError)) {
			return exitUsage
		}
		return exitContent
	}
	return exitOK
}
