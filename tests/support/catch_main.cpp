// Catch2's main, with one change of default: test cases run in random order (Catch2 runs them in
// declaration order unless told otherwise), so a case that depends on another's leftovers fails
// instead of passing by luck. The seed is printed at the start of every run ("Randomness seeded
// to: N"); `--rng-seed N` repeats an order, `--order decl` restores the declared one.
#include <catch2/catch_session.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  session.configData().runOrder = Catch::TestRunOrder::Randomized;
  if (const int status = session.applyCommandLine(argc, argv); status != 0) return status;
  return session.run();
}
