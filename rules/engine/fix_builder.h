// Fix builder: turns a rule's `fix:` (or a C++ check's request) into byte
// edits of the located model — a value replaced where it is written (or where
// it comes from: a parameter default, a variable, a .bicepparam value), or the
// missing keys inserted into the nearest object as a person would write them,
// in the file's own format, indentation and line endings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/fix.h"
#include "core/value.h"

namespace palisade {

struct Blame;

// One `set:` entry of a rule's fix: the keys from the fix's start, and the value.
struct FixSetting {
  std::vector<std::string> keys;
  std::string path;  // as written, for messages
  Value value;
};

struct FixSpec {
  std::string title;
  bool safe = true;
  // Where the keys start: the `each` element the finding is about (else the
  // rule's start), or always the rule's start (the pod spec, the resource body).
  enum class From { Element, Start };
  From from = From::Element;
  std::vector<FixSetting> settings;
};

// Parses a rule file's `fix:`; errors are appended (located) and the result is then nullopt.
std::optional<FixSpec> parseFixSpec(const Value& node, std::vector<Diagnostic>& errors);

// The fix of one finding of an assertion rule: each setting whose keys lead to
// a blamed value (or, missing, to the blamed nearest object); with `from: start`
// every setting that differs. nullopt when no setting concerns the finding.
std::optional<Fix> buildRuleFix(const FixSpec& spec, const Value& start, const std::vector<const Blame*>& blames);

// The edits that make `keys` under `base` hold `value` (none when they already
// do); the reason when that cannot be done by editing the file.
struct SettingEdit {
  std::vector<TextEdit> edits;
  std::string refused;
};
SettingEdit editSetting(const Value& base, const std::vector<std::string>& keys, const Value& value);

// A whole fix from one setting: for C++ checks.
Fix settingFix(std::string title, bool safe, const Value& base, const std::vector<std::string>& keys, const Value& value);

}  // namespace palisade
