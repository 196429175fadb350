// What a scan read, file by file: the format each input was read as, what it
// yielded, and why a file was skipped. The invariant every reader keeps: an
// input it reads yields at least one resource or one located diagnostic; a
// file it cannot read says why. The summary is what the report shows.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palisade {

enum class InputFormat : unsigned char {
  Bicep,           // .bicep and .bicepparam
  Arm,             // ARM deployment templates (JSON)
  Manifest,        // Kubernetes and Calico objects, YAML or JSON
  ArmParameters,   // ARM parameter files: values for a template, no resources of their own
  Unrecognised,    // JSON or YAML that holds nothing palisade checks (package.json, CI workflows)
};
inline constexpr std::size_t kInputFormats = 5;

// "Bicep", "ARM", "Kubernetes/Calico", "ARM parameter", "other".
std::string_view inputFormatName(InputFormat format);

struct InputRecord {
  std::string path;  // display path, as findings name it
  InputFormat format = InputFormat::Unrecognised;
  bool named = false;      // named on the command line or read from standard input
  std::string skipped;     // why it was not read (size limit, unreadable, encoding); empty when read
  std::size_t resources = 0;    // resources declared in this file
  std::size_t diagnostics = 0;  // GEN diagnostics located in this file
  bool values_only = false;     // a Bicep module or .bicepparam file whose values reach resources declared elsewhere
};

struct InputSummary {
  std::array<std::size_t, kInputFormats> read{};        // files read, by format
  std::size_t resources = 0;
  std::vector<std::pair<std::string, std::string>> skipped;  // (path, reason)
  bool known = false;  // false: the report was not built from a scan (tests, merged JSON)

  std::size_t readOf(InputFormat format) const { return read[static_cast<std::size_t>(format)]; }
  void add(const InputSummary& other);
};

InputSummary summarise(const std::vector<InputRecord>& records);

}  // namespace palisade
