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
#include <new>
#include <utility>
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

// Memory for the values ranks exchange: left uninitialised until written
// (the exchange overwrites every value) and, where the kernel offers
// transparent huge pages on request, in 2 MiB pages. A fresh 100 MB buffer
// in 4 KiB pages costs more in page faults, and zero-filling, than the
// transfer into it (docs/scaling.md). Small buffers use operator new.
void* allocate_exchange(std::size_t bytes);
void release_exchange(void* p, std::size_t bytes) noexcept;

template <typename T>
struct ExchangeAllocator {
    using value_type = T;
    ExchangeAllocator() = default;
    template <typename U>
    ExchangeAllocator(const ExchangeAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_exchange(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { release_exchange(p, n * sizeof(T)); }
    // Default-initialise: no zero fill for arithmetic T.
    template <typename U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
    friend bool operator==(const ExchangeAllocator&, const ExchangeAllocator&) { return true; }
};
template <typename T>
using Buffer = std::vector<T, ExchangeAllocator<T>>;

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
                      const std::function<const double*(std::size_t)>& row, Buffer<double>& out);

// Row exchange, for rows the caller packs itself (with values it computes
// on the way): this rank's ids are my_block(n); for each of them rank
// k != rank() receives one row of width[k] floats, written by pack(d, to)
// where to[k] points at it (to[rank()] is null). pack is called once for
// each of this rank's ids, from several threads at once. Afterwards `out`
// holds the rows the other ranks packed for this one, in id order:
// n - my_block(n).size() rows of width[rank()] floats. The floats travel
// as bytes, so a row may carry other values' bits (memcpy'd in and out).
// Collective (an all-to-all).
void exchange_rows(std::size_t n, const std::vector<std::size_t>& width,
                   const std::function<void(std::size_t, float* const*)>& pack, Buffer<float>& out);

// Rank 0 receives every rank's `mine`, concatenated in rank order (sizes may
// differ); `all` is untouched elsewhere. Collective.
void gather_concat(const std::vector<double>& mine, std::vector<double>& all);

// Rank 0's value, on every rank (collective).
bool broadcast(bool value);

// Ends every rank with this exit code (MPI_Abort); std::exit without MPI.
// For an error seen by one rank while the others may wait in a collective.
[[noreturn]] void abort_all(int exit_code);

}  // namespace rubilnik::ranks
