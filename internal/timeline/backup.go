package timeline

import (
	"fmt"
	"strings"
)

// BackupStats counts the rows of each table written or restored.
type BackupStats struct {
	Schema int64
	Tables []BackupCount
}

// BackupCount is the number of rows of one table.
type BackupCount struct {
	Table string
	Rows  int64
}

// Rows returns the count for table (0 when it is absent).
func (s BackupStats) Rows(table string) int64 {
	for _, t := range s.Tables {
		if t.Table == table {
			return t.Rows
		}
	}
	return 0
}

func (s BackupStats) String() string {
	var parts []string
	for _, t := range s.Tables {
		parts = append(parts, CountOf(t.Rows, t.Table))
	}
	return strings.Join(parts, ", ")
}

// CountOf says "3 timelines", "1 timeline", "1 category", "2 timeline events".
func CountOf(n int64, table string) string {
	name := strings.ReplaceAll(table, "_", " ")
	if n == 1 {
		switch {
		case strings.HasSuffix(name, "ies"):
			name = strings.TrimSuffix(name, "ies") + "y"
		case strings.HasSuffix(name, "s"):
			name = strings.TrimSuffix(name, "s")
		}
	}
	return fmt.Sprintf("%d %s", n, name)
}

// RestoreOptions tune RestoreBackup.
type RestoreOptions struct {
	// DryRun reads and restores the whole backup, then rolls it back.
	DryRun bool
}
