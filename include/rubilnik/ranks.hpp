// The processes sharing one run (docs/scaling.md). A build with
// -DRUBILNIK_MPI=ON started under `mpirun -np K` has K ranks; every other
// build, and any program that never opens a RankSession (the tests, the
// benchmarks), has exactly one. Callers only ask "which ids are mine" and
// "exchange or gather them": draw d is a pure function of (seed, d), so
// splitting the ids into contiguous blocks and moving rows between ranks in
// id order gives the same bits as one process: every statistic is still
// computed over the rows in id order, whichever rank computes it.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace rubilnik::ranks {

// Half-open range of ids [begin, end).
struct Block {
    std::size_t begin = 0, end = 0;
    std::size_t size() const { return end - begin; }
};

// Starts MPI for the lifetime of main() (a no-op without MPI). Only one.
class Session {
public:
    Session(int& argc, char**& argv);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

bool built_with_mpi();
int rank();  // 0 without a session
int size();  // 1 without a session
inline bool root() { return rank() == 0; }

// Rank r's share of n ids: contiguous, sizes differing by at most one,
// the larger blocks first. Pure, so every rank agrees on every block.
Block block_of(std::size_t n, int r, int ranks);
inline Block my_block(std::size_t n) { return block_of(n, rank(), size()); }

// `rows` holds n rows of `width` values; this rank has filled the rows of
// my_block(n). Afterwards rank 0 holds every row; other ranks' buffers are
// left as they were. Collective: every rank calls it with the same n, width.
void gather_rows(std::vector<double>& rows, std::size_t n, std::size_t width);

// The same without a full-size buffer on every rank: `mine` holds this
// rank's block of rows, packed; rank 0's block is rows [0, my_block(n).end),
// and on rank 0 `rest` receives every later row, packed in id order (it is
// resized; untouched on other ranks). Collective.
void gather_rest(const std::vector<double>& mine, std::vector<double>& rest, std::size_t n, std::size_t width);

// Column exchange, for statistics split across ranks: this rank filled rows
// my_block(n), and row(d) gives row d's `width` values. Rank k owns the
// columns of owned[k], a list of ranges in increasing order
// (owned.size() == size()). Afterwards `out` holds the other ranks' rows,
// in id order, each restricted to this rank's columns (its ranges one
// after another): n - my_block(n).size() rows of columns(owned[rank()])
// values (its own rows it already has). Collective (an all-to-all).
using Columns = std::vector<Block>;
std::size_t columns(const Columns& ranges);  // how many columns the ranges hold
void exchange_columns(std::size_t n, std::size_t width, const std::vector<Columns>& owned,
                      const std::function<const double*(std::size_t)>& row, std::vector<double>& out);
void exchange_columns(std::size_t n, std::size_t width, const std::vector<Columns>& owned,
                      const std::function<const float*(std::size_t)>& row, std::vector<float>& out);

// Rank 0 receives every rank's `mine`, concatenated in rank order (sizes may
// differ); `all` is untouched elsewhere. Collective.
void gather_concat(const std::vector<double>& mine, std::vector<double>& all);

// Rank 0's value, on every rank (collective). For the vector every rank
// passes one of the same size, which rank 0's contents overwrite.
bool broadcast(bool value);
void broadcast(std::vector<double>& values);

// Ends every rank with this exit code (MPI_Abort); std::exit without MPI.
// For an error seen by one rank while the others may wait in a collective.
[[noreturn]] void abort_all(int exit_code);

}  // namespace rubilnik::ranks
