package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
	"annals/views"
)

// ChainStore is what the record chain page needs.
type ChainStore interface {
	VerifyChain(ctx context.Context, by string) (timeline.ChainStatus, error)
	LastVerification(ctx context.Context) (timeline.Verification, bool, error)
}

// chainPage is /staff/chain: the record chain's head and its last
// verification. Reading them is cheap; walking the chain happens only when
// an admin asks (or with annals verify), never on /readyz.
func (s *Server) chainPage(c echo.Context) error {
	ctx := c.Request().Context()
	head, err := s.store.ChainHead(ctx)
	if err != nil {
		return err
	}
	last, ok, err := s.store.LastVerification(ctx)
	if err != nil {
		return err
	}
	page := views.ChainPage{Meta: s.staffMeta(c, tr(c, "staff.settings.chain"), "Settings"), Head: head.SHA256,
		HeadID: strconv.FormatInt(head.Revision, 10), Revisions: strconv.FormatInt(head.Revisions, 10), Verified: ok}
	if ok {
		page.VerifiedAt, page.VerifiedBy, page.VerifiedOK = views.StampSeconds(c.Request().Context(), last.At)+" UTC", last.By, last.OK
		page.VerifiedHead, page.VerifiedCount = last.HeadSHA256, strconv.FormatInt(last.Revisions, 10)
		page.Problem, page.Seconds = last.Problem, fmt.Sprintf("%.2f", last.Seconds)
	}
	return render(c, statusOK, views.StaffChain(page))
}

// verifyChain walks the chain now, as the signed-in admin.
func (s *Server) verifyChain(c echo.Context) error {
	st, err := s.store.VerifyChain(c.Request().Context(), currentUser(c).DisplayName())
	if err != nil {
		return err
	}
	if st.OK() {
		s.flash(c, tr(c, "staff.flash.chainholds", st.Revisions))
	} else {
		s.flash(c, tr(c, "staff.flash.chainbroken", st.Break.Error()))
	}
	return c.Redirect(http.StatusSeeOther, "/staff/chain")
}
