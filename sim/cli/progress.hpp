// A progress bar on stderr for long commands: drawn only on a terminal and
// only once the work has taken more than a second, so pipes, logs and quick
// runs stay clean.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <iostream>
#include <string>

namespace rubilnik::cli {

class ProgressBar {
public:
    ProgressBar(std::string unit, bool quiet) : unit_(std::move(unit)), enabled_(!quiet && ::isatty(2)) {}
    ~ProgressBar() { finish(); }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // The callback engines take: (done, total), from the driving thread.
    std::function<void(std::size_t, std::size_t)> callback() {
        if (!enabled_) return {};
        return [this](std::size_t done, std::size_t total) { update(done, total); };
    }
    void update(std::size_t done, std::size_t total) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (!enabled_ || s < 1.0) return;
        constexpr int width = 40;
        const int filled =
            total ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total)) : width;
        std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                  << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << done << "/" << total << " "
                  << unit_ << std::flush;
        drawn_ = true;
    }
    // Ends the bar's line so the next output starts clean.
    void finish() {
        if (drawn_) std::cerr << "\n";
        drawn_ = false;
    }

private:
    std::string unit_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace rubilnik::cli
