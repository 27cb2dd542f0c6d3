// Performance data of a Monitoring Plugin's output (an exec --check) as records.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"
#include "libpm/util/diagnostics.hpp"

#include <string_view>
#include <vector>

namespace pm::collect {

/// The performance data in `output` (`STATUS TEXT | 'label'=value[UOM];warn;crit;min;max
/// ...`, and more after a `|` on later lines) as records, parsed as pm-ingest's nagios
/// format does (format::NagiosParser): name `health.CHECK.LABEL` (a label that cannot be
/// part of a name gives `health.CHECK` with tag `label`), the UOM as unit with the value
/// scaled (ms and us to seconds, KB/MB/... to bytes in powers of 1000, KiB/MiB/... in
/// powers of 1024), warn/crit/min/max as extra members; all stamped `now`. Output without
/// performance data gives no records. A malformed line is reported to `diagnostics` as
/// `check CHECK:LINE: reason` and left out.
std::vector<record::Record> perfdata_records(std::string_view output, std::string_view check_name,
                                             time::TimePoint now, util::Diagnostics& diagnostics);

} // namespace pm::collect
