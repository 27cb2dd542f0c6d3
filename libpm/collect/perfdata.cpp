// Performance data of a Monitoring Plugin's output (an exec --check) as records.
#include "libpm/collect/perfdata.hpp"

#include "libpm/format/nagios.hpp"

#include <string>

namespace pm::collect {

std::vector<record::Record> perfdata_records(std::string_view output, std::string_view check_name,
                                             time::TimePoint now, util::Diagnostics& diagnostics) {
  // The same parser as `pm-ingest --format nagios`, so a plugin's numbers read the same
  // whether pm-sample runs it or its output is ingested.
  format::NagiosParser parser("health." + std::string(check_name));
  std::vector<record::Record> records;
  format::parse_lines(output, parser, "check " + std::string(check_name), diagnostics, [&](record::Record& record) {
    record::stamp_if_missing(record, now); // plugin output carries no time
    records.push_back(std::move(record));
  });
  return records;
}

} // namespace pm::collect
