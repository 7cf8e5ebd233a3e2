package web

import (
	"annals/internal/auth"
	"annals/internal/timeline"
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// BackupStore is what the full backup download needs.
type BackupStore interface {
	Backup(ctx context.Context, w io.Writer) (timeline.BackupStats, error)
}

// downloadBackup streams a full backup of the database (annals/backup-v1,
// see internal/backup) as a dated attachment. Admins only: it holds every
// draft, internal timeline and confidential source. It is written from the
// database a row at a time, never held whole in memory. A failure before
// the first byte is an ordinary error page; a failure after it breaks the
// connection, so the browser reports a failed download and the partial file
// is refused by `annals import`, never mistaken for a whole backup.
func (s *Server) downloadBackup(c echo.Context) error {
	ctx := c.Request().Context()
	res := c.Response()
	name := "annals-backup-" + time.Now().UTC().Format("2006-01-02") + ".json"
	res.Header().Set(echo.HeaderContentType, "application/json; charset=utf-8")
	res.Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	// A large backup on a slow connection may take longer than the server's
	// write timeout allows a page.
	_ = http.NewResponseController(res).SetWriteDeadline(time.Time{})
	u := currentUser(c)
	start := time.Now()
	stats, err := s.store.Backup(ctx, res)
	if err != nil {
		if !res.Committed {
			res.Header().Del(echo.HeaderContentDisposition)
			res.Header().Del(echo.HeaderContentType)
			return err
		}
		if !errors.Is(err, context.Canceled) {
			s.log.Error("backup download failed", "err", err, "user", u.Email)
		}
		panic(http.ErrAbortHandler)
	}
	s.log.Info("backup downloaded", "user", u.Email, "rows", stats.String(), "duration", time.Since(start))
	s.securityEvent(c, auth.SecurityEvent{Kind: auth.EventBackupDownloaded, UserID: u.ID, Email: u.Email,
		Address: c.RealIP(), Detail: stats.String()})
	return nil
}
