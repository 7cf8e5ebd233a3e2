// Package capture preserves cited web pages: it fetches a page with a
// client that refuses private addresses and oversized or slow answers,
// keeps the HTTP exchange as WARC records, the page's text and, where
// Chromium is installed, a screenshot and a PDF, each with its SHA-256.
// Jobs run on River (worker.go); storage is the caller's (Store).
package capture

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// Allow names the addresses a capture may reach although they are private,
// loopback, link-local or unique-local: CIDRs and host names, from
// ANNALS_CAPTURE_ALLOW (comma or space separated). The zero Allow allows
// only public addresses.
type Allow struct {
	prefixes []netip.Prefix
	hosts    map[string]bool
}

// ParseAllow reads ANNALS_CAPTURE_ALLOW: "10.0.0.0/8, 127.0.0.1, intranet.example".
func ParseAllow(s string) (Allow, error) {
	var a Allow
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			a.prefixes = append(a.prefixes, p.Masked())
			continue
		}
		if ip, err := netip.ParseAddr(f); err == nil {
			a.prefixes = append(a.prefixes, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
			continue
		}
		if strings.ContainsAny(f, "/:") {
			return Allow{}, fmt.Errorf("ANNALS_CAPTURE_ALLOW: %q is neither a CIDR, an address nor a host name", f)
		}
		if a.hosts == nil {
			a.hosts = map[string]bool{}
		}
		a.hosts[strings.ToLower(strings.TrimSuffix(f, "."))] = true
	}
	return a, nil
}

func (a Allow) host(h string) bool { return a.hosts[strings.ToLower(strings.TrimSuffix(h, "."))] }

func (a Allow) addr(ip netip.Addr) bool {
	for _, p := range a.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

var (
	sharedSpace = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	benchmark   = netip.MustParsePrefix("198.18.0.0/15")
)

// forbidden says why ip is not to be fetched from, or "" when it is public.
func forbidden(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsLinkLocalUnicast():
		// 169.254.169.254, the cloud metadata service, is one.
		return "a link-local address (such as a cloud metadata service)"
	case ip.IsPrivate():
		return "a private address"
	case ip.IsUnspecified(), thisNetwork.Contains(ip):
		return "an unspecified address"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "a multicast address"
	case sharedSpace.Contains(ip), benchmark.Contains(ip):
		return "a non-public address"
	}
	return ""
}

// Refusal is a capture that was not made and should not be tried again as
// it is: its Reason is stored on the capture for staff to read.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, a ...any) error { return &Refusal{Reason: fmt.Sprintf(format, a...)} }

// IsRefusal reports whether err is a refusal and returns its reason.
func IsRefusal(err error) (string, bool) {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason, true
	}
	return "", false
}

type allowHostKey struct{}

// control runs after DNS resolution, just before each connection: the
// address is the one about to be reached, so a name that resolves (or
// re-resolves) to a private address is refused too.
func (a Allow) control(ctx context.Context) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if ctx.Value(allowHostKey{}) == true {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return refuse("the address %s cannot be read", address)
		}
		if why := forbidden(ap.Addr()); why != "" && !a.addr(ap.Addr().Unmap()) {
			return refuse("refused to connect to %s: %s (ANNALS_CAPTURE_ALLOW can name it)", ap.Addr(), why)
		}
		return nil
	}
}

// dialContext dials with the address check; a host named in Allow is
// reached wherever it resolves.
func (a Allow) dialContext(d net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, refuse("the address %s cannot be read", addr)
		}
		if a.host(host) {
			ctx = context.WithValue(ctx, allowHostKey{}, true)
		}
		dd := d
		dd.Control = nil
		dd.ControlContext = func(cctx context.Context, network, address string, c syscall.RawConn) error {
			return a.control(ctx)(network, address, c)
		}
		conn, err := dd.DialContext(ctx, network, addr)
		if err != nil {
			if why, ok := IsRefusal(err); ok {
				return nil, &Refusal{Reason: why}
			}
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
				return nil, refuse("the host %s does not exist (DNS: no such host)", host)
			}
		}
		return conn, err
	}
}
