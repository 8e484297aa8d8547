// One rank: the build without -DRUBILNIK_MPI=ON (docs/scaling.md).
#include <cstdlib>

#include "rubilnik/ranks.hpp"

namespace rubilnik::ranks {

Session::Session(int&, char**&) {}
Session::~Session() = default;
bool built_with_mpi() { return false; }
int rank() { return 0; }
int size() { return 1; }
int node_size() { return 1; }
void gather_rows(std::vector<double>&, std::size_t, std::size_t) {}
void gather_rows(std::vector<float>&, std::size_t, std::size_t) {}
void gather_rest(const std::vector<double>&, std::vector<double>& rest, std::size_t, std::size_t) { rest.clear(); }
void gather_rest(const std::vector<float>&, std::vector<float>& rest, std::size_t, std::size_t) { rest.clear(); }
bool broadcast(bool value) { return value; }
void abort_all(int exit_code) { std::exit(exit_code); }

}  // namespace rubilnik::ranks
