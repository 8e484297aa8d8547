// The channel registry: every impact channel, in run order. A channel may
// read the totals of channels above it (comparators read the human channel's
// person-hours; the GDP total reads direct and indirect loss).
#include "rubilnik/channel.hpp"

namespace rubilnik {

std::unique_ptr<Channel> make_human_channel();
std::unique_ptr<Channel> make_direct_economy_channel();
std::unique_ptr<Channel> make_indirect_economy_channel();
std::unique_ptr<Channel> make_economy_total_channel();
std::unique_ptr<Channel> make_comparator_channel();
std::unique_ptr<Channel> make_payments_channel();
std::unique_ptr<Channel> make_mining_channel();
std::unique_ptr<Channel> make_welfare_channel();
std::unique_ptr<Channel> make_emergency_channel();
std::unique_ptr<Channel> make_telecom_channel();

std::vector<std::unique_ptr<Channel>> make_channels() {
    std::vector<std::unique_ptr<Channel>> out;
    out.push_back(make_human_channel());
    out.push_back(make_direct_economy_channel());
    out.push_back(make_indirect_economy_channel());
    out.push_back(make_economy_total_channel());
    out.push_back(make_comparator_channel());
    out.push_back(make_payments_channel());
    out.push_back(make_mining_channel());
    out.push_back(make_emergency_channel());
    out.push_back(make_welfare_channel());  // reads the emergency person-hours
    out.push_back(make_telecom_channel());  // reads GDP loss and welfare by operator
    return out;
}

}  // namespace rubilnik
