// Command ferretdb-embed runs FerretDB 1.24 on one loopback address until SIGTERM/SIGINT, with its
// SQLite backend on one directory or (-postgresql-url) its PostgreSQL backend on one database. It exists because `go install` of FerretDB's own command builds a
// binary that panics at start (its generated version file is not in the module).
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen-addr", "127.0.0.1:27018", "TCP address to listen on")
	dir := flag.String("sqlite-dir", "", "directory for the SQLite files (SQLite backend)")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL database to keep the data in (PostgreSQL backend), e.g. postgres://jqtb@127.0.0.1:5433/ferretdb")
	level := flag.String("log-level", "warn", "debug, info, warn or error")
	parentPID := flag.Int("parent-pid", 0, "exit when this process is gone (no orphans if the parent is killed)")
	flag.Parse()

	if (*dir == "") == (*pgURL == "") {
		log.Fatal("exactly one of -sqlite-dir and -postgresql-url is required")
	}

	// The collector ran a fifth of the database's CPU on the claim path at Go's default (100); the heap
	// stays tens of megabytes, so trading memory for CPU is cheap here (docs/database.md#cpu).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		log.Fatal(err)
	}

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *addr},
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl})),
	}
	if *pgURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *pgURL
	} else {
		abs, err := filepath.Abs(*dir)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.MkdirAll(abs, 0o755); err != nil {
			log.Fatal(err)
		}
		config.Handler = "sqlite"
		config.SQLiteURL = "file:" + abs + "/"
	}
	f, err := ferretdb.New(config)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	if *parentPID > 0 {
		go watchParent(*parentPID, stop)
	}

	f.Run(ctx)
}

// watchParent stops the server when the process that started it disappears, so a killed
// `npm start` or test runner never leaves a database process behind.
func watchParent(pid int, stop context.CancelFunc) {
	for {
		time.Sleep(500 * time.Millisecond)
		if os.Getppid() != pid {
			stop()
			return
		}
	}
}
