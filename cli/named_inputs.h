// What a user names on the command line must exist and be readable: a CI
// that mistypes a folder must fail, not pass with nothing scanned. These
// checks run before the scan; a failure is one line and exit code 2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/input_summary.h"

namespace palisade {

// The first problem with the named paths ("-" is standard input and always
// fine) or the --params files, as one line; nullopt when all can be read.
std::optional<std::string> namedInputProblem(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& parameter_files);

// When a scan read no input at all (no file found, or every file skipped: too
// large, not decodable, a link out of the root), the one line that says so;
// nullopt when some file was read, even one holding nothing to check.
std::optional<std::string> nothingReadMessage(const std::vector<InputRecord>& inputs, const std::vector<std::string>& paths);

// Parses a --max-file-size value: bytes, or a number with K, M or G (powers of 1024).
std::optional<std::size_t> parseByteSize(const std::string& text);

}  // namespace palisade
