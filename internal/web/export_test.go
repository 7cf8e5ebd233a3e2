package web

// Replays is how many 304s the server keeps to give again (replay.go), for
// tests that must tell a replayed answer from the chain's.
func (s *Server) Replays() int {
	s.replays.mu.RLock()
	defer s.replays.mu.RUnlock()
	return len(s.replays.m)
}
