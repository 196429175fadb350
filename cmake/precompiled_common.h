// Precompiled for every palisade target (PALISADE_PRECOMPILED_HEADERS, on by
// default): the standard and fmt headers nearly every file includes. It only
// speeds the build up — each file still includes what it uses, which the
// build with the option off (scripts/tidy) checks.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>
