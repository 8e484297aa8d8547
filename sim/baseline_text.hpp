// The files of a baseline generated from indicators (internal to
// sim/baseline_builder.cpp): each write_* call renders one part of the
// folder into GeneratedBaseline::files and records in SOURCES.md where every
// value came from.
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "rubilnik/baseline_builder.hpp"

namespace rubilnik {

class BaselineText {
public:
    BaselineText(const Defaults& defaults, const CountryInfo& country, GeneratedBaseline& out,
                 const BaselineRequest& request, double gdp, double population, double users_pct, double mobile_per_100,
                 double gdp_per_capita, std::string income_note);

    void write_regions(const std::string& regions_file);
    void write_sectors(const std::string& sectors_file);
    void write_topology();
    void write_parameters(const std::function<IndicatorUse(const std::string&)>& indicator);
    void write_toml_and_sources();
    // Channel tables from [tables] of the defaults, placeholders filled in.
    void write_channel_tables();

private:
    struct RegionRow {
        std::string id;
        double population = 0, users = 0, fixed_share = 0, gdp_share = 0;
    };
    std::string render_template(const std::string& text, const std::string& file) const;
    std::string indicator_source(const std::string& code) const;

    const Defaults& d_;
    const CountryInfo& c_;
    GeneratedBaseline& g_;
    const BaselineRequest& req_;
    double gdp_, population_, users_pct_, mobile_per_100_, per_capita_;
    std::string income_note_;
    std::string reference_offset_;
    std::vector<std::string> sector_ids_;
    double national_users_ = 0;
    std::vector<RegionRow> regions_;
    std::ostringstream params_;  // the [parameters] section
    std::ostringstream notes_;   // SOURCES.md sections after the indicator table
};

// A CSV cell, quoted when it holds a comma, quote or line break.
std::string csv_cell(const std::string& text);

}  // namespace rubilnik
