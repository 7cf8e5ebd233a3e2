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
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: annals user add --email EMAIL --role contributor|reviewer|editor|admin [--name NAME] [--generate-password] (password on standard input)")
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
	password := ""
	if !*generate && stdin != nil {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read the password from standard input: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	generated := password == ""
	if generated {
		if password, err = auth.GeneratePassword(); err != nil {
			return err
		}
	} else if err := auth.ValidatePassword(password); err != nil {
		return fmt.Errorf("password %v", err)
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
