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

// With one rank every row is this rank's: there are no other rows to receive.
void exchange_columns(std::size_t, std::size_t, const std::vector<Columns>& owned,
                      const std::function<const double*(std::size_t)>&, Buffer<double>& out) {
    if (owned.size() != 1) throw std::logic_error("ranks::exchange_columns: one column range per rank is needed");
    out.clear();
}
void exchange_rows(std::size_t n, const std::vector<std::size_t>& width,
                   const std::function<void(std::size_t, float* const*)>& pack, Buffer<float>& out) {
    if (width.size() != 1) throw std::logic_error("ranks::exchange_rows: one row width per rank is needed");
    float* const none[1] = {nullptr};
    for (std::size_t d = 0; d < n; ++d) pack(d, none);
    out.clear();
}
bool broadcast(bool value) { return value; }
void abort_all(int exit_code) { std::exit(exit_code); }

}  // namespace rubilnik::ranks
