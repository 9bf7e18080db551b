package main

// FerretDB 1.24's SQLite backend creates each collection's `_id` index on the expression
// `_ferretdb_sjson->"_id"` but filters, updates and deletes on `_ferretdb_sjson->'$._id'`. SQLite uses
// an expression index only for the very same expression, so every lookup, update and delete by `_id`
// scanned its whole table (docs/database.md#reading-by-id). The keeper below adds, to every collection
// table, a plain index on the expression FerretDB's statements use. FerretDB never sees it (its own
// index list lives in its metadata table); dropping the collection drops the table and the index.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the same SQLite driver FerretDB itself uses
)

// idIndexSuffix names the added index: `<table>__id_path`.
const idIndexSuffix = "__id_path"

type fileStamp struct {
	ino  uint64
	db   time.Time
	wal  time.Time
	done bool
}

// keepIDIndexes checks the directory's database files every `every` until ctx ends. A file is
// looked at again only after it (or its write-ahead log) changed, so idle databases cost a stat.
func keepIDIndexes(ctx context.Context, dir string, every time.Duration, logger *slog.Logger) {
	seen := map[string]fileStamp{}
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		present := map[string]bool{}
		for _, f := range files {
			present[f] = true
			st, ok := stampOf(f)
			if !ok {
				continue
			}
			if prev, known := seen[f]; known && prev.done && prev == st {
				continue
			}
			if err := ensureIDIndexes(ctx, f); err != nil {
				// a busy or half-created database: the next pass tries again
				logger.Debug("id index check failed", slog.String("file", f), slog.String("err", err.Error()))
				continue
			}
			// stamp taken after the check: our own index creation changed the file
			if after, ok := stampOf(f); ok {
				after.done = true
				seen[f] = after
			}
		}
		for f := range seen {
			if !present[f] {
				delete(seen, f)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func stampOf(file string) (fileStamp, bool) {
	info, err := os.Stat(file)
	if err != nil {
		return fileStamp{}, false
	}
	st := fileStamp{db: info.ModTime()}
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		st.ino = sys.Ino
	}
	if wal, err := os.Stat(file + "-wal"); err == nil {
		st.wal = wal.ModTime()
	}
	return st, true
}

// ensureIDIndexes adds the missing `_id` path indexes of one database file.
func ensureIDIndexes(ctx context.Context, file string) error {
	// mode=rw: never create a file FerretDB has just dropped (a dropped database would come back empty);
	// no journal_mode here: the file's WAL mode is FerretDB's and persists in the file
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || ?)`, idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil // a database FerretDB has not set up yet
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+idIndexSuffix, t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return err
		}
	}
	return nil
}
