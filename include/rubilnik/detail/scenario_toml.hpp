// Building a scenario from a TOML document already in memory: load_scenario
// parses the file and calls this; a sweep edits the document and calls it
// once per point. Internal: the public API takes no TOML types.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "rubilnik/scenario.hpp"

namespace rubilnik::detail {

// `path` resolves the relative baseline folder and names the file in error
// messages; `text` is kept as the scenario's exact input for provenance.
Scenario load_scenario_toml(const toml::table& doc, const std::string& path, std::string text);

}  // namespace rubilnik::detail
