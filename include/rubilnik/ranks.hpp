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

namespace detail {
// `values` as an MPI count (int); throws naming `what` where it would wrap.
int mpi_count(std::size_t values, const char* what);
}  // namespace detail

// The counts of a row exchange among the ranks (ints, as MPI wants them):
// this rank sends each rank k != it one row of width[k] values per id of
// its block of n, and receives from each rank k one row of
// width[rank()] values per id of k's block, in rank order (so id order).
// Throws where a count exceeds MPI's int.
struct RowPlan {
    std::vector<std::size_t> width;
    std::vector<int> send_counts, send_displs, recv_counts, recv_displs;
    std::size_t sent = 0, received = 0;
    RowPlan(std::size_t n, std::vector<std::size_t> width);
};

// The all-to-all of a plan, in units of `unit` bytes (no conversion: the
// values arrive with the bits they were sent with). Collective.
void all_to_all(const RowPlan& plan, const void* send, void* receive, std::size_t unit);

// Row exchange, for statistics split across ranks. Made with n and one row
// width per rank (width.size() == size()); then, for each id d of this
// rank's block my_block(n), the caller writes rank k's row of d at
// row(d, k) (null for this rank itself), from any thread. exchange()
// sends the rows, frees the send buffer and gives each rank the rows
// written for it, in id order: n - my_block(n).size() rows of
// width[rank()] values. Collective.
template <typename T>
class RowExchange {
public:
    RowExchange(std::size_t n, std::vector<std::size_t> width)
        : plan_(n, std::move(width)), mine_(my_block(n)), packed_(plan_.sent) {}
    T* row(std::size_t d, std::size_t k) {
        if (k == static_cast<std::size_t>(rank())) return nullptr;
        return packed_.data() + static_cast<std::size_t>(plan_.send_displs[k]) + (d - mine_.begin) * plan_.width[k];
    }
    void exchange(Buffer<T>& out) {
        out.resize(plan_.received);
        all_to_all(plan_, packed_.data(), out.data(), sizeof(T));
        Buffer<T>().swap(packed_);  // sent: free it before the statistics
    }

private:
    RowPlan plan_;
    Block mine_;
    Buffer<T> packed_;
};

// Rank 0 receives every rank's `mine`, concatenated in rank order (sizes may
// differ); `all` is untouched elsewhere. Collective.
void gather_concat(const std::vector<double>& mine, std::vector<double>& all);

// Rank 0's value, on every rank (collective).
bool broadcast(bool value);

// Ends every rank with this exit code (MPI_Abort); std::exit without MPI.
// For an error seen by one rank while the others may wait in a collective.
[[noreturn]] void abort_all(int exit_code);

}  // namespace rubilnik::ranks
