// The YAML writer: Values back to block-style YAML that the reader (and
// Kubernetes' decoder) reads as the same data — strings that would read as
// another type are quoted, multi-line text is a literal block where that is
// exact. Used to print built Kustomize objects (`palisade kustomize build`).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>
#include <string>

#include "core/value.h"

namespace palisade {

// A comment to put after a scalar's line (without the '#'), or "" for none:
// where the value came from, say.
using YamlComment = std::function<std::string(const Value& scalar)>;

// How strings are quoted. Conservative: plain only where that is evidently
// safe, else double-quoted. GoYamlV2: exactly where Go's yaml.v2 encoder
// (sigs.k8s.io/yaml, Helm's toYaml) quotes — double quotes for strings that
// would read back as another type ("true", "1", "y", "1:20", "2001-12-14"),
// single quotes where plain text would mean something to YAML ('* a', 'a: b'),
// double quotes for control characters, literal blocks for multi-line text.
enum class YamlQuoting : uint8_t { Conservative, GoYamlV2 };

// One YAML document (no `---`), ending in a newline. Mapping keys keep their
// order; sequences are written at their key's indentation, as kubectl does.
// Where a scalar value was written: its byte range in the output (a literal
// block from its `|` to its last line) and the Value written there.
struct YamlScalarMark {
  std::size_t begin = 0;
  std::size_t end = 0;
  const Value* value = nullptr;
};

std::string writeYaml(const Value& document, const YamlComment& comment = {},
                      YamlQuoting quoting = YamlQuoting::Conservative, std::vector<YamlScalarMark>* marks = nullptr);

// Whether go-yaml v2 reads `text`, written plain, as something other than a
// string (a bool including y/n/on/off, null, an int including 0x/0o/0b/octal
// and `1_000`, a float, a timestamp, a base-60 number).
bool goYamlResolvesAsNonString(std::string_view text);

}  // namespace palisade
