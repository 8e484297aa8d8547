// One rank: the build without -DRUBILNIK_MPI=ON (docs/scaling.md).
#include <algorithm>
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

namespace {
// With one rank every row is this rank's: `out` is the rows restricted to
// owned[0], packed.
template <typename T>
void own_columns(std::size_t n, const std::vector<Block>& owned, const std::function<const T*(std::size_t)>& row,
                 std::vector<T>& out) {
    if (owned.size() != 1) throw std::logic_error("ranks::exchange_columns: one column range per rank is needed");
    const Block c = owned[0];
    out.resize(n * c.size());
    for (std::size_t d = 0; d < n; ++d) std::copy(row(d) + c.begin, row(d) + c.end, out.begin() + d * c.size());
}
}  // namespace

void exchange_columns(std::size_t n, std::size_t, const std::vector<Block>& owned,
                      const std::function<const double*(std::size_t)>& row, std::vector<double>& out) {
    own_columns(n, owned, row, out);
}
void exchange_columns(std::size_t n, std::size_t, const std::vector<Block>& owned,
                      const std::function<const float*(std::size_t)>& row, std::vector<float>& out) {
    own_columns(n, owned, row, out);
}
bool broadcast(bool value) { return value; }
void abort_all(int exit_code) { std::exit(exit_code); }

}  // namespace rubilnik::ranks
