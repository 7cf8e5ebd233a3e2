package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

// userCommand manages staff accounts from the command line; the first admin
// is made here:
//
//	annals user add --email ko@example.org --role admin [--name "Ko Ko"]
//
// The password is read from standard input (one line), or, with
// --generate-password or when standard input is empty, generated and
// printed once.
func userCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "password" {
		return userPasswordCommand(ctx, cfg, log, args[1:], stdin, stdout)
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: annals user add --email EMAIL --role contributor|reviewer|editor|admin [--name NAME] [--generate-password] (password on standard input)\n" +
			"       annals user password --email EMAIL [--generate-password] (password on standard input)")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	email := fs.String("email", "", "the account's email address (required)")
	role := fs.String("role", "", "contributor, reviewer, editor or admin (required)")
	name := fs.String("name", "", "the name shown in histories")
	generate := fs.Bool("generate-password", false, "generate a password and print it once instead of reading one")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("user add takes no arguments besides its flags (got %q)", fs.Arg(0))
	}
	if *email == "" || *role == "" {
		return errors.New("user add needs --email and --role")
	}
	r, err := auth.ParseRole(*role)
	if err != nil {
		return err
	}
	password, generated, err := readPassword(stdin, *generate)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	u, err := postgres.NewStore(pool).CreateUser(ctx, *email, *name, r, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s account %s (id %d)\n", u.Role, u.Email, u.ID)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", password)
	}
	fmt.Fprintf(stdout, "sign in at %s/staff/login\n", strings.TrimRight(cfg.BaseURL, "/"))
	return nil
}

// readPassword reads a password from the first line of stdin, or generates
// one when asked to or when stdin is empty.
func readPassword(stdin io.Reader, generate bool) (password string, generated bool, err error) {
	if !generate && stdin != nil {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, fmt.Errorf("read the password from standard input: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if password == "" {
		password, err = auth.GeneratePassword()
		return password, true, err
	}
	if err := auth.ValidatePassword(password); err != nil {
		return "", false, fmt.Errorf("password %v", err)
	}
	return password, false, nil
}

// userPasswordCommand gives an existing account a new password and ends its
// sessions: how the first admin signs in again after a backup is restored
// (backups hold no passwords), or after an admin forgot theirs.
//
//	annals user password --email ko@example.org
func userPasswordCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user password", flag.ContinueOnError)
	email := fs.String("email", "", "the account's email address (required)")
	generate := fs.Bool("generate-password", false, "generate a password and print it once instead of reading one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("user password takes no arguments besides its flags (got %q)", fs.Arg(0))
	}
	if *email == "" {
		return errors.New("user password needs --email")
	}
	password, generated, err := readPassword(stdin, *generate)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	u, _, err := store.UserForSignIn(ctx, *email)
	if err != nil {
		return fmt.Errorf("%s: %w", *email, err)
	}
	u, err = store.UpdateUser(ctx, auth.User{Name: "annals user password"}, u.ID, timeline.UserChange{Password: &password})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new password set for %s account %s; its sessions have ended\n", u.Role, u.Email)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", password)
	}
	if u.Disabled {
		fmt.Fprintln(stdout, "the account is disabled: an admin must enable it before it can sign in")
	}
	fmt.Fprintf(stdout, "sign in at %s/staff/login\n", strings.TrimRight(cfg.BaseURL, "/"))
	return nil
}
