// Reading parameters and distributions from TOML (baseline and scenario
// [parameters] tables). Internal: the public API takes no TOML types.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "rubilnik/parameters.hpp"

namespace rubilnik::detail {

// key = { value = x, source = "..." } or key = { dist = "...", ..., source = "..." }.
Distribution parse_distribution(const toml::table& spec, const std::string& file, const std::string& key_path,
                                std::string* source_out);

// Reads a whole [parameters] table into `out`. With `must_exist`, every key
// must already be defined (a scenario may only override the baseline's keys).
void read_parameters(ParameterTable& out, const toml::table& table, const std::string& file, const std::string& origin,
                     bool must_exist);

// Reads a whole [correlations] table (groups of parameters sharing one
// driver) into `out`; its parameters must already be defined. A group named
// like an existing one replaces it.
void read_correlations(ParameterTable& out, const toml::table& table, const std::string& file,
                       const std::string& origin);

}  // namespace rubilnik::detail
