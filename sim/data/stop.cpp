#include "rubilnik/data/stop.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rubilnik/error.hpp"
#include "rubilnik/io/csv.hpp"
#include "rubilnik/io/input_file.hpp"

namespace rubilnik {

const std::vector<std::string>& stop_columns() {
    static const std::vector<std::string> kColumns = {"start_date_type",
                                                      "start_date",
                                                      "country",
                                                      "geo_scope",
                                                      "area_name",
                                                      "shutdown_type",
                                                      "affected_network",
                                                      "shutdown_extent",
                                                      "ordered_by",
                                                      "decision_maker",
                                                      "actual_cause",
                                                      "actual_cause_details",
                                                      "info_source",
                                                      "info_source_link",
                                                      "shutdown_status",
                                                      "end_date",
                                                      "duration",
                                                      "gov_justification",
                                                      "gov_just_details",
                                                      "gov_ack",
                                                      "legal_just",
                                                      "legal_method",
                                                      "gov_ack_source",
                                                      "gov_ack_quote",
                                                      "facebook_affected",
                                                      "twitter_affected",
                                                      "whatsapp_affected",
                                                      "instagram_affected",
                                                      "telegram_affected",
                                                      "other_affected",
                                                      "sms_affected",
                                                      "phonecall_affected",
                                                      "telcos_involved",
                                                      "telco_ack",
                                                      "telco_ack_source",
                                                      "telco_ack_quote",
                                                      "election",
                                                      "violence",
                                                      "hr_abuse_reported",
                                                      "users_targeted",
                                                      "users_target_detail",
                                                      "users_notified",
                                                      "econ_impact",
                                                      "event",
                                                      "an_link",
                                                      "region",
                                                      "count_year"};
    return kColumns;
}

const std::string& StopRow::at(std::string_view column) const {
    const auto& cols = stop_columns();
    const auto it = std::find(cols.begin(), cols.end(), column);
    if (it == cols.end()) throw std::logic_error("no STOP column " + std::string(column));
    return cells[static_cast<std::size_t>(it - cols.begin())];
}

StopTable StopTable::read(const std::string& path) {
    // Bounded, regular files only (docs/hardening.md): a path naming /dev/zero
    // or a FIFO would otherwise be read for ever.
    return parse(read_input_file(path, kMaxTableBytes, "tables"), path);
}

StopTable StopTable::parse(std::string_view text, const std::string& path) {
    // CsvTable checks RFC 4180 quoting, the header and every row's width, and
    // names the line of any problem.
    const auto csv = CsvTable::parse(text, path, stop_columns());
    if (csv.rows().size() > kMaxStopRows)
        throw InputError(SourceLocation{path, 0, 0}, "",
                         std::to_string(csv.rows().size()) + " rows; at most " + std::to_string(kMaxStopRows) +
                             " are imported at once");
    StopTable t;
    t.path_ = path;
    long n = 0;
    for (const auto& r : csv.rows()) t.rows_.push_back(StopRow{++n, r.line, r.cells});
    return t;
}

}  // namespace rubilnik
