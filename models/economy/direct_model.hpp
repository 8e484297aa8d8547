// The direct-loss kernel (docs/methodology.md §4) shared by the direct and
// the indirect economy channels. The indirect channel needs the direct loss
// per sector and hour, but a draw's record carries only totals, breakdowns
// and national series, so each channel holds its own copy of this kernel.
//
// prepare() does everything that does not depend on the draw: sector ×
// region value added, activity by local hour and day type, and the users'
// exposure folded into three outage terms per (sector, access type). A draw
// then costs O(sectors × (regions + hours) × 6) multiply-adds.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "rubilnik/channel.hpp"

namespace rubilnik::economy {

// The three terms of the outage equation: hours not usable before leakage
// (length minus connected hours × throughput), hours cut, hours with
// domestic services only. outage = t0 − L·t1 − σ(1 − L)·t2.
inline constexpr std::size_t kOutageTerms = 3;

class DirectLossModel {
public:
    // Registers a parameter key with the calling channel; returns its index.
    using ParamLookup = std::function<std::size_t(const std::string& key)>;

    void prepare(const PreparedRun& run, const ParameterTable& params, const ParamLookup& param);

    std::size_t sectors() const { return sectors_; }
    std::size_t regions() const { return regions_; }
    std::size_t hours() const { return hours_; }

    // One draw's coefficients: weight[(s·2 + x)·3 + t] = dependence_s ×
    // max(0, 1 − substitution_s − deferral_s) × w_{s,x} × coef_t.
    struct Draw {
        std::vector<double> weight;
        double usd_per_local = 0;
    };
    void draw(const DrawValues& values, Draw& out) const;

    // Direct value added lost by sector s in region r over the window, local currency.
    double sector_region(const Draw& d, std::size_t s, std::size_t r) const;
    // out[h] += scale × direct value added lost by sector s in hour h, for
    // every hour: six contiguous multiply-adds per hour, which vectorise.
    void add_sector_hours(const Draw& d, std::size_t s, double scale, double* out) const;
    // c*_s(h): the share of sector s's planned output lost in hour h,
    // averaged over the hour and over regions by value added. Activity does
    // not enter: an inoperability is a share of whatever was planned.
    double sector_inoperability(const Draw& d, std::size_t s, std::size_t h) const;
    // Whether any sector's c*(h) can differ from c*(h − 1) in some draw (the
    // exposure changed); where it cannot, the draw need not recompute it.
    bool shock_changes(std::size_t h) const { return changes_[h] != 0; }

    // Value added of sector s in region r, per year, local currency.
    double value_added(std::size_t s, std::size_t r) const { return va_[s * regions_ + r]; }
    // The region's share of the sector's value added.
    double region_share(std::size_t s, std::size_t r) const { return share_[s * regions_ + r]; }
    // Planned value added of sector s in hour h (activity-weighted), local.
    double planned(std::size_t s, std::size_t h) const { return planned_[s * hours_ + h]; }
    // Length of reporting hour h in hours (the first and last may be short).
    double hour_length(std::size_t h) const { return length_[h]; }
    // True when a `sector_regions` table gave some sectors' regional split.
    bool has_sector_regions() const { return from_table_; }

private:
    void load_value_added(const PreparedRun& run);
    double combine(const Draw& d, std::size_t s, const double* terms) const;

    std::size_t sectors_ = 0, regions_ = 0, hours_ = 0;
    std::vector<std::size_t> dependence_, substitution_, deferral_, mobile_weight_;
    std::size_t sufficiency_ = 0, leak_ = 0, usd_per_local_ = 0;

    std::vector<double> va_, share_, planned_, length_;
    bool from_table_ = false;
    // Money arrays (local currency per unit of weight): summed over hours
    // [((s·R + r)·2 + x)·3 + t], summed over regions [((s·2 + x)·3 + t)·H + h],
    // hours innermost so a sector's series is a few contiguous loops; and the
    // activity-free outage share in the same layout.
    std::vector<double> by_sr_, by_sh_, share_sh_;
    std::vector<char> changes_;
    std::vector<char> used_;  // per (s, x, t): by_sh_ has a non-zero hour (domestic-only is often empty)
};

}  // namespace rubilnik::economy
