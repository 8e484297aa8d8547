// MPI ranks (-DRUBILNIK_MPI=ON; docs/scaling.md). MPI is started only by a
// Session (the command line's main); without one, e.g. in the test suite of
// an MPI build, everything behaves as a single rank.
// The C API only: without these, <mpi.h> seen by a C++ compiler pulls in the
// deprecated C++ bindings, which need libmpi_cxx at link time.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <time.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "rubilnik/ranks.hpp"

namespace rubilnik::ranks {
namespace {

bool g_started = false;
int g_rank = 0, g_size = 1, g_node_size = 1;

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

template <typename T>
void gather(std::vector<T>& rows, std::size_t n, std::size_t width, MPI_Datatype type) {
    if (g_size == 1 || n == 0 || width == 0) return;
    if (rows.size() < n * width) throw std::logic_error("ranks::gather_rows: buffer smaller than n x width");
    // MPI counts are int: a run's rows are far below 2^31 values per rank,
    // but a silent wrap would corrupt results, so check.
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    for (int r = 0; r < g_size; ++r) {
        const Block b = block_of(n, r, g_size);
        if (b.end * width > static_cast<std::size_t>(INT_MAX))
            throw std::runtime_error("ranks::gather_rows: " + std::to_string(n * width) +
                                     " values exceed MPI's int counts; use fewer draws per run");
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
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    for (int r = 0; r < g_size; ++r) {
        const Block b = block_of(n, r, g_size);
        if ((n - first.size()) * width > static_cast<std::size_t>(INT_MAX))
            throw std::runtime_error("ranks::gather_rest: " + std::to_string(n * width) +
                                     " values exceed MPI's int counts; use fewer draws per run");
        counts[static_cast<std::size_t>(r)] = r == 0 ? 0 : static_cast<int>(b.size() * width);
        displs[static_cast<std::size_t>(r)] = r == 0 ? 0 : static_cast<int>((b.begin - first.size()) * width);
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
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &g_node_size);
    MPI_Comm_free(&node);
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
int node_size() { return g_node_size; }

void gather_rows(std::vector<double>& rows, std::size_t n, std::size_t width) { gather(rows, n, width, MPI_DOUBLE); }
void gather_rows(std::vector<float>& rows, std::size_t n, std::size_t width) { gather(rows, n, width, MPI_FLOAT); }
void gather_rest(const std::vector<double>& mine, std::vector<double>& rest, std::size_t n, std::size_t width) {
    gather_packed(mine, rest, n, width, MPI_DOUBLE);
}
void gather_rest(const std::vector<float>& mine, std::vector<float>& rest, std::size_t n, std::size_t width) {
    gather_packed(mine, rest, n, width, MPI_FLOAT);
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
