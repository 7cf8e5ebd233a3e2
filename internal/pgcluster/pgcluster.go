// Package pgcluster starts a private PostgreSQL cluster from the locally
// installed server binaries, so `make run` and `make test` need no set-up.
// The cluster lives in a data folder of the project's own, listens only on
// 127.0.0.1 on a port of its own, and is reused by later runs.
package pgcluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNoBinaries says what to do when PostgreSQL is not installed.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found: install PostgreSQL 15 or later (on Debian: apt-get install postgresql) or set DATABASE_URL to an existing database")

// TestSettings trade durability for speed on a throwaway test cluster.
var TestSettings = map[string]string{
	"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
}

// Options tune a cluster.
type Options struct {
	// Settings are passed to the server as -c name=value; tests turn off
	// fsync and friends.
	Settings map[string]string
	// Log receives progress lines for a person (may be nil).
	Log func(format string, args ...any)
}

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	Dir    string // the data folder
	BinDir string
	Port   int
	runAs  *syscall.Credential
}

// URL returns a connection URL for database name on the cluster.
func (c *Cluster) URL(database string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, database)
}

// Ensure makes sure a cluster runs in dir: it initialises the folder on first
// use, starts the server if it is not running, and returns it. Several
// processes may call Ensure on the same dir at once; a lock file serialises
// them.
func Ensure(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	logf := opts.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	c, err := resolve(dir, bin, logf)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(c.Dir), err)
	}
	unlock, err := lockFile(c.Dir + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()

	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		logf("postgres: creating a private cluster in %s", c.Dir)
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}
	if port, ok := c.runningPort(); ok {
		c.Port = port
		return c, nil
	}
	if err := c.start(ctx, opts.Settings); err != nil {
		return nil, err
	}
	logf("postgres: private cluster running on 127.0.0.1:%d (data in %s)", c.Port, c.Dir)
	return c, nil
}

// Stop shuts down the cluster in dir if it is running.
func Stop(ctx context.Context, dir string) error {
	bin, err := FindBinDir()
	if err != nil {
		return err
	}
	c, err := resolve(dir, bin, func(string, ...any) {})
	if err != nil {
		return err
	}
	if _, ok := c.runningPort(); !ok {
		return nil
	}
	return c.run(ctx, "pg_ctl", "-D", c.Dir, "-m", "fast", "-w", "stop")
}

// resolve works out where the cluster for dir lives and who runs it.
func resolve(dir, bin string, logf func(string, ...any)) (*Cluster, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	c := &Cluster{BinDir: bin, Dir: dir}
	if os.Geteuid() != 0 {
		return c, nil
	}
	// PostgreSQL refuses to run as root: run it as an unprivileged user.
	if c.runAs, err = unprivileged(); err != nil {
		return nil, err
	}
	if !reachableBy(dir) {
		// That user cannot enter a parent folder (a home directory, say):
		// keep the cluster under the system temp folder instead, named after
		// the project folder so each checkout has its own.
		sum := sha256.Sum256([]byte(dir))
		c.Dir = filepath.Join(os.TempDir(), "annals-pg-"+hex.EncodeToString(sum[:6]), filepath.Base(dir))
		logf("postgres: %s is not reachable by an unprivileged user; using %s", dir, c.Dir)
	}
	return c, nil
}

// FindBinDir finds the directory holding initdb, pg_ctl and postgres:
// `pg_config --bindir` first, then the newest /usr/lib/postgresql/*/bin, then
// the PATH.
func FindBinDir() (string, error) {
	return findBinDir("pg_config", "/usr/lib/postgresql/*/bin")
}

func findBinDir(pgConfig, pattern string) (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				return false
			}
		}
		return true
	}
	if out, err := exec.Command(pgConfig, "--bindir").Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); has(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob(pattern)
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, dir := range dirs {
		if has(dir) {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil && has(filepath.Dir(p)) {
		return filepath.Dir(p), nil
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func (c *Cluster) initdb(ctx context.Context) error {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	if c.runAs != nil {
		if err := os.Chown(c.Dir, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
			return fmt.Errorf("hand the data folder to the postgres user: %w", err)
		}
	}
	// Trust authentication is safe here only because the server listens on
	// 127.0.0.1 alone; the C.UTF-8 locale keeps sorting independent of the
	// machine's locale.
	err := c.run(ctx, "initdb", "-D", c.Dir, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C.UTF-8", "-N")
	if err != nil {
		os.RemoveAll(c.Dir)
		return fmt.Errorf("initdb: %w", err)
	}
	return nil
}

// runningPort reports the port of a server already running on the folder.
func (c *Cluster) runningPort() (int, bool) {
	if err := c.run(context.Background(), "pg_ctl", "-D", c.Dir, "status"); err != nil {
		return 0, false
	}
	data, err := os.ReadFile(filepath.Join(c.Dir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	return port, err == nil
}

func (c *Cluster) start(ctx context.Context, settings map[string]string) error {
	portFile := filepath.Join(filepath.Dir(c.Dir), filepath.Base(c.Dir)+".port")
	port := 0
	if data, err := os.ReadFile(portFile); err == nil {
		if p, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && portFree(p) {
			port = p
		}
	}
	if port == 0 {
		p, err := freePort()
		if err != nil {
			return err
		}
		port = p
	}
	args := []string{"-p", strconv.Itoa(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	logFile := filepath.Join(c.Dir, "server.log")
	if err := c.run(ctx, "pg_ctl", "-D", c.Dir, "-l", logFile, "-w", "-t", "60", "-o", strings.Join(args, " "), "start"); err != nil {
		tail, _ := os.ReadFile(logFile)
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		return fmt.Errorf("start postgres: %w\n%s", err, tail)
	}
	c.Port = port
	_ = os.WriteFile(portFile, []byte(strconv.Itoa(port)+"\n"), 0o644)
	return nil
}

func (c *Cluster) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, name), args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.Dir = os.TempDir()
	// The server must outlive this process and must not receive its
	// terminal's Ctrl-C: give it its own session.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if c.runAs != nil {
		cmd.SysProcAttr.Credential = c.runAs
		cmd.Env = append(os.Environ(), "HOME="+os.TempDir())
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}

// unprivileged returns the credentials of the postgres user (made by
// Debian's postgresql packages), or nobody as a last resort.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and there is no postgres or nobody user to run PostgreSQL as: create one (useradd postgres) or run as an ordinary user")
}

// reachableBy reports whether every existing ancestor of dir can be entered
// by any user (the o+x bit), which the postgres user needs.
func reachableBy(dir string) bool {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil && st.Mode().Perm()&0o001 == 0 {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func portFree(p int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another process holds %s", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
