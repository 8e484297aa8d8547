// One rank: the build without -DRUBILNIK_MPI=ON (docs/scaling.md).
#include <cstdlib>
#include <stdexcept>

#include "rubilnik/ranks.hpp"

namespace rubilnik::ranks {

Session::Session(int&, char**&) {}
Session::~Session() = default;
bool built_with_mpi() { return false; }
int rank() { return 0; }
int size() { return 1; }
void gather_rows(std::vector<double>&, std::size_t, std::size_t) {}
void gather_rest(const std::vector<double>&, std::vector<double>& rest, std::size_t, std::size_t) { rest.clear(); }
void gather_concat(const std::vector<double>& mine, std::vector<double>& all) { all = mine; }

// With one rank every row is this rank's: nothing to send or receive.
void all_to_all(const RowPlan&, const void*, void*, std::size_t) {}
bool broadcast(bool value) { return value; }
void abort_all(int exit_code) { std::exit(exit_code); }

}  // namespace rubilnik::ranks
