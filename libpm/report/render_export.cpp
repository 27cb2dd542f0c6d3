// The export formats: openmetrics, prometheus and influx through libpm/format's writers.
#include "libpm/format/exposition.hpp"
#include "libpm/report/renderers.hpp"

namespace pm::report {

std::vector<record::Record> gate_records(const Report& report) {
  std::vector<record::Record> records;
  for (const auto& gate : report.gates) {
    record::Record r = record::sample(report.now, "pm_report.gate.failed", gate.failed ? 1 : 0);
    r.set_tag("gate", gate.name);
    r.set_tag("kind", gate.kind);
    records.push_back(std::move(r));
  }
  return records;
}

namespace {

class ExpositionExporter final : public Exporter {
public:
  explicit ExpositionExporter(format::Exposition exposition) : m_writer(exposition) {}
  void add(const record::Record& record, util::Output&) override { m_writer.add(record); }
  void finish(const Report& report, util::Output& out) override {
    for (const auto& r : gate_records(report))
      m_writer.add(r);
    m_writer.write([&](std::string_view piece) { out.write(piece); });
  }
  std::vector<std::string> warnings() const override {
    std::vector<std::string> all = m_writer.collisions();
    for (auto& message : m_writer.replaced())
      all.push_back(std::move(message));
    return all;
  }

private:
  format::ExpositionWriter m_writer;
};

/// Influx lines stream out as records come: nothing is kept.
class InfluxExporter final : public Exporter {
public:
  void add(const record::Record& record, util::Output& out) override {
    if (!record.is_sample())
      return;
    format::append_influx(out.buffer(), record);
    out.maybe_drain();
  }
  void finish(const Report& report, util::Output& out) override {
    for (const auto& r : gate_records(report))
      format::append_influx(out.buffer(), r);
    out.maybe_drain();
  }
};

} // namespace

std::unique_ptr<Exporter> make_openmetrics_exporter() {
  return std::make_unique<ExpositionExporter>(format::Exposition::openmetrics);
}
std::unique_ptr<Exporter> make_prometheus_exporter() {
  return std::make_unique<ExpositionExporter>(format::Exposition::prometheus);
}
std::unique_ptr<Exporter> make_influx_exporter() { return std::make_unique<InfluxExporter>(); }

} // namespace pm::report
