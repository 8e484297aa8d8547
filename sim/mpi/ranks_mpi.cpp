// MPI ranks (-DRUBILNIK_MPI=ON; docs/scaling.md). MPI is started only by a
// Session (the command line's main); without one, e.g. in the test suite of
// an MPI build, everything behaves as a single rank.
// The C API only: without these, <mpi.h> seen by a C++ compiler pulls in the
// deprecated C++ bindings, which need libmpi_cxx at link time.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <time.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "rubilnik/ranks.hpp"

namespace rubilnik::ranks {
namespace {

bool g_started = false;
int g_rank = 0, g_size = 1;

// A barrier that sleeps instead of polling. MPI's blocking calls spin while
// they wait: a rank that finished its block early would burn a core inside
// the gather (or the finalize barrier), and where ranks share cores with
// each other or other jobs that core is taken from the ranks still working.
void sleeping_barrier() {
    MPI_Request done;
    MPI_Ibarrier(MPI_COMM_WORLD, &done);
    int flag = 0;
    for (MPI_Test(&done, &flag, MPI_STATUS_IGNORE); !flag; MPI_Test(&done, &flag, MPI_STATUS_IGNORE)) {
        const timespec pause{0, 1'000'000};
        nanosleep(&pause, nullptr);
    }
}

// MPI counts are int: a run's rows are far below 2^31 values per rank, but
// a silent wrap would corrupt results, so check.
int count_of(std::size_t values, const char* what) {
    if (values > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error(std::string("ranks::") + what + ": " + std::to_string(values) +
                                 " values exceed MPI's int counts; use fewer draws per run");
    return static_cast<int>(values);
}

template <typename T>
void gather(std::vector<T>& rows, std::size_t n, std::size_t width, MPI_Datatype type) {
    if (g_size == 1 || n == 0 || width == 0) return;
    if (rows.size() < n * width) throw std::logic_error("ranks::gather_rows: buffer smaller than n x width");
    count_of(n * width, "gather_rows");
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    for (int r = 0; r < g_size; ++r) {
        const Block b = block_of(n, r, g_size);
        counts[static_cast<std::size_t>(r)] = static_cast<int>(b.size() * width);
        displs[static_cast<std::size_t>(r)] = static_cast<int>(b.begin * width);
    }
    const Block mine = block_of(n, g_rank, g_size);
    T* base = rows.data();
    sleeping_barrier();
    if (g_rank == 0) {
        MPI_Gatherv(MPI_IN_PLACE, 0, type, base, counts.data(), displs.data(), type, 0, MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(base + mine.begin * width, counts[static_cast<std::size_t>(g_rank)], type, nullptr, nullptr,
                    nullptr, type, 0, MPI_COMM_WORLD);
    }
}

template <typename T>
void gather_packed(const std::vector<T>& mine, std::vector<T>& rest, std::size_t n, std::size_t width,
                   MPI_Datatype type) {
    if (g_size == 1 || n == 0 || width == 0) {
        rest.clear();
        return;
    }
    const Block first = block_of(n, 0, g_size);
    count_of((n - first.size()) * width, "gather_rest");
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    for (int r = 1; r < g_size; ++r) {
        const Block b = block_of(n, r, g_size);
        counts[static_cast<std::size_t>(r)] = static_cast<int>(b.size() * width);
        displs[static_cast<std::size_t>(r)] = static_cast<int>((b.begin - first.size()) * width);
    }
    const Block me = block_of(n, g_rank, g_size);
    if (g_rank != 0 && mine.size() < me.size() * width)
        throw std::logic_error("ranks::gather_rest: fewer rows than the block");
    sleeping_barrier();
    if (g_rank == 0) {
        rest.resize((n - first.size()) * width);
        MPI_Gatherv(nullptr, 0, type, rest.data(), counts.data(), displs.data(), type, 0, MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(mine.data(), static_cast<int>(me.size() * width), type, nullptr, nullptr, nullptr, type, 0,
                    MPI_COMM_WORLD);
    }
}

// The counts of a row exchange: this rank sends each rank k != it one row
// of width[k] values per id of its block, and receives from each rank k one
// row of width[rank()] values per id of k's block, in rank order (which is
// id order).
struct RowPlan {
    std::vector<int> send_counts, send_displs, recv_counts, recv_displs;
    std::size_t sent = 0, received = 0;
};

RowPlan row_plan(std::size_t n, const std::vector<std::size_t>& width, const char* what) {
    const auto K = static_cast<std::size_t>(g_size);
    const auto self = static_cast<std::size_t>(g_rank);
    const Block me = block_of(n, g_rank, g_size);
    RowPlan p;
    p.send_counts.resize(K);
    p.send_displs.resize(K);
    p.recv_counts.resize(K);
    p.recv_displs.resize(K);
    for (std::size_t k = 0; k < K; ++k) {
        const Block theirs = block_of(n, static_cast<int>(k), g_size);
        const std::size_t to = k == self ? 0 : me.size() * width[k];
        const std::size_t from = k == self ? 0 : theirs.size() * width[self];
        p.send_counts[k] = count_of(to, what);
        p.send_displs[k] = count_of(p.sent, what);
        p.recv_counts[k] = count_of(from, what);
        p.recv_displs[k] = count_of(p.received, what);
        p.sent += to;
        p.received += from;
    }
    count_of(p.sent, what);
    count_of(p.received, what);
    return p;
}

template <typename T>
void all_to_all(const Buffer<T>& packed, Buffer<T>& out, const RowPlan& p, MPI_Datatype type) {
    out.resize(p.received);
    if (g_size == 1) return;
    sleeping_barrier();
    MPI_Alltoallv(packed.data(), p.send_counts.data(), p.send_displs.data(), type, out.data(), p.recv_counts.data(),
                  p.recv_displs.data(), type, MPI_COMM_WORLD);
}

}  // namespace

Session::Session(int& argc, char**& argv) {
    int provided = 0;
    // Only the main thread calls MPI; TBB workers never do.
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        std::fprintf(stderr, "rubilnik: internal error: MPI_Init_thread failed\n");
        std::exit(70);
    }
    g_started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
}

Session::~Session() {
    // Ranks that finish first (all but rank 0, which still aggregates and
    // writes) wait here asleep, not in MPI_Finalize's polling barrier.
    if (g_started && g_size > 1) sleeping_barrier();
    if (g_started) MPI_Finalize();
    g_started = false;
    g_rank = 0;
    g_size = 1;
}

bool built_with_mpi() { return true; }
int rank() { return g_rank; }
int size() { return g_size; }

void gather_rows(std::vector<double>& rows, std::size_t n, std::size_t width) { gather(rows, n, width, MPI_DOUBLE); }
void gather_rest(const std::vector<double>& mine, std::vector<double>& rest, std::size_t n, std::size_t width) {
    gather_packed(mine, rest, n, width, MPI_DOUBLE);
}
// Rank r sends rank k != r its rows' values of owned[k], packed row by row.
void exchange_columns(std::size_t n, std::size_t width, const std::vector<Columns>& owned,
                      const std::function<const double*(std::size_t)>& row, Buffer<double>& out) {
    const auto K = static_cast<std::size_t>(g_size);
    if (owned.size() != K) throw std::logic_error("ranks::exchange_columns: one column list per rank is needed");
    std::vector<std::size_t> widths(K);
    for (std::size_t k = 0; k < K; ++k) {
        for (const Block& c : owned[k])
            if (c.begin > c.end || c.end > width)
                throw std::logic_error("ranks::exchange_columns: range outside the row");
        widths[k] = columns(owned[k]);
    }
    const RowPlan plan = row_plan(n, widths, "exchange_columns");
    const Block me = block_of(n, g_rank, g_size);
    Buffer<double> packed(plan.sent);
    double* at = packed.data();
    for (std::size_t k = 0; k < K; ++k) {
        if (k == static_cast<std::size_t>(g_rank)) continue;
        for (std::size_t d = me.begin; d < me.end; ++d) {
            const double* values = row(d);
            for (const Block& c : owned[k]) at = std::copy(values + c.begin, values + c.end, at);
        }
    }
    all_to_all(packed, out, plan, MPI_DOUBLE);
}

void exchange_rows(std::size_t n, const std::vector<std::size_t>& width,
                   const std::function<void(std::size_t, float* const*)>& pack, Buffer<float>& out) {
    const auto K = static_cast<std::size_t>(g_size);
    if (width.size() != K) throw std::logic_error("ranks::exchange_rows: one row width per rank is needed");
    const RowPlan plan = row_plan(n, width, "exchange_rows");
    const Block me = block_of(n, g_rank, g_size);
    Buffer<float> packed(plan.sent);
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(me.begin, me.end), [&](const tbb::blocked_range<std::size_t>& ids) {
            std::vector<float*> to(K, nullptr);
            for (std::size_t d = ids.begin(); d != ids.end(); ++d) {
                for (std::size_t k = 0; k < K; ++k)
                    if (k != static_cast<std::size_t>(g_rank))
                        to[k] =
                            packed.data() + static_cast<std::size_t>(plan.send_displs[k]) + (d - me.begin) * width[k];
                pack(d, to.data());
            }
        });
    // Bytes in float-sized units: no conversion can touch the bits.
    MPI_Datatype bits = MPI_DATATYPE_NULL;
    if (g_size > 1) {
        MPI_Type_contiguous(static_cast<int>(sizeof(float)), MPI_BYTE, &bits);
        MPI_Type_commit(&bits);
    }
    all_to_all(packed, out, plan, bits);
    if (g_size > 1) MPI_Type_free(&bits);
}

void gather_concat(const std::vector<double>& mine, std::vector<double>& all) {
    if (g_size == 1) {
        all = mine;
        return;
    }
    const int count = count_of(mine.size(), "gather_concat");
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    sleeping_barrier();
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::size_t total = 0;
    if (g_rank == 0) {
        for (std::size_t r = 0; r < counts.size(); ++r) {
            displs[r] = count_of(total, "gather_concat");
            total += static_cast<std::size_t>(counts[r]);
        }
        count_of(total, "gather_concat");
        all.resize(total);
    }
    MPI_Gatherv(mine.data(), count, MPI_DOUBLE, g_rank == 0 ? all.data() : nullptr, counts.data(), displs.data(),
                MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

bool broadcast(bool value) {
    if (g_size == 1) return value;
    int v = value ? 1 : 0;
    MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v != 0;
}

void abort_all(int exit_code) {
    if (g_started && g_size > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::exit(exit_code);
}

}  // namespace rubilnik::ranks
