// CivilDate: a calendar day (YYYY-MM-DD), for suppression expiry dates.
// "Today" is passed in by the caller, so filters stay pure and testable.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace palisade {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const CivilDate&) const = default;
};

// Parses an ISO date, YYYY-MM-DD, checking the day exists (2026-02-30 does not).
std::optional<CivilDate> parseCivilDate(std::string_view text);
std::string formatCivilDate(const CivilDate& date);
// Today in UTC.
CivilDate todayUtc();

}  // namespace palisade
