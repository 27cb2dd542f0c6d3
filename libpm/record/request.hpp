// The request contract of pm(7) THE RECORD, written once: what a failed request is, and its component.
#pragma once

#include "libpm/record/record.hpp"

#include <string_view>

namespace pm::record {

/// The metric a request is recorded as (seconds, tags endpoint/method/status/module).
inline constexpr std::string_view k_request_metric = "api.request.duration";

/// True for the spellings of "yes" an `error` tag may carry: `true`, `yes`, `1`, in any case.
bool is_true_spelling(std::string_view text);
/// True for the spellings of "no" a `success` tag may carry: `false`, `no`, `0`, in any case.
bool is_false_spelling(std::string_view text);

/// True when a request record failed: its `status` tag is an integer of 500 or more, or its
/// `error` tag says yes, or its `success` tag says no (the spellings above; any other value,
/// such as `maybe` or a status of `5xx`, does not make it a failure). Used alike by the
/// dashboard, `error_rate(...)` in alert rules, pm-report's gates and exports.
bool is_failed_request(const Record& record);

/// True for the tags that only say how a request ended (`status`, `error`, `success`): an
/// error rate is judged over the requests of a component, not per outcome.
bool is_outcome_tag(std::string_view key);

/// The component a request with `tags` belongs to: the tag `group_by` when one is given,
/// else `module`, else `endpoint`; "" when it has none of them.
std::string_view component_of(const Tags& tags, std::string_view group_by = {});
inline std::string_view component_of(const Record& record, std::string_view group_by = {}) {
  return component_of(record.tags, group_by);
}

} // namespace pm::record
