#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "rubilnik/io/output.hpp"

namespace rubilnik {
namespace {

constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

// FIPS 180-4 SHA-256; inputs here are small (scenario and baseline texts).
std::string sha256_hex(std::string_view data) {
    std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string msg(data);
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    msg.push_back(static_cast<char>(0x80));
    while (msg.size() % 64 != 56) msg.push_back('\0');
    for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
    for (std::size_t off = 0; off < msg.size(); off += 64) {
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            for (int j = 0; j < 4; ++j) w[i] = (w[i] << 8) | static_cast<unsigned char>(msg[off + 4 * i + j]);
        for (int i = 16; i < 64; ++i) {
            const auto s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const auto s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto a = h;
        for (int i = 0; i < 64; ++i) {
            const auto S1 = rotr(a[4], 6) ^ rotr(a[4], 11) ^ rotr(a[4], 25);
            const auto ch = (a[4] & a[5]) ^ (~a[4] & a[6]);
            const auto t1 = a[7] + S1 + ch + kK[i] + w[i];
            const auto S0 = rotr(a[0], 2) ^ rotr(a[0], 13) ^ rotr(a[0], 22);
            const auto maj = (a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]);
            const auto t2 = S0 + maj;
            a = {t1 + t2, a[0], a[1], a[2], a[3] + t1, a[4], a[5], a[6]};
        }
        for (int i = 0; i < 8; ++i) h[i] += a[i];
    }
    std::string out;
    char buf[9];
    for (auto x : h) {
        std::snprintf(buf, sizeof buf, "%08x", x);
        out += buf;
    }
    return out;
}

namespace {

namespace fs = std::filesystem;

// Names of our temporaries: ".<file>.tmp-<pid>" (write_atomically) and
// ".staging-<pid>" (write_result_set). Returns the pid, or 0 for any other name.
long owner_pid(const std::string& name) {
    if (name.empty() || name[0] != '.') return 0;
    std::size_t digits_at = 0;
    if (name.rfind(".staging-", 0) == 0) {
        digits_at = 9;
    } else {
        const auto at = name.rfind(".tmp-");
        if (at == std::string::npos || at == 0) return 0;
        digits_at = at + 5;
    }
    if (digits_at >= name.size() || name.size() - digits_at > 9) return 0;
    long pid = 0;
    for (std::size_t i = digits_at; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') return 0;
        pid = pid * 10 + (name[i] - '0');
    }
    return pid;
}

bool process_exists(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

void fsync_path(const fs::path& p, int flags) {
    const int fd = ::open(p.empty() ? "." : p.c_str(), flags);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// Test hook, inert unless RUBILNIK_TEST_PAUSE_BEFORE_RENAME=<seconds> is set:
// every atomic write then reaches a numbered point (1, 2, ...) between its
// complete temporary file and the rename and says so on stderr, and stops
// there for <seconds> so tests/cli/test_kill.sh can SIGKILL the process at
// exactly that point. With RUBILNIK_TEST_PAUSE_AT=<n> only the n-th point
// stops (the others only print): a kill at point 3 must not wait out the
// pauses at points 1 and 2. Compiled into every build so the test checks
// the code users run.
void pause_before_rename_for_tests(const fs::path& from) {
    const char* value = std::getenv("RUBILNIK_TEST_PAUSE_BEFORE_RENAME");
    if (!value || !*value) return;
    const double seconds = std::strtod(value, nullptr);
    if (!(seconds > 0 && seconds <= 600)) return;
    static std::atomic<long> points{0};
    const long point = ++points;
    const char* at = std::getenv("RUBILNIK_TEST_PAUSE_AT");
    const long only = (at && *at) ? std::strtol(at, nullptr, 10) : 0;
    std::fprintf(stderr, "rubilnik: test pause before rename of %s\n", from.c_str());
    std::fflush(stderr);
    if (only > 0 && point != only) return;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

}  // namespace

std::size_t remove_stale_temporaries(const fs::path& folder) {
    std::size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end; !ec && it != end;
         it.increment(ec)) {
        const auto name = it->path().filename().string();
        const long pid = owner_pid(name);
        // A live owner may still be writing (another run into the same folder).
        if (pid <= 0 || pid == ::getpid() || process_exists(pid)) continue;
        std::error_code rm;
        if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
    }
    return removed;
}

void write_atomically(const fs::path& path, const std::function<void(const fs::path& tmp)>& write) {
    remove_stale_temporaries(path.parent_path());
    const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()));
    try {
        write(tmp);
        // Flush the data to disk before the rename makes it visible.
        fsync_path(tmp, O_RDONLY);
        pause_before_rename_for_tests(tmp);
        fs::rename(tmp, path);
        fsync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);  // make the rename itself durable
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

void write_result_set(const fs::path& folder, const std::vector<ResultFile>& files) {
    fs::create_directories(folder);
    remove_stale_temporaries(folder);
    const fs::path staging = folder / (".staging-" + std::to_string(::getpid()));
    try {
        fs::remove_all(staging);
        fs::create_directory(staging);
        for (const auto& f : files) write_atomically(staging / f.name, f.write);
        // Every file is complete on disk; only renames are left. A kill before
        // this point leaves the previous set whole; between two renames (a few
        // microseconds) it would leave a mixed set, each file still complete.
        pause_before_rename_for_tests(staging);
        for (const auto& f : files) fs::rename(staging / f.name, folder / f.name);
        fsync_path(folder, O_RDONLY | O_DIRECTORY);
        fs::remove(staging);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw;
    }
}

}  // namespace rubilnik
