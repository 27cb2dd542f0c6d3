// Performance data of a Monitoring Plugin's output (an exec --check) as records.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"

#include <string_view>
#include <vector>

namespace pm::collect {

/// The performance data in `output` (`STATUS TEXT | 'label'=value[UOM];warn;crit;min;max
/// ...`, and more after a `|` on later lines) as records `health.CHECK.LABEL`, stamped
/// `now`, with the UOM as unit (values scaled: ms and us to seconds, KB..TB to bytes).
/// Output without performance data gives no records. A malformed item is reported to
/// `diagnostics` as `check CHECK:LINE: reason` and left out.
std::vector<record::Record> perfdata_records(std::string_view output, std::string_view check_name,
                                             time::TimePoint now, util::Diagnostics& diagnostics);

} // namespace pm::collect
