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
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

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

template <typename T>
void gather(std::vector<T>& rows, std::size_t n, std::size_t width, MPI_Datatype type) {
    if (g_size == 1 || n == 0 || width == 0) return;
    if (rows.size() < n * width) throw std::logic_error("ranks::gather_rows: buffer smaller than n x width");
    detail::mpi_count(n * width, "gather_rows");
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
    detail::mpi_count((n - first.size()) * width, "gather_rest");
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
void all_to_all(const RowPlan& plan, const void* send, void* receive, std::size_t unit) {
    if (g_size == 1) return;
    // Bytes in units of one value: no conversion can touch the bits.
    MPI_Datatype value;
    MPI_Type_contiguous(static_cast<int>(unit), MPI_BYTE, &value);
    MPI_Type_commit(&value);
    sleeping_barrier();
    MPI_Alltoallv(send, plan.send_counts.data(), plan.send_displs.data(), value, receive, plan.recv_counts.data(),
                  plan.recv_displs.data(), value, MPI_COMM_WORLD);
    MPI_Type_free(&value);
}

void gather_concat(const std::vector<double>& mine, std::vector<double>& all) {
    if (g_size == 1) {
        all = mine;
        return;
    }
    const int count = detail::mpi_count(mine.size(), "gather_concat");
    std::vector<int> counts(static_cast<std::size_t>(g_size)), displs(static_cast<std::size_t>(g_size));
    sleeping_barrier();
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::size_t total = 0;
    if (g_rank == 0) {
        for (std::size_t r = 0; r < counts.size(); ++r) {
            displs[r] = detail::mpi_count(total, "gather_concat");
            total += static_cast<std::size_t>(counts[r]);
        }
        detail::mpi_count(total, "gather_concat");
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
